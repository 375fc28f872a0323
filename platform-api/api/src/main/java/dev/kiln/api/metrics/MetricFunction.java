package dev.kiln.api.metrics;

import dev.kiln.api.Tensor;

/**
 * A function giving per-sample metric values, averaged over batches by {@link MeanMetricWrapper}.
 *
 * <pre>{@code
 * MetricFunction absErr = (yTrue, yPred) -> yPred.sub(yTrue).abs().mean(-1, false);
 * Metric mae = new MeanMetricWrapper("my_mae", absErr);
 * }</pre>
 */
@FunctionalInterface
public interface MetricFunction {
    Tensor call(Tensor yTrue, Tensor yPred);
}
