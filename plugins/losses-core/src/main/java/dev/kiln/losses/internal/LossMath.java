package dev.kiln.losses.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared pieces of the loss formulas: Keras's shape rules, epsilon, label conversions and config reading. Internal
 * to this plugin (not exported).
 *
 * <pre>{@code
 * Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);          // Keras's squeeze_or_expand_to_same_rank + checks
 * return LossMath.meanPerSample(name(), tp[0].sub(tp[1]).square(), -1); // one value per sample
 * }</pre>
 */
public final class LossMath {
    /** Keras's fuzz factor, {@code keras.backend.epsilon()}. */
    public static final double EPSILON = 1e-7;

    /** Config keys every loss accepts ({@code dtype} is Keras's and ignored: the loss computes in y_pred's type). */
    private static final List<String> BASE_KEYS = List.of("name", "reduction", "dtype");

    private LossMath() {}

    // ------------------------------------------------------------------------------------------- shapes

    /**
     * Keras's {@code squeeze_or_expand_to_same_rank}: when the ranks differ by one and the longer shape ends in 1,
     * that 1 is dropped, or a rank-1 partner gets a trailing 1. Returns {@code {yTrue, yPred}}.
     */
    public static Tensor[] sameRank(Tensor yTrue, Tensor yPred) {
        int tr = yTrue.shape().rank();
        int pr = yPred.shape().rank();
        if (tr == pr + 1 && yTrue.shape().dim(-1) == 1) {
            if (pr == 1) {
                yPred = yPred.reshape(append1(yPred.shape()));
            } else {
                yTrue = yTrue.reshape(dropLast(yTrue.shape()));
            }
        } else if (pr == tr + 1 && yPred.shape().dim(-1) == 1) {
            if (tr == 1) {
                yTrue = yTrue.reshape(append1(yTrue.shape()));
            } else {
                yPred = yPred.reshape(dropLast(yPred.shape()));
            }
        }
        return new Tensor[] {yTrue, yPred};
    }

    /**
     * Targets and predictions for an element-wise loss: {@link #sameRank} and then shapes that broadcast
     * (equal ranks, each dimension equal or 1), as Keras computes them; anything else fails clearly.
     */
    public static Tensor[] broadcastable(String loss, Tensor yTrue, Tensor yPred) {
        Tensor[] tp = sameRank(yTrue, yPred);
        Shape t = tp[0].shape();
        Shape p = tp[1].shape();
        boolean ok = t.rank() == p.rank();
        for (int i = 0; ok && i < t.rank(); i++) {
            int a = t.dim(i);
            int b = p.dim(i);
            ok = a == b || a == 1 || b == 1;
        }
        if (!ok) {
            throw mismatch(loss, yTrue.shape(), yPred.shape(), "y_true of the same shape as y_pred " + yPred.shape());
        }
        return tp;
    }

    /** Targets and predictions that must have the same shape after {@link #sameRank} (cross-entropies, as Keras's backend requires). */
    public static Tensor[] sameShape(String loss, Tensor yTrue, Tensor yPred) {
        Tensor[] tp = sameRank(yTrue, yPred);
        if (!tp[0].shape().equals(tp[1].shape())) {
            throw mismatch(loss, yTrue.shape(), yPred.shape(), "y_true of the same shape as y_pred " + yPred.shape());
        }
        return tp;
    }

    /** The error for targets and predictions that do not fit, with a hint for the usual mistakes. */
    public static ShapeMismatchException mismatch(String loss, Shape yTrue, Shape yPred, String expected) {
        String fix;
        boolean onePerSample = yPred.rank() >= 2 && yPred.dim(-1) > 1 && yPred.isFullyDefined() && yTrue.isFullyDefined()
                && yTrue.size() * yPred.dim(-1) == yPred.size() && (yTrue.rank() == yPred.rank() - 1
                || (yTrue.rank() == yPred.rank() && yTrue.dim(-1) == 1));
        if (onePerSample) {
            fix = "the targets look like integer class indices (one per sample): use loss \"sparse_categorical_crossentropy\", "
                    + "or one-hot encode the targets to shape " + yPred + " (labels.oneHot(" + yPred.dim(-1) + "))";
        } else if (yTrue.rank() == yPred.rank() + 1 && yTrue.dim(-1) > 1 && yPred.rank() >= 1) {
            fix = "the targets have one more axis than the predictions: check that the model's last layer outputs "
                    + yTrue.dim(-1) + " values per sample";
        } else {
            fix = "make the model output and the targets agree: reshape the targets, or change the model's last layer";
        }
        return new ShapeMismatchException(KilnException.message("Loss `" + loss + "`: y_true and y_pred have incompatible shapes "
                + yTrue + " and " + yPred + ".", expected, "y_true " + yTrue + ", y_pred " + yPred, fix));
    }

