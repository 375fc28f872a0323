package dev.kiln.metrics;

import java.util.Map;

/**
 * The weighted number of false negatives, as Keras's {@code FalseNegatives}: a prediction counts as positive when it is strictly
 * above a threshold, a label when it is non-zero. With one threshold (default 0.5) the result is a scalar; with a
 * list of thresholds it is a vector, logged as {@code false_negatives_0}, {@code false_negatives_1}, ...
 *
 * <pre>{@code
 * Metric m = new FalseNegatives();
 * m.update(Tensor.of(new float[] {0, 1, 1, 1}, 4), Tensor.of(new float[] {1, 0, 1, 1}, 4), null);
 * double n = m.result().item();
 * Metric perThreshold = new FalseNegatives(new double[] {0.3, 0.7});   // result shape (2,)
 * }</pre>
 */
public final class FalseNegatives extends ConditionCount {
    /** Threshold 0.5, name {@code "false_negatives"}. */
    public FalseNegatives() { super(Cell.FN, null, null, "false_negatives"); }

    /** One threshold in [0, 1]. */
    public FalseNegatives(double threshold) { super(Cell.FN, init(threshold), null, "false_negatives"); }

    /** Several thresholds in [0, 1]: a vector result (a scalar for a list of one). */
    public FalseNegatives(double[] thresholds) { this(thresholds, null); }

    /** Several thresholds and a name ({@code null} for the default). */
    public FalseNegatives(double[] thresholds, String name) { super(Cell.FN, init(thresholds), name, "false_negatives"); }

    /** From a config: {@code thresholds} (a number, a list or null) and {@code name}. */
    public FalseNegatives(Map<String, Object> config) {
        super(Cell.FN, initFromConfig(config), dev.kiln.api.registry.Configs.string(config, "name", null), "false_negatives");
    }

    /** The inverse of {@link #getConfig()}. */
    public static FalseNegatives fromConfig(Map<String, Object> config) { return new FalseNegatives(config); }
}
