package dev.kiln.metrics;

import java.util.Map;

/**
 * The weighted number of true positives, as Keras's {@code TruePositives}: a prediction counts as positive when it is strictly
 * above a threshold, a label when it is non-zero. With one threshold (default 0.5) the result is a scalar; with a
 * list of thresholds it is a vector, logged as {@code true_positives_0}, {@code true_positives_1}, ...
 *
 * <pre>{@code
 * Metric m = new TruePositives();
 * m.update(Tensor.of(new float[] {0, 1, 1, 1}, 4), Tensor.of(new float[] {1, 0, 1, 1}, 4), null);
 * double n = m.result().item();
 * Metric perThreshold = new TruePositives(new double[] {0.3, 0.7});   // result shape (2,)
 * }</pre>
 */
public final class TruePositives extends ConditionCount {
    /** Threshold 0.5, name {@code "true_positives"}. */
    public TruePositives() { super(Cell.TP, null, null, "true_positives"); }

    /** One threshold in [0, 1]. */
    public TruePositives(double threshold) { super(Cell.TP, init(threshold), null, "true_positives"); }

    /** Several thresholds in [0, 1]: a vector result (a scalar for a list of one). */
    public TruePositives(double[] thresholds) { this(thresholds, null); }

    /** Several thresholds and a name ({@code null} for the default). */
    public TruePositives(double[] thresholds, String name) { super(Cell.TP, init(thresholds), name, "true_positives"); }

    /** From a config: {@code thresholds} (a number, a list or null) and {@code name}. */
    public TruePositives(Map<String, Object> config) {
        super(Cell.TP, initFromConfig(config), dev.kiln.api.registry.Configs.string(config, "name", null), "true_positives");
    }

    /** The inverse of {@link #getConfig()}. */
    public static TruePositives fromConfig(Map<String, Object> config) { return new TruePositives(config); }
}
