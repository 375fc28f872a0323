package dev.kiln.metrics;

import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * Mean squared error over the last axis, averaged over samples.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new MeanSquaredError()));   // or "mean_squared_error"
 * }</pre>
 */
public final class MeanSquaredError extends MeanMetricWrapper {
    public MeanSquaredError() { this("mean_squared_error"); }

    public MeanSquaredError(String name) { super(name, MeanSquaredError::values); }

    public MeanSquaredError(Map<String, Object> config) { super(config, "mean_squared_error", MeanSquaredError::values); }

    private static Tensor values(Tensor yTrue, Tensor yPred) {
        return yPred.sub(MetricMath.matchShape("mean_squared_error", yTrue, yPred)).square().mean(-1, false);
    }
}
