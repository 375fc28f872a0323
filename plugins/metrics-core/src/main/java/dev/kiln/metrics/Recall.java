package dev.kiln.metrics;

import dev.kiln.api.registry.Configs;
import java.util.Map;

/**
 * Recall: the fraction of positives that are predicted positive, {@code tp / (tp + fn)}, over weighted counts, as Keras's {@code Recall}.
 * A prediction is positive when strictly above the threshold (default 0.5); a list of thresholds gives a vector
 * result ({@code recall_0}, {@code recall_1}, ... in logs). {@code topK} counts only each sample's k highest
 * predictions as positive (the default threshold is then Keras's {@code NEG_INF}); {@code classId} looks at one
 * column of (batch, classes) data.
 *
 * <pre>{@code
 * Metric m = new Recall();
 * m.update(Tensor.of(new float[] {0, 1, 1, 1}, 4), Tensor.of(new float[] {1, 0, 1, 1}, 4), null);
 * double v = m.result().item();
 * Metric top2ForClass3 = new Recall(null, 2, 3, "recall_top2_class3");
 * }</pre>
 */
public final class Recall extends RateMetric {
    /** Threshold 0.5, name {@code "recall"}. */
    public Recall() { this(null, null, null, null); }

    /** One threshold in [0, 1]. */
    public Recall(double threshold) { super(false, ConditionCount.init(threshold), null, null, null, "recall"); }

    /** Several thresholds in [0, 1]: a vector result (a scalar for a list of one). */
    public Recall(double[] thresholds) { this(thresholds, null, null, null); }

    /**
     * Every Keras argument; {@code null} takes Keras's default.
     *
     * @param thresholds thresholds in [0, 1]; default 0.5, or Keras's {@code NEG_INF} with {@code topK}
     * @param topK       positive k, or null
     * @param classId    a class index, or null for all data
     * @param name       the metric name, or null for {@code "recall"}
     */
    public Recall(double[] thresholds, Integer topK, Integer classId, String name) {
        super(false, ConditionCount.init(thresholds), topK, classId, name, "recall");
    }

    /** From a config: {@code thresholds}, {@code top_k}, {@code class_id}, {@code name}. */
    public Recall(Map<String, Object> config) {
        super(false, ConditionCount.initFromConfig(config), optionalInt(config, "top_k"), optionalInt(config, "class_id"),
                Configs.string(config, "name", null), "recall");
    }

    /** The inverse of {@link #getConfig()}. */
    public static Recall fromConfig(Map<String, Object> config) { return new Recall(config); }
}
