package dev.kiln.metrics.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import java.util.Arrays;
import java.util.List;

/** Shared pieces of metric formulas: Keras's rank matching, shape checks and argument validation. */
public final class MetricMath {
    /** Keras's {@code backend.epsilon()}. */
    public static final double EPSILON = 1e-7;
    /** Keras's {@code metrics_utils.NEG_INF}: the score given to predictions outside the top k. */
    public static final double NEG_INF = -1e10;

    private MetricMath() {}

    /** Drops a trailing axis of size 1. */
    public static Tensor squeezeLast(Tensor x) {
        int[] d = x.shape().dims();
        return x.reshape(Arrays.copyOf(d, d.length - 1));
    }

    /** Adds a trailing axis of size 1. */
    public static Tensor expandLast(Tensor x) {
        int[] d = x.shape().dims();
        int[] e = Arrays.copyOf(d, d.length + 1);
        e[d.length] = 1;
        return x.reshape(e);
    }

    /** Keras's {@code squeeze_or_expand_to_same_rank}: lines up ranks that differ by a trailing axis of size 1. */
    public static Tensor[] squeezeOrExpand(Tensor x1, Tensor x2, boolean expandRank1) {
        int r1 = x1.shape().rank();
        int r2 = x2.shape().rank();
        if (r1 == r2 + 1 && x1.shape().dim(-1) == 1) {
            if (r2 == 1 && expandRank1) {
                x2 = expandLast(x2);
            } else {
                x1 = squeezeLast(x1);
            }
        } else if (r2 == r1 + 1 && x2.shape().dim(-1) == 1) {
            if (r1 == 1 && expandRank1) {
                x1 = expandLast(x1);
            } else {
                x2 = squeezeLast(x2);
            }
        }
        return new Tensor[] {x1, x2};
    }

    /** The NumPy broadcast of two shapes, or {@code null} when they do not broadcast. */
    public static Shape broadcast(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
            int db = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    /** Fails with a Keras-form message unless {@code yTrue} and {@code yPred} broadcast together. */
    public static Shape requireBroadcastable(String metric, Tensor yTrue, Tensor yPred) {
        Shape s = broadcast(yTrue.shape(), yPred.shape());
        if (s == null) {
            throw new ShapeMismatchException(KilnException.message("Metric `" + metric + "`: `y_true` and `y_pred` have incompatible shapes.",
                    "shapes that broadcast together (y_pred " + yPred.shape() + ")", "y_true " + yTrue.shape(),
                    "pass targets shaped like the predictions"));
        }
        return s;
    }

    /** Fails with a Keras-form message unless the two shapes are equal. */
    public static void requireSameShape(String metric, Tensor yTrue, Tensor yPred, String fix) {
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new ShapeMismatchException(KilnException.message("Metric `" + metric + "`: `y_true` and `y_pred` have different shapes.",
                    "y_true shaped like y_pred " + yPred.shape(), "y_true " + yTrue.shape(), fix));
        }
    }

    /** {@code weights} broadcast to {@code shape}, or a Keras-form error. */
    public static Tensor broadcastWeights(String metric, Tensor weights, Shape shape) {
        Shape s = broadcast(weights.shape(), shape);
        if (s == null || !s.equals(shape)) {
            throw new ShapeMismatchException(KilnException.message("Metric `" + metric + "`: `sample_weight` does not broadcast to the values.",
                    "a sample_weight broadcastable to " + shape, weights.shape(), "pass one weight per sample"));
        }
        return weights.shape().equals(shape) ? weights : weights.broadcastTo(shape);
    }

    /** Floating predictions (ints are cast to float32) and targets in the same type: Keras's {@code convert_to_tensor}. */
    public static Tensor[] floats(Tensor yTrue, Tensor yPred) {
        Tensor p = yPred.dtype().isFloating() ? yPred : yPred.cast(DType.FLOAT32);
        return new Tensor[] {yTrue.cast(p.dtype()), p};
    }

