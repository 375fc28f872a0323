package dev.kiln.metrics;

import java.util.Map;

/**
 * The weighted number of true negatives, as Keras's {@code TrueNegatives}: a prediction counts as positive when it is strictly
 * above a threshold, a label when it is non-zero. With one threshold (default 0.5) the result is a scalar; with a
 * list of thresholds it is a vector, logged as {@code true_negatives_0}, {@code true_negatives_1}, ...
 *
 * <pre>{@code
 * Metric m = new TrueNegatives();
 * m.update(Tensor.of(new float[] {0, 1, 1, 1}, 4), Tensor.of(new float[] {1, 0, 1, 1}, 4), null);
 * double n = m.result().item();
 * Metric perThreshold = new TrueNegatives(new double[] {0.3, 0.7});   // result shape (2,)
 * }</pre>
 */
public final class TrueNegatives extends ConditionCount {
    /** Threshold 0.5, name {@code "true_negatives"}. */
    public TrueNegatives() { super(Cell.TN, null, null, "true_negatives"); }

    /** One threshold in [0, 1]. */
    public TrueNegatives(double threshold) { super(Cell.TN, init(threshold), null, "true_negatives"); }

    /** Several thresholds in [0, 1]: a vector result (a scalar for a list of one). */
    public TrueNegatives(double[] thresholds) { this(thresholds, null); }

    /** Several thresholds and a name ({@code null} for the default). */
    public TrueNegatives(double[] thresholds, String name) { super(Cell.TN, init(thresholds), name, "true_negatives"); }

    /** From a config: {@code thresholds} (a number, a list or null) and {@code name}. */
    public TrueNegatives(Map<String, Object> config) {
        super(Cell.TN, initFromConfig(config), dev.kiln.api.registry.Configs.string(config, "name", null), "true_negatives");
    }

    /** The inverse of {@link #getConfig()}. */
    public static TrueNegatives fromConfig(Map<String, Object> config) { return new TrueNegatives(config); }
}
