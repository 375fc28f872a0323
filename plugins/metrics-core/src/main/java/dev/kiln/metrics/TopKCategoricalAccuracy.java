package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import dev.kiln.metrics.internal.MetricMath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often the one-hot target's class is among the {@code k} highest predictions (default 5), as Keras's
 * {@code TopKCategoricalAccuracy}; classes tied with the k-th score count as in, as {@code in_top_k} does.
 *
 * <pre>{@code
 * Metric m = new TopKCategoricalAccuracy(1);
 * m.update(Tensor.of(new float[] {0, 0, 1, 0, 1, 0}, 2, 3), Tensor.of(new float[] {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0}, 2, 3), null);
 * double v = m.result().item();   // 0.5
 * }</pre>
 */
public final class TopKCategoricalAccuracy extends MeanMetricWrapper {
    private final int k;

    /** k = 5, named {@code "top_k_categorical_accuracy"}. */
    public TopKCategoricalAccuracy() { this(5, null); }

    /** The given positive k. */
    public TopKCategoricalAccuracy(int k) { this(k, null); }

    /** The given k and name ({@code null} for the default). */
    public TopKCategoricalAccuracy(int k, String name) {
        super(name == null ? "top_k_categorical_accuracy" : name,
                Fns.topKCategoricalAccuracy(name == null ? "top_k_categorical_accuracy" : name, MetricMath.checkK("k", k)));
        this.k = k;
    }

    /** From a config: {@code k}, {@code name}. */
    public TopKCategoricalAccuracy(Map<String, Object> config) {
        this(Configs.integer(config, "k", 5), Configs.string(config, "name", null));
    }

    /** The inverse of {@link #getConfig()}. */
    public static TopKCategoricalAccuracy fromConfig(Map<String, Object> config) { return new TopKCategoricalAccuracy(config); }

    public int k() { return k; }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("k", k);
        return c;
    }
}
