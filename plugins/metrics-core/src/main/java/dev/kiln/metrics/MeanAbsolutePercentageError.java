package dev.kiln.metrics;

import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * Mean absolute percentage error, averaged over samples.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new MeanAbsolutePercentageError()));   // or "mean_absolute_percentage_error"
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends MeanMetricWrapper {
    public MeanAbsolutePercentageError() { this("mean_absolute_percentage_error"); }

    public MeanAbsolutePercentageError(String name) { super(name, MeanAbsolutePercentageError::values); }

    public MeanAbsolutePercentageError(Map<String, Object> config) { super(config, "mean_absolute_percentage_error", MeanAbsolutePercentageError::values); }

    private static Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor t = MetricMath.matchShape("mean_absolute_percentage_error", yTrue, yPred);
        return t.sub(yPred).div(t.abs().maximum(MetricMath.EPSILON)).abs().mean(-1, false).mul(100.0);
    }
}