    /** The axes {@code [from, to)}. */
    public static int[] range(int from, int to) {
        int[] a = new int[Math.max(0, to - from)];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }

    /** Keras's {@code assert_thresholds_range}. */
    public static void checkThresholds(double[] thresholds) {
        StringBuilder bad = new StringBuilder();
        for (double t : thresholds) {
            if (!(t >= 0 && t <= 1)) {
                bad.append(bad.length() == 0 ? "" : ", ").append(t);
            }
        }
        if (bad.length() > 0) {
            throw new InvalidArgumentException(KilnException.message("Threshold values must be in [0, 1].", "thresholds in [0, 1]",
                    "[" + bad + "]", "pass thresholds between 0 and 1"));
        }
    }

    /** A positive {@code k} for the top-k metrics (Keras fails later, with a less clear message). */
    public static int checkK(String what, int k) {
        if (k <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid value for argument `" + what + "`.", "a positive integer",
                    what + "=" + k, "pass " + what + " >= 1"));
        }
        return k;
    }

    /** Keras's {@code is_evenly_distributed_thresholds}: at least 3, close to {@code i / (n - 1)}. */
    public static boolean evenlyDistributed(double[] thresholds) {
        int n = thresholds.length;
        if (n < 3) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            double even = (float) ((float) i / (n - 1));
            if (Math.abs(thresholds[i] - even) > 1e-7 + 1e-5 * Math.abs(even)) {
                return false;
            }
        }
        return true;
    }

    /** Thresholds from a config value: {@code null}, a number or a list of numbers. */
    public static double[] thresholdsFromConfig(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (value instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw badThresholds(value);
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        if (value instanceof double[] a) {
            return a.clone();
        }
        throw badThresholds(value);
    }

    private static InvalidArgumentException badThresholds(Object v) {
        return new InvalidArgumentException(KilnException.message("Invalid value for config key `thresholds`.",
                "a number or a list of numbers", v, "fix the value in the config"));
    }

    /** Keras's {@code _filter_top_k}: entries outside each row's top {@code k} become {@link #NEG_INF}. */
    public static Tensor filterTopK(Tensor x, int k) {
        int classes = x.shape().dim(-1);
        int kk = Math.min(k, classes);
        Tensor idx = x.topK(kk, -1)[1];
        Tensor mask = idx.oneHot(classes).sum(-2, false).cast(x.dtype());
        return x.mul(mask).add(mask.rsub(1).mul(NEG_INF));
    }

    /**
     * Keras's {@code ops.in_top_k}: whether each target's score is among the {@code k} largest of its row (ties at
     * the boundary count as in); targets outside {@code [0, classes)} never match. {@code targets} (n,), {@code preds}
     * (n, classes); returns float32 (n,).
     */
    public static Tensor inTopK(Tensor targets, Tensor preds, int k) {
        int classes = preds.shape().dim(-1);
        int n = preds.shape().dim(0);
        int kk = Math.min(k, classes);
        Tensor p = preds.dtype().isFloating() ? preds : preds.cast(DType.FLOAT32);
        Tensor kth = p.topK(kk, -1)[0].slice(1, kk - 1, kk);
        Tensor t = targets.cast(DType.INT64).reshape(n, 1);
        Tensor valid = t.greaterEqual(Tensor.scalar(0, DType.INT64)).logicalAnd(t.less(Tensor.scalar(classes, DType.INT64)));
        Tensor safe = t.clip(0, classes - 1);
        Tensor hit = p.gatherElements(safe, 1).greaterEqual(kth).logicalAnd(valid);
        return hit.cast(DType.FLOAT32).reshape(n);
    }

    /** A Keras-form error for a bad argument. */
    public static InvalidArgumentException invalid(String what, Object expected, Object received, String fix) {
        return new InvalidArgumentException(KilnException.message(what, expected, received, fix));
    }
}
