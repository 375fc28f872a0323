package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import java.util.Map;

/**
 * The mean over everything seen of {@code mean((log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1))^2, axis=-1)},
 * as Keras's metric {@code MeanSquaredLogarithmicError} (alias {@code "msle"}).
 *
 * <pre>{@code
 * Metric m = new MeanSquaredLogarithmicError();
 * m.update(Tensor.of(new float[] {0, 1}, 1, 2), Tensor.of(new float[] {1, 1}, 1, 2), null);
 * double v = m.result().item();   // log(2)^2 / 2
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends MeanMetricWrapper {
    /** Named {@code "mean_squared_logarithmic_error"}. */
    public MeanSquaredLogarithmicError() { this((String) null); }

    /** With a name ({@code null} for {@code "mean_squared_logarithmic_error"}). */
    public MeanSquaredLogarithmicError(String name) { super(name == null ? "mean_squared_logarithmic_error" : name, Fns.meanSquaredLogarithmicError(name == null ? "mean_squared_logarithmic_error" : name)); }

    /** From a config: {@code name}. */
    public MeanSquaredLogarithmicError(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static MeanSquaredLogarithmicError fromConfig(Map<String, Object> config) { return new MeanSquaredLogarithmicError(config); }
}
