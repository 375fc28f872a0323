package dev.kiln.metrics.internal;

import dev.kiln.api.DType;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;

/** Shared pieces of metric formulas. */
public final class MetricMath {
    public static final double EPSILON = 1e-7;

    private MetricMath() {}

    /** {@code yTrue} shaped like {@code yPred} when they differ by a trailing 1, else a clear error. */
    public static Tensor matchShape(String metric, Tensor yTrue, Tensor yPred) {
        if (yTrue.shape().equals(yPred.shape())) {
            return yTrue.cast(yPred.dtype());
        }
        if (yTrue.shape().size() == yPred.shape().size()) {
            return yTrue.cast(yPred.dtype()).reshape(yPred.shape().dims());
        }
        throw new ShapeMismatchException(KilnException.message("Metric `" + metric + "`: targets and predictions have incompatible shapes.",
                "y_true shaped like y_pred " + yPred.shape(), yTrue.shape(), "reshape the targets"));
    }

    /** Integer labels as a flat int64 vector, one per sample of {@code yPred} (batch, ..., classes). */
    public static Tensor sparseLabels(String metric, Tensor yTrue, Tensor yPred) {
        long samples = yPred.shape().size() / Math.max(1, yPred.shape().dim(-1));
        if (yTrue.shape().size() != samples) {
            throw new ShapeMismatchException(KilnException.message("Metric `" + metric + "`: one integer label per sample is needed.",
                    samples + " labels", yTrue.shape(), "pass class indices, or use the categorical form with one-hot labels"));
        }
        int[] dims = yPred.shape().dims();
        return yTrue.cast(DType.INT64).reshape(java.util.Arrays.copyOf(dims, dims.length - 1));
    }

    public static Tensor asFloat(Tensor bool) { return bool.cast(DType.FLOAT32); }
}
