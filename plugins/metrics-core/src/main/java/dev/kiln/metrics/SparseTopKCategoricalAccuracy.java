package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import dev.kiln.metrics.internal.MetricMath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often the integer label is among the {@code k} highest predictions (default 5), as Keras's
 * {@code SparseTopKCategoricalAccuracy}. Labels are (batch,) or (batch, 1). With {@code fromSortedIds},
 * {@code y_pred} holds class ids sorted by score and the first {@code k} are compared with the label.
 *
 * <pre>{@code
 * Metric m = new SparseTopKCategoricalAccuracy(2);
 * m.update(Tensor.of(new int[] {2, 0}, 2), Tensor.of(new float[] {0.1f, 0.5f, 0.4f, 0.1f, 0.5f, 0.4f}, 2, 3), null);
 * double v = m.result().item();   // 0.5
 * }</pre>
 */
public final class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
    private final int k;
    private final boolean fromSortedIds;

    /** k = 5, named {@code "sparse_top_k_categorical_accuracy"}. */
    public SparseTopKCategoricalAccuracy() { this(5, null, false); }

    /** The given positive k. */
    public SparseTopKCategoricalAccuracy(int k) { this(k, null, false); }

    /** The given k and name ({@code null} for the default). */
    public SparseTopKCategoricalAccuracy(int k, String name) { this(k, name, false); }

    /** Every Keras argument. */
    public SparseTopKCategoricalAccuracy(int k, String name, boolean fromSortedIds) {
        super(name == null ? "sparse_top_k_categorical_accuracy" : name, Fns.sparseTopKCategoricalAccuracy(
                name == null ? "sparse_top_k_categorical_accuracy" : name, MetricMath.checkK("k", k), fromSortedIds));
        this.k = k;
        this.fromSortedIds = fromSortedIds;
    }

    /** From a config: {@code k}, {@code name}, {@code from_sorted_ids}. */
    public SparseTopKCategoricalAccuracy(Map<String, Object> config) {
        this(Configs.integer(config, "k", 5), Configs.string(config, "name", null), Configs.bool(config, "from_sorted_ids", false));
    }

    /** The inverse of {@link #getConfig()}. */
    public static SparseTopKCategoricalAccuracy fromConfig(Map<String, Object> config) { return new SparseTopKCategoricalAccuracy(config); }

    public int k() { return k; }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("k", k);
        c.put("from_sorted_ids", fromSortedIds);
        return c;
    }
}
