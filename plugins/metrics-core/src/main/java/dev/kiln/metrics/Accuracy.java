package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import java.util.Map;

/**
 * How often predictions equal the targets exactly, as Keras's {@code Accuracy}: the (weighted) mean of
 * {@code y_true == y_pred} over everything seen.
 *
 * <pre>{@code
 * Metric m = new Accuracy();
 * m.update(Tensor.of(new float[] {1, 2, 3, 4}, 4), Tensor.of(new float[] {0, 2, 3, 4}, 4), null);
 * double v = m.result().item();   // 0.75
 * }</pre>
 */
public final class Accuracy extends MeanMetricWrapper {
    /** Named {@code "accuracy"}. */
    public Accuracy() { this((String) null); }

    /** With a name ({@code null} for {@code "accuracy"}). */
    public Accuracy(String name) { super(name == null ? "accuracy" : name, Fns.accuracy(name == null ? "accuracy" : name)); }

    /** From a config: {@code name}. */
    public Accuracy(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static Accuracy fromConfig(Map<String, Object> config) { return new Accuracy(config); }
}
