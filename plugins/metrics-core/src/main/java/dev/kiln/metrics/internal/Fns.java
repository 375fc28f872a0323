package dev.kiln.metrics.internal;

import dev.kiln.api.DType;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MetricFunction;
import java.util.Arrays;

/** Keras's per-sample metric functions ({@code accuracy_metrics.py}, {@code regression_metrics.py}). */
public final class Fns {
    private Fns() {}

    private static final String ONE_HOT_FIX = "pass one-hot targets shaped like the predictions, or use the sparse_ form for integer labels";

    public static MetricFunction accuracy(String metric) {
        return (yTrue, yPred) -> {
            Tensor[] tp = MetricMath.squeezeOrExpand(yTrue.cast(yPred.dtype()), yPred, true);
            MetricMath.requireBroadcastable(metric, tp[0], tp[1]);
            return tp[0].equal(tp[1]).cast(DType.FLOAT32);
        };
    }

    public static MetricFunction binaryAccuracy(String metric, double threshold) {
        return (yTrue, yPred) -> {
            Tensor[] tp = MetricMath.squeezeOrExpand(yTrue.cast(yPred.dtype()), yPred, true);
            MetricMath.requireBroadcastable(metric, tp[0], tp[1]);
            Tensor predBin = tp[1].greater(threshold).cast(tp[0].dtype());
            return tp[0].equal(predBin).cast(DType.FLOAT32);
        };
    }

    public static MetricFunction categoricalAccuracy(String metric) {
        return (yTrue, yPred) -> {
            MetricMath.requireSameShape(metric, yTrue, yPred, ONE_HOT_FIX);
            return yTrue.argmax(-1).equal(yPred.argmax(-1)).cast(DType.FLOAT32);
        };
    }

    /** Labels (batch,) or (batch, 1), integer or float. */
    public static MetricFunction sparseCategoricalAccuracy(String metric) {
        return (yTrue, yPred) -> {
            Tensor t = sparseLabels(metric, yTrue, yPred);
            return t.equal(yPred.argmax(-1).cast(t.dtype())).cast(DType.FLOAT32);
        };
    }

    public static MetricFunction topKCategoricalAccuracy(String metric, int k) {
        return (yTrue, yPred) -> {
            MetricMath.requireSameShape(metric, yTrue, yPred, ONE_HOT_FIX);
            Tensor targets = yTrue.argmax(-1);
            int classes = yPred.shape().dim(-1);
            Tensor m = MetricMath.inTopK(targets.reshape(-1), yPred.reshape(-1, classes), k);
            return m.reshape(targets.shape().dims());
        };
    }

    public static MetricFunction sparseTopKCategoricalAccuracy(String metric, int k, boolean fromSortedIds) {
        return (yTrue, yPred) -> {
            Tensor t = sparseLabels(metric, yTrue, yPred);
            int last = yPred.shape().dim(-1);
            Tensor p = yPred.reshape(-1, last);
            Tensor flat = t.reshape(-1);
            Tensor m;
            if (fromSortedIds) {
                int n = p.shape().dim(0);
                int kk = Math.min(k, last);
                Tensor ids = p.slice(1, 0, kk);
                m = flat.cast(ids.dtype()).reshape(n, 1).equal(ids).cast(DType.FLOAT32).max(1, false);
            } else {
                m = MetricMath.inTopK(flat, p, k);
            }
            return m.reshape(t.shape().dims());
        };
    }

    /** Sparse labels squeezed to yPred's shape without its last axis, or a Keras-form error. */
    private static Tensor sparseLabels(String metric, Tensor yTrue, Tensor yPred) {
        if (yPred.shape().rank() == 0) {
            throw new ShapeMismatchException(KilnException.message("Metric `" + metric + "`: `y_pred` needs a class axis.",
                    "y_pred of shape (batch, num_classes)", "y_pred of shape " + yPred.shape(), "pass one score per class"));
        }
        Tensor t = yTrue;
        if (t.shape().rank() == yPred.shape().rank() && t.shape().rank() > 0 && t.shape().dim(-1) == 1) {
            t = MetricMath.squeezeLast(t);
        }
        int[] pd = yPred.shape().dims();
        if (!Arrays.equals(t.shape().dims(), Arrays.copyOf(pd, pd.length - 1))) {
            throw new ShapeMismatchException(KilnException.message("Metric `" + metric + "`: one integer label per sample is needed.",
                    "y_true of shape " + dev.kiln.api.Shape.of(Arrays.copyOf(pd, pd.length - 1)) + " or with a trailing 1 (y_pred "
                            + yPred.shape() + ")", "y_true of shape " + yTrue.shape(),
                    "pass class indices; for one-hot targets use the categorical form"));
        }
        return t;
    }

    // -------------------------------------------------------------------------------------------------------
    // Regression

    private static Tensor[] prep(String metric, Tensor yTrue, Tensor yPred) {
        Tensor[] tp = MetricMath.floats(yTrue, yPred);
        tp = MetricMath.squeezeOrExpand(tp[0], tp[1], true);
        MetricMath.requireBroadcastable(metric, tp[0], tp[1]);
        return tp;
    }

    public static MetricFunction meanSquaredError(String metric) {
        return (yTrue, yPred) -> {
            Tensor[] tp = prep(metric, yTrue, yPred);
            return tp[1].sub(tp[0]).square().mean(-1, false);
        };
    }

    public static MetricFunction meanAbsoluteError(String metric) {
        return (yTrue, yPred) -> {
            Tensor[] tp = prep(metric, yTrue, yPred);
            return tp[1].sub(tp[0]).abs().mean(-1, false);
        };
    }

    public static MetricFunction meanAbsolutePercentageError(String metric) {
        return (yTrue, yPred) -> {
            Tensor[] tp = prep(metric, yTrue, yPred);
            Tensor diff = tp[0].sub(tp[1]).div(tp[0].abs().maximum(MetricMath.EPSILON)).abs();
            return diff.mean(-1, false).mul(100.0);
        };
    }

    public static MetricFunction meanSquaredLogarithmicError(String metric) {
        return (yTrue, yPred) -> {
            Tensor[] tp = prep(metric, yTrue, yPred);
            Tensor a = tp[1].maximum(MetricMath.EPSILON).add(1.0).log();
            Tensor b = tp[0].maximum(MetricMath.EPSILON).add(1.0).log();
            return a.sub(b).square().mean(-1, false);
        };
    }

    public static MetricFunction logCosh(String metric) {
        return (yTrue, yPred) -> {
            Tensor[] tp = prep(metric, yTrue, yPred);
            Tensor x = tp[1].sub(tp[0]);
            return x.add(x.mul(-2.0).softplus()).sub(Math.log(2.0)).mean(-1, false);
        };
    }

    public static MetricFunction cosineSimilarity(String metric, int axis) {
        return (yTrue, yPred) -> {
            Tensor[] tp = prep(metric, yTrue, yPred);
            return l2Normalize(tp[0], axis).mul(l2Normalize(tp[1], axis)).sum(axis, false);
        };
    }

    /** Keras's {@code ops.normalize(x, axis, order=2)}: {@code x / max(||x||, epsilon)}. */
    private static Tensor l2Normalize(Tensor x, int axis) {
        return x.div(x.square().sum(axis, true).sqrt().maximum(MetricMath.EPSILON));
    }
}
