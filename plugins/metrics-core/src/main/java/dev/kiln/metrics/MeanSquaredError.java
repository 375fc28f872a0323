package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import java.util.Map;

/**
 * The mean over everything seen of {@code mean((y_true - y_pred)^2, axis=-1)}, as Keras's metric
 * {@code MeanSquaredError} (aliases {@code "mse"}, {@code "mean_squared_error"}).
 *
 * <pre>{@code
 * Metric m = new MeanSquaredError();
 * m.update(Tensor.of(new float[] {0, 1, 0, 0}, 2, 2), Tensor.of(new float[] {1, 1, 1, 0}, 2, 2), null);
 * double v = m.result().item();   // 0.5
 * }</pre>
 */
public final class MeanSquaredError extends MeanMetricWrapper {
    /** Named {@code "mean_squared_error"}. */
    public MeanSquaredError() { this((String) null); }

    /** With a name ({@code null} for {@code "mean_squared_error"}). */
    public MeanSquaredError(String name) { super(name == null ? "mean_squared_error" : name, Fns.meanSquaredError(name == null ? "mean_squared_error" : name)); }

    /** From a config: {@code name}. */
    public MeanSquaredError(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static MeanSquaredError fromConfig(Map<String, Object> config) { return new MeanSquaredError(config); }
}
