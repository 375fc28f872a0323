package dev.kiln.losses;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.losses.internal.LossMath;
import java.util.Arrays;
import java.util.Map;

/**
 * Cross-entropy between integer class labels and class probabilities (or logits with {@code fromLogits}),
 * Keras's {@code keras.losses.SparseCategoricalCrossentropy}.
 *
 * <p>Labels have shape {@code (batch,)} or {@code (batch, 1)} for predictions {@code (batch, classes)} (more
 * generally y_pred's shape without, or with 1 for, the class axis). Per sample: {@code -log p[label]} with
 * {@code p = y_pred / sum(y_pred)} clipped to {@code [1e-7, 1 - 1e-7]}, or {@code logSoftmax(y_pred)} from logits.
 * A label outside {@code [0, classes)} is an {@link InvalidArgumentException} naming it, never a NaN.
 *
 * <p>With {@code ignoreClass} set, samples with that label contribute 0, and {@code sum_over_batch_size} divides by
 * the number of the other samples, as Keras does with the mask it attaches. Registered as
 * {@code core>SparseCategoricalCrossentropy} with alias {@code "sparse_categorical_crossentropy"}.
 *
 * <pre>{@code
 * Tensor labels = Tensor.of(new int[] {1, 2}, 2);
 * Tensor yPred = Tensor.of(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
 * double l = new SparseCategoricalCrossentropy().compute(labels, yPred, null).item();   // 1.177, as in Keras's docs
 * model.compile(Compile.with("rmsprop").loss(new SparseCategoricalCrossentropy(true)));  // a model that outputs logits
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends Loss {
    private static final String DEFAULT_NAME = "sparse_categorical_crossentropy";
    private static final int SHOWN_LABELS = 20;
    private final boolean fromLogits;
    private final Integer ignoreClass;
    private final int axis;

    /** Probabilities, no ignored class: Keras's defaults. */
    public SparseCategoricalCrossentropy() { this(false); }

    public SparseCategoricalCrossentropy(boolean fromLogits) { this(fromLogits, null); }

    /** @param ignoreClass a label whose samples are left out of the loss, or null */
    public SparseCategoricalCrossentropy(boolean fromLogits, Integer ignoreClass) {
        this(fromLogits, ignoreClass, -1, Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /**
     * @param axis the class axis of y_pred; as in Keras it must be the last one
     * @param name the loss name, {@code "sparse_categorical_crossentropy"} when null
     */
    public SparseCategoricalCrossentropy(boolean fromLogits, Integer ignoreClass, int axis, Reduction reduction, String name) {
        super(LossMath.orDefault(name, DEFAULT_NAME), reduction);
        this.fromLogits = fromLogits;
        this.ignoreClass = ignoreClass;
        this.axis = axis;
    }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name, reduction, from_logits, ignore_class, axis}. */
    public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME, "from_logits", "ignore_class", "axis");
        Integer ignore = config.get("ignore_class") == null ? null : Configs.integer(config, "ignore_class", 0);
        return new SparseCategoricalCrossentropy(Configs.bool(config, "from_logits", false), ignore, Configs.integer(config, "axis", -1),
                LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    public boolean fromLogits() { return fromLogits; }

    /** The ignored label, or null. */
    public Integer ignoreClass() { return ignoreClass; }

    public int axis() { return axis; }

    @Override
    protected boolean takesIntegerLabels() { return true; }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Shape ps = yPred.shape();
        int rank = ps.rank();
        if (rank < 1) {
            throw LossMath.mismatch(name(), yTrue.shape(), ps, "predictions of shape (batch, classes)");
        }
        int a = LossMath.checkAxis(name(), axis, rank);
        if (a != -1 && a != rank - 1) {
            throw new InvalidArgumentException(KilnException.message("Loss `" + name() + "`: only the last axis can be the class axis.",
                    "axis=-1 or axis=" + (rank - 1), axis, "move the class axis last (transpose the predictions)"));
        }
        Tensor labels = squeezeLabels(yTrue, ps);
        int classes = ps.dim(-1);
        // On the host, for a clear error in place of a kernel's index error; in a compiled step, on every batch.
        KilnRuntime.get().hostCallback(labels, l -> checkLabels(l, classes, ps));

        int[] outDims = Arrays.copyOf(ps.dims(), rank - 1);
        int[] idxDims = ps.withDim(-1, 1).dims();
        Tensor idx = labels.cast(DType.INT64).reshape(idxDims);
        Tensor valid = null;
        if (ignoreClass != null) {
            valid = idx.equal(Tensor.scalar(ignoreClass, DType.INT64)).logicalNot();
            idx = Tensor.where(valid, idx, Tensor.scalar(0, DType.INT64));
        }
        Tensor logp;
        Tensor logits = fromLogits ? yPred : KilnRuntime.get().softmaxLogits(yPred, -1);
        if (logits != null) {
            // From logits also when yPred is a softmax's output, as Keras does (its `_keras_logits`).
            logp = logits.logSoftmax(-1);
        } else {
            logp = yPred.div(yPred.sum(-1, true)).clip(LossMath.EPSILON, 1.0 - LossMath.EPSILON).log();
        }
        Tensor ce = logp.gatherElements(idx, rank - 1).neg();
        if (valid != null) {
            ce = Tensor.where(valid, ce, Tensor.scalar(0, ce.dtype()));
            if (reduction() == Reduction.SUM_OVER_BATCH_SIZE) {
                // Keras's mask weighting: valid entries weigh total / (valid + epsilon), so the mean is over valid samples
                Tensor mask = valid.cast(ce.dtype());
                double total = mask.shape().size();
                ce = ce.mul(mask.sum().add(LossMath.EPSILON).reciprocal().mul(total));
            }
        }
        return ce.reshape(outDims);
    }

    /** Labels shaped like y_pred without its class axis: (batch, 1) labels lose the 1, as in Keras. */
    private Tensor squeezeLabels(Tensor yTrue, Shape ps) {
        Shape ts = yTrue.shape();
        Shape expected = Shape.of(Arrays.copyOf(ps.dims(), ps.rank() - 1));
        if (ts.rank() == ps.rank() && ts.dim(-1) == 1) {
            ts = Shape.of(Arrays.copyOf(ts.dims(), ts.rank() - 1));
            yTrue = yTrue.reshape(ts.dims());
        }
        if (!ts.equals(expected)) {
            String fix = yTrue.shape().equals(ps)
                    ? "the labels look one-hot encoded: use loss \"categorical_crossentropy\", or pass class indices (labels.argmax(-1))"
                    : "pass one integer class index per sample, shape " + expected + " or " + ps.withDim(-1, 1);
            throw new ShapeMismatchException(KilnException.message("Loss `" + name()
                    + "`: the labels do not match the predictions.", "integer labels of shape " + expected + " or "
                    + ps.withDim(-1, 1) + " for predictions of shape " + ps, "y_true " + yTrue.shape() + ", y_pred " + ps, fix));
        }
        return yTrue;
    }

    /** Every label (but the ignored class) must be a whole number in [0, classes). */
    private void checkLabels(Tensor labels, int classes, Shape ps) {
        double[] v = labels.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            double l = v[i];
            if (ignoreClass != null && l == ignoreClass) {
                continue;
            }
            boolean whole = l == Math.rint(l);
            if (whole && l >= 0 && l < classes) {
                continue;
            }
            String shown = show(v, i);
            String value = whole ? String.valueOf((long) l) : String.valueOf(l);
            String fix;
            if (!whole) {
                throw new InvalidArgumentException("Received a label value of " + value + " which is not a class index. Label values: "
                        + shown + ". Expected integer class indices in [0, " + classes + "), one per sample. To fix: pass integer "
                        + "labels (soft or one-hot targets need loss \"categorical_crossentropy\").");
            } else if (l == classes && minOf(v, ignoreClass) >= 1) {
                fix = "the labels seem to count from 1: subtract 1 from them, or give the model's last layer " + (classes + 1) + " units";
            } else if (l >= classes) {
                fix = "give the model's last layer one unit per class (at least " + ((long) maxOf(v, ignoreClass) + 1) + " units, its output is "
                        + ps + "), or fix the labels";
            } else {
                fix = "remove or fix the negative labels, or pass ignore_class=" + value + " if they mark samples to skip";
            }
            throw new InvalidArgumentException("Received a label value of " + value + " which is outside the valid range of [0, "
                    + classes + "). Label values: " + shown + ". Expected integer class indices in [0, " + classes
                    + "), one per sample, for predictions of shape " + ps + ". To fix: " + fix + ".");
        }
    }

    private static String show(double[] v, int bad) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(v.length, SHOWN_LABELS);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(v[i] == Math.rint(v[i]) ? String.valueOf((long) v[i]) : String.valueOf(v[i]));
        }
        if (v.length > n) {
            sb.append(" ... (").append(v.length).append(" labels; the first bad one at index ").append(bad).append(')');
        }
        return sb.toString();
    }

    private static double minOf(double[] v, Integer ignored) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = ignored != null && d == ignored ? m : Math.min(m, d);
        }
        return m;
    }

    private static double maxOf(double[] v, Integer ignored) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = ignored != null && d == ignored ? m : Math.max(m, d);
        }
        return m;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("ignore_class", ignoreClass);
        c.put("axis", axis);
        return c;
    }
}
