package dev.kiln.metrics;

import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * Mean squared logarithmic error, averaged over samples.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new MeanSquaredLogarithmicError()));   // or "mean_squared_logarithmic_error"
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends MeanMetricWrapper {
    public MeanSquaredLogarithmicError() { this("mean_squared_logarithmic_error"); }

    public MeanSquaredLogarithmicError(String name) { super(name, MeanSquaredLogarithmicError::values); }

    public MeanSquaredLogarithmicError(Map<String, Object> config) { super(config, "mean_squared_logarithmic_error", MeanSquaredLogarithmicError::values); }

    private static Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor t = MetricMath.matchShape("mean_squared_logarithmic_error", yTrue, yPred);
        return yPred.maximum(MetricMath.EPSILON).add(1.0).log().sub(t.maximum(MetricMath.EPSILON).add(1.0).log()).square().mean(-1, false);
    }
}
