package dev.kiln.metrics;

import dev.kiln.api.registry.Configs;
import java.util.Map;

/**
 * Precision: the fraction of predicted positives that are positive, {@code tp / (tp + fp)}, over weighted counts, as Keras's {@code Precision}.
 * A prediction is positive when strictly above the threshold (default 0.5); a list of thresholds gives a vector
 * result ({@code precision_0}, {@code precision_1}, ... in logs). {@code topK} counts only each sample's k highest
 * predictions as positive (the default threshold is then Keras's {@code NEG_INF}); {@code classId} looks at one
 * column of (batch, classes) data.
 *
 * <pre>{@code
 * Metric m = new Precision();
 * m.update(Tensor.of(new float[] {0, 1, 1, 1}, 4), Tensor.of(new float[] {1, 0, 1, 1}, 4), null);
 * double v = m.result().item();
 * Metric top2ForClass3 = new Precision(null, 2, 3, "precision_top2_class3");
 * }</pre>
 */
public final class Precision extends RateMetric {
    /** Threshold 0.5, name {@code "precision"}. */
    public Precision() { this(null, null, null, null); }

    /** One threshold in [0, 1]. */
    public Precision(double threshold) { super(true, ConditionCount.init(threshold), null, null, null, "precision"); }

    /** Several thresholds in [0, 1]: a vector result (a scalar for a list of one). */
    public Precision(double[] thresholds) { this(thresholds, null, null, null); }

    /**
     * Every Keras argument; {@code null} takes Keras's default.
     *
     * @param thresholds thresholds in [0, 1]; default 0.5, or Keras's {@code NEG_INF} with {@code topK}
     * @param topK       positive k, or null
     * @param classId    a class index, or null for all data
     * @param name       the metric name, or null for {@code "precision"}
     */
    public Precision(double[] thresholds, Integer topK, Integer classId, String name) {
        super(true, ConditionCount.init(thresholds), topK, classId, name, "precision");
    }

    /** From a config: {@code thresholds}, {@code top_k}, {@code class_id}, {@code name}. */
    public Precision(Map<String, Object> config) {
        super(true, ConditionCount.initFromConfig(config), optionalInt(config, "top_k"), optionalInt(config, "class_id"),
                Configs.string(config, "name", null), "precision");
    }

    /** The inverse of {@link #getConfig()}. */
    public static Precision fromConfig(Map<String, Object> config) { return new Precision(config); }
}
