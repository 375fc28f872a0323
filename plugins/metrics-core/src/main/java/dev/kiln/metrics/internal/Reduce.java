package dev.kiln.metrics.internal;

import dev.kiln.api.DType;
import dev.kiln.api.Tensor;

/** Keras's {@code reduce_to_samplewise_values}, as used by {@code Mean} and {@code Sum}. */
public final class Reduce {
    private Reduce() {}

    /**
     * Values reduced to one per sample (the batch axis kept), weighted when {@code sampleWeight} is given; the
     * second entry is the per-sample weights, or {@code null}.
     *
     * @param mean reduce trailing axes with the mean (Mean) rather than the sum (Sum)
     */
    public static Tensor[] samplewise(String metric, Tensor values, Tensor sampleWeight, boolean mean) {
        Tensor v = values.cast(DType.FLOAT64);
        Tensor w = null;
        if (sampleWeight != null) {
            w = sampleWeight.cast(DType.FLOAT64);
            Tensor[] vw = MetricMath.squeezeOrExpand(v, w, true);
            v = vw[0];
            w = vw[1];
            int wr = w.shape().rank();
            int vr = v.shape().rank();
            if (vr > wr) {
                v = reduce(v, MetricMath.range(wr, vr), mean);
            }
            w = MetricMath.broadcastWeights(metric, w, v.shape());
            v = v.mul(w);
            if (wr > 1) {
                w = reduce(w, MetricMath.range(1, wr), mean);
            }
        }
        int vr = v.shape().rank();
        if (vr > 1) {
            v = reduce(v, MetricMath.range(1, vr), mean);
        }
        return new Tensor[] {v, w};
    }

    private static Tensor reduce(Tensor x, int[] axes, boolean mean) { return mean ? x.mean(axes, false) : x.sum(axes, false); }

    /** The values of a Mean/Sum call: {@code yTrue} when {@code yPred} is null, {@code yPred} when {@code yTrue} is. */
    public static Tensor values(String metric, Tensor yTrue, Tensor yPred) {
        if (yPred == null && yTrue != null) {
            return yTrue;
        }
        if (yTrue == null && yPred != null) {
            return yPred;
        }
        throw MetricMath.invalid("Metric `" + metric + "` takes one tensor of values.", "update(values, sampleWeight)",
                yTrue == null ? "no values" : "both y_true and y_pred",
                "call update(values) or update(values, sampleWeight); for a function of (y_true, y_pred) use MeanMetricWrapper");
    }
}
