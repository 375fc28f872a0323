package dev.kiln.metrics;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.MetricMath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often predictions above {@code threshold} match binary labels.
 *
 * <pre>{@code
 * Metric acc = new BinaryAccuracy(0.5);
 * }</pre>
 */
public final class BinaryAccuracy extends MeanMetricWrapper {
    private final double threshold;

    public BinaryAccuracy() { this(0.5); }

    public BinaryAccuracy(double threshold) { this("binary_accuracy", threshold); }

    public BinaryAccuracy(String name, double threshold) {
        super(name, valuesFor(check(threshold)));
        this.threshold = threshold;
    }

    public BinaryAccuracy(Map<String, Object> c) { this(Configs.string(c, "name", "binary_accuracy"), Configs.number(c, "threshold", 0.5)); }

    private static dev.kiln.api.metrics.MetricFunction valuesFor(double threshold) { return (t, p) -> values(t, p, threshold); }

    private static double check(double t) {
        if (!(t >= 0 && t <= 1)) {
            throw new InvalidArgumentException(KilnException.message("Invalid threshold for BinaryAccuracy.", "a number in [0, 1]", t, null));
        }
        return t;
    }

    private static Tensor values(Tensor yTrue, Tensor yPred, double threshold) {
        Tensor t = MetricMath.matchShape("binary_accuracy", yTrue, yPred);
        Tensor predicted = MetricMath.asFloat(yPred.greater(threshold));
        Tensor eq = MetricMath.asFloat(predicted.equal(t.cast(predicted.dtype())));
        return eq.shape().rank() > 1 ? eq.mean(-1, false) : eq;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("threshold", threshold);
        return c;
    }
}
