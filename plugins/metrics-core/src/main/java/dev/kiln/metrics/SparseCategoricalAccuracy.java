package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import java.util.Map;

/**
 * How often the highest prediction is the integer label, as Keras's {@code SparseCategoricalAccuracy}.
 * Labels are (batch,) or (batch, 1), integer or float; predictions (batch, classes).
 *
 * <pre>{@code
 * Metric m = Metric.get("sparse_categorical_accuracy");
 * m.update(Tensor.of(new int[] {2, 1}, 2), Tensor.of(new float[] {0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0}, 2, 3), null);
 * double v = m.result().item();   // 0.5
 * }</pre>
 */
public final class SparseCategoricalAccuracy extends MeanMetricWrapper {
    /** Named {@code "sparse_categorical_accuracy"}. */
    public SparseCategoricalAccuracy() { this((String) null); }

    /** With a name ({@code null} for {@code "sparse_categorical_accuracy"}). */
    public SparseCategoricalAccuracy(String name) { super(name == null ? "sparse_categorical_accuracy" : name, Fns.sparseCategoricalAccuracy(name == null ? "sparse_categorical_accuracy" : name)); }

    /** From a config: {@code name}. */
    public SparseCategoricalAccuracy(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static SparseCategoricalAccuracy fromConfig(Map<String, Object> config) { return new SparseCategoricalAccuracy(config); }
}
