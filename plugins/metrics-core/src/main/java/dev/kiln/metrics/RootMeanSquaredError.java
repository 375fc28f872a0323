package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.MetricMath;
import dev.kiln.metrics.internal.Reduce;
import java.util.Map;

/**
 * {@code sqrt(mean((y_pred - y_true)^2))} over everything seen, as Keras's {@code RootMeanSquaredError}: the
 * squared errors are averaged per sample, weighted, and the square root is taken of the overall mean.
 *
 * <pre>{@code
 * Metric rmse = new RootMeanSquaredError();
 * rmse.update(Tensor.of(new float[] {0, 1, 1, 0}, 2, 2), Tensor.of(new float[] {1, 1, 0, 0}, 2, 2), null);
 * double v = rmse.result().item();   // sqrt(0.5)
 * }</pre>
 */
public final class RootMeanSquaredError extends Metric {
    private final Variable total = addState("total", Shape.scalar(), DType.FLOAT64);
    private final Variable count = addState("count", Shape.scalar(), DType.FLOAT64);

    /** Named {@code "root_mean_squared_error"}. */
    public RootMeanSquaredError() { this((String) null); }

    /** With a name ({@code null} for the default). */
    public RootMeanSquaredError(String name) { super(name == null ? "root_mean_squared_error" : name); }

    /** From a config: {@code name}. */
    public RootMeanSquaredError(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static RootMeanSquaredError fromConfig(Map<String, Object> config) { return new RootMeanSquaredError(config); }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor[] tp = MetricMath.floats(yTrue, yPred);
        tp = MetricMath.squeezeOrExpand(tp[0], tp[1], true);
        MetricMath.requireBroadcastable(name(), tp[0], tp[1]);
        Tensor[] vw = Reduce.samplewise(name(), tp[1].sub(tp[0]).square(), sampleWeight, true);
        total.assign(total.add(vw[0].sum()));
        double n = vw[0].shape().rank() >= 1 ? vw[0].shape().dim(0) : 1;
        count.assign(vw[1] != null ? count.add(vw[1].sum()) : count.add(n));
    }

    @Override
    public Tensor result() {
        double c = count.item();
        return Tensor.scalar(Math.sqrt(c == 0 ? 0 : total.item() / c), DType.FLOAT32);
    }
}
