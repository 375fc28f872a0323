package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import java.util.Map;

/**
 * The mean over everything seen of {@code mean(log(cosh(y_pred - y_true)), axis=-1)}, as Keras's
 * {@code LogCoshError} (default name {@code "logcosh"}).
 *
 * <pre>{@code
 * Metric m = new LogCoshError();
 * m.update(Tensor.of(new float[] {0, 0}, 1, 2), Tensor.of(new float[] {1, -1}, 1, 2), null);
 * double v = m.result().item();   // log(cosh(1))
 * }</pre>
 */
public final class LogCoshError extends MeanMetricWrapper {
    /** Named {@code "logcosh"}. */
    public LogCoshError() { this((String) null); }

    /** With a name ({@code null} for {@code "logcosh"}). */
    public LogCoshError(String name) { super(name == null ? "logcosh" : name, Fns.logCosh(name == null ? "logcosh" : name)); }

    /** From a config: {@code name}. */
    public LogCoshError(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static LogCoshError fromConfig(Map<String, Object> config) { return new LogCoshError(config); }
}
