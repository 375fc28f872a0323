package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import java.util.Map;

/**
 * How often the highest prediction is the one-hot target's class, as Keras's {@code CategoricalAccuracy}.
 * Targets must be shaped like the predictions (use {@link SparseCategoricalAccuracy} for integer labels).
 *
 * <pre>{@code
 * Metric m = new CategoricalAccuracy();
 * m.update(Tensor.of(new float[] {0, 0, 1, 0, 1, 0}, 2, 3), Tensor.of(new float[] {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0}, 2, 3), null);
 * double v = m.result().item();   // 0.5
 * }</pre>
 */
public final class CategoricalAccuracy extends MeanMetricWrapper {
    /** Named {@code "categorical_accuracy"}. */
    public CategoricalAccuracy() { this((String) null); }

    /** With a name ({@code null} for {@code "categorical_accuracy"}). */
    public CategoricalAccuracy(String name) { super(name == null ? "categorical_accuracy" : name, Fns.categoricalAccuracy(name == null ? "categorical_accuracy" : name)); }

    /** From a config: {@code name}. */
    public CategoricalAccuracy(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static CategoricalAccuracy fromConfig(Map<String, Object> config) { return new CategoricalAccuracy(config); }
}
