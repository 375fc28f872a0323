package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Tensor;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * The square root of the (weighted) mean squared error over all values seen.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new RootMeanSquaredError()));
 * }</pre>
 */
public final class RootMeanSquaredError extends Mean {
    public RootMeanSquaredError() { super("root_mean_squared_error"); }

    public RootMeanSquaredError(Map<String, Object> config) { super(dev.kiln.api.registry.Configs.string(config, "name", "root_mean_squared_error")); }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor t = MetricMath.matchShape(name(), yTrue, yPred);
        super.update(yPred.sub(t).square(), null, sampleWeight);
    }

    @Override
    public Tensor result() { return Tensor.scalar(Math.sqrt(super.result().item()), DType.FLOAT32); }
}
