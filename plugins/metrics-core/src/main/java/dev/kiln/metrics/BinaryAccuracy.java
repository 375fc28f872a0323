package dev.kiln.metrics;

import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Fns;
import dev.kiln.metrics.internal.MetricMath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often {@code y_pred > threshold} equals the binary target, as Keras's {@code BinaryAccuracy}
 * (threshold in (0, 1), default 0.5).
 *
 * <pre>{@code
 * Metric m = new BinaryAccuracy();
 * m.update(Tensor.of(new float[] {1, 1, 0, 0}, 4, 1), Tensor.of(new float[] {0.98f, 1, 0, 0.6f}, 4, 1), null);
 * double v = m.result().item();   // 0.75
 * }</pre>
 */
public final class BinaryAccuracy extends MeanMetricWrapper {
    private final double threshold;

    /** Threshold 0.5, named {@code "binary_accuracy"}. */
    public BinaryAccuracy() { this(0.5, null); }

    /** The given threshold in (0, 1). */
    public BinaryAccuracy(double threshold) { this(threshold, null); }

    /** The given threshold and name ({@code null} for the default). */
    public BinaryAccuracy(double threshold, String name) {
        super(name == null ? "binary_accuracy" : name, Fns.binaryAccuracy(name == null ? "binary_accuracy" : name, check(threshold)));
        this.threshold = threshold;
    }

    /** From a config: {@code threshold}, {@code name}. */
    public BinaryAccuracy(Map<String, Object> config) {
        this(Configs.number(config, "threshold", 0.5), Configs.string(config, "name", null));
    }

    /** The inverse of {@link #getConfig()}. */
    public static BinaryAccuracy fromConfig(Map<String, Object> config) { return new BinaryAccuracy(config); }

    private static double check(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw MetricMath.invalid("Invalid value for argument `threshold`.", "a value in interval (0, 1)", "threshold=" + threshold,
                    "pass a threshold strictly between 0 and 1");
        }
        return threshold;
    }

    public double threshold() { return threshold; }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("threshold", threshold);
        return c;
    }
}
