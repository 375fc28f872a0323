package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import java.util.Map;

/**
 * The mean over everything seen of {@code mean(|y_true - y_pred|, axis=-1)}, as Keras's metric
 * {@code MeanAbsoluteError} (alias {@code "mae"}).
 *
 * <pre>{@code
 * Metric m = new MeanAbsoluteError();
 * m.update(Tensor.of(new float[] {0, 1, 0, 0}, 2, 2), Tensor.of(new float[] {1, 1, 1, 0}, 2, 2), null);
 * double v = m.result().item();   // 0.5
 * }</pre>
 */
public final class MeanAbsoluteError extends MeanMetricWrapper {
    /** Named {@code "mean_absolute_error"}. */
    public MeanAbsoluteError() { this((String) null); }

    /** With a name ({@code null} for {@code "mean_absolute_error"}). */
    public MeanAbsoluteError(String name) { super(name == null ? "mean_absolute_error" : name, Fns.meanAbsoluteError(name == null ? "mean_absolute_error" : name)); }

    /** From a config: {@code name}. */
    public MeanAbsoluteError(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static MeanAbsoluteError fromConfig(Map<String, Object> config) { return new MeanAbsoluteError(config); }
}
