package dev.kiln.metrics;

import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * Mean log(cosh(error)), averaged over samples.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new LogCoshError()));   // or "logcosh"
 * }</pre>
 */
public final class LogCoshError extends MeanMetricWrapper {
    public LogCoshError() { this("logcosh"); }

    public LogCoshError(String name) { super(name, LogCoshError::values); }

    public LogCoshError(Map<String, Object> config) { super(config, "logcosh", LogCoshError::values); }

    private static Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor x = yPred.sub(MetricMath.matchShape("logcosh", yTrue, yPred));
        return x.add(x.mul(-2.0).softplus()).sub(Math.log(2)).mean(-1, false);
    }
}