    /** A valid {@code axis} for a tensor of {@code rank} (negative counts from the end); fails otherwise. */
    public static int checkAxis(String loss, int axis, int rank) {
        if (axis < -Math.max(rank, 1) || axis >= Math.max(rank, 1)) {
            throw new InvalidArgumentException(KilnException.message("Loss `" + loss + "`: invalid axis " + axis + ".",
                    "an axis in [" + -rank + ", " + rank + ") for predictions of rank " + rank, axis,
                    "pass axis=-1 (the last axis, the default)"));
        }
        return axis;
    }

    /**
     * The mean over {@code axis}, Keras's per-sample reduction for element-wise losses. Predictions of rank 1 are
     * one value per sample, as if shaped {@code (batch, 1)}, so the result keeps one entry per sample.
     */
    public static Tensor meanPerSample(String loss, Tensor values, int axis) {
        int rank = values.shape().rank();
        if (rank <= 1) {
            return values;
        }
        return values.mean(checkAxis(loss, axis, rank), false);
    }

    private static int[] append1(Shape s) {
        int[] d = Arrays.copyOf(s.dims(), s.rank() + 1);
        d[s.rank()] = 1;
        return d;
    }

    private static int[] dropLast(Shape s) { return Arrays.copyOf(s.dims(), s.rank() - 1); }

    // ------------------------------------------------------------------------------------------- formulas

    /** Keras's {@code normalize(x, axis)} for order 2: {@code x / max(||x||, epsilon)}, written so a zero vector has a finite gradient. */
    public static Tensor l2Normalize(Tensor x, int axis) {
        return x.div(x.square().sum(axis, true).maximum(EPSILON * EPSILON).sqrt());
    }

    /**
     * Keras's {@code convert_binary_labels_to_hinge}: when every label is 0 or 1 they become -1 or 1, otherwise
     * they are used as given. Written with tensor ops, as Keras's {@code ops.cond}.
     */
    public static Tensor hingeLabels(Tensor yTrue) {
        if (yTrue.shape().size() == 0) {
            return yTrue;
        }
        DType dt = yTrue.dtype();
        Tensor binary = yTrue.equal(Tensor.scalar(0, dt)).logicalOr(yTrue.equal(Tensor.scalar(1, dt)));
        Tensor allBinary = binary.cast(dt).min().greater(0.5);
        return Tensor.where(allBinary, yTrue.mul(2.0).sub(1.0), yTrue);
    }

    // ------------------------------------------------------------------------------------------- config

    /** The {@code name} of a config, or {@code dflt}. */
    public static String name(Map<String, Object> config, String dflt) { return Configs.string(config, "name", dflt); }

    /** The {@code reduction} of a config; Keras writes {@code None} (JSON null) for no reduction. */
    public static Reduction reduction(Map<String, Object> config) {
        if (config.containsKey("reduction") && config.get("reduction") == null) {
            return Reduction.NONE;
        }
        return Reduction.of(Configs.string(config, "reduction", Reduction.SUM_OVER_BATCH_SIZE.kerasName()));
    }

    /** Fails on a key the loss does not take, as Keras's {@code cls(**config)} does, so a misspelled option is not ignored. */
    public static void checkKeys(Map<String, Object> config, String loss, String... keys) {
        Set<String> allowed = new LinkedHashSet<>(BASE_KEYS);
        allowed.addAll(Arrays.asList(keys));
        for (String k : config.keySet()) {
            if (!allowed.contains(k)) {
                throw new InvalidArgumentException(KilnException.message("Unknown config key `" + k + "` for loss `" + loss + "`.",
                        "one of " + String.join(", ", allowed), k, "remove the key or fix its spelling"));
            }
        }
    }

    /** Keras's label smoothing range check. */
    public static double checkSmoothing(String loss, double s) {
        if (!(s >= 0 && s <= 1)) {
            throw new InvalidArgumentException(KilnException.message("Loss `" + loss + "`: invalid label_smoothing.",
                    "a number in [0, 1]", s, "pass e.g. label_smoothing=0.1, or 0 for none"));
        }
        return s;
    }

    /** The name to use: {@code name}, or the Keras default when null. */
    public static String orDefault(String name, String dflt) { return name == null ? dflt : name; }
}
