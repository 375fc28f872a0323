package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mean over everything seen of the cosine similarity of targets and predictions along {@code axis}
 * (default -1), as Keras's metric {@code CosineSimilarity}: {@code sum(l2_normalize(y_true) * l2_normalize(y_pred))}.
 *
 * <pre>{@code
 * Metric m = new CosineSimilarity();
 * m.update(Tensor.of(new float[] {0, 1, 1, 1}, 2, 2), Tensor.of(new float[] {1, 0, 1, 1}, 2, 2), null);
 * double v = m.result().item();   // (0 + 1) / 2 = 0.5
 * }</pre>
 */
public final class CosineSimilarity extends MeanMetricWrapper {
    private final int axis;

    /** Axis -1, named {@code "cosine_similarity"}. */
    public CosineSimilarity() { this(null, -1); }

    /** With a name ({@code null} for the default) and an axis. */
    public CosineSimilarity(String name, int axis) {
        super(name == null ? "cosine_similarity" : name, Fns.cosineSimilarity(name == null ? "cosine_similarity" : name, axis));
        this.axis = axis;
    }

    /** From a config: {@code name}, {@code axis}. */
    public CosineSimilarity(Map<String, Object> config) {
        this(Configs.string(config, "name", null), Configs.integer(config, "axis", -1));
    }

    /** The inverse of {@link #getConfig()}. */
    public static CosineSimilarity fromConfig(Map<String, Object> config) { return new CosineSimilarity(config); }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("axis", axis);
        return c;
    }
}
