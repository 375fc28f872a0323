package dev.kiln.metrics;

import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * Mean absolute error over the last axis, averaged over samples.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new MeanAbsoluteError()));   // or "mean_absolute_error"
 * }</pre>
 */
public final class MeanAbsoluteError extends MeanMetricWrapper {
    public MeanAbsoluteError() { this("mean_absolute_error"); }

    public MeanAbsoluteError(String name) { super(name, MeanAbsoluteError::values); }

    public MeanAbsoluteError(Map<String, Object> config) { super(config, "mean_absolute_error", MeanAbsoluteError::values); }

    private static Tensor values(Tensor yTrue, Tensor yPred) {
        return yPred.sub(MetricMath.matchShape("mean_absolute_error", yTrue, yPred)).abs().mean(-1, false);
    }
}
