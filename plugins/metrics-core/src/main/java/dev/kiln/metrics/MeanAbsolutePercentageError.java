package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import java.util.Map;

/**
 * The mean over everything seen of {@code 100 * mean(|(y_true - y_pred) / max(|y_true|, 1e-7)|, axis=-1)}, as Keras's
 * metric {@code MeanAbsolutePercentageError} (alias {@code "mape"}).
 *
 * <pre>{@code
 * Metric m = new MeanAbsolutePercentageError();
 * m.update(Tensor.of(new float[] {2, 4}, 1, 2), Tensor.of(new float[] {1, 4}, 1, 2), null);
 * double v = m.result().item();   // 25.0
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends MeanMetricWrapper {
    /** Named {@code "mean_absolute_percentage_error"}. */
    public MeanAbsolutePercentageError() { this((String) null); }

    /** With a name ({@code null} for {@code "mean_absolute_percentage_error"}). */
    public MeanAbsolutePercentageError(String name) { super(name == null ? "mean_absolute_percentage_error" : name, Fns.meanAbsolutePercentageError(name == null ? "mean_absolute_percentage_error" : name)); }

    /** From a config: {@code name}. */
    public MeanAbsolutePercentageError(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static MeanAbsolutePercentageError fromConfig(Map<String, Object> config) { return new MeanAbsolutePercentageError(config); }
}
