package dev.kiln.metrics;

import java.util.Map;

/**
 * The weighted number of false positives, as Keras's {@code FalsePositives}: a prediction counts as positive when it is strictly
 * above a threshold, a label when it is non-zero. With one threshold (default 0.5) the result is a scalar; with a
 * list of thresholds it is a vector, logged as {@code false_positives_0}, {@code false_positives_1}, ...
 *
 * <pre>{@code
 * Metric m = new FalsePositives();
 * m.update(Tensor.of(new float[] {0, 1, 1, 1}, 4), Tensor.of(new float[] {1, 0, 1, 1}, 4), null);
 * double n = m.result().item();
 * Metric perThreshold = new FalsePositives(new double[] {0.3, 0.7});   // result shape (2,)
 * }</pre>
 */
public final class FalsePositives extends ConditionCount {
    /** Threshold 0.5, name {@code "false_positives"}. */
    public FalsePositives() { super(Cell.FP, null, null, "false_positives"); }

    /** One threshold in [0, 1]. */
    public FalsePositives(double threshold) { super(Cell.FP, init(threshold), null, "false_positives"); }

    /** Several thresholds in [0, 1]: a vector result (a scalar for a list of one). */
    public FalsePositives(double[] thresholds) { this(thresholds, null); }

    /** Several thresholds and a name ({@code null} for the default). */
    public FalsePositives(double[] thresholds, String name) { super(Cell.FP, init(thresholds), name, "false_positives"); }

    /** From a config: {@code thresholds} (a number, a list or null) and {@code name}. */
    public FalsePositives(Map<String, Object> config) {
        super(Cell.FP, initFromConfig(config), dev.kiln.api.registry.Configs.string(config, "name", null), "false_positives");
    }

    /** The inverse of {@link #getConfig()}. */
    public static FalsePositives fromConfig(Map<String, Object> config) { return new FalsePositives(config); }
}
