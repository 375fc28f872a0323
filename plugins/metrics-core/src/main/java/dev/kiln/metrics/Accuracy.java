package dev.kiln.metrics;

import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * How often predictions equal labels exactly.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new Accuracy()));   // or "accuracy"
 * }</pre>
 */
public final class Accuracy extends MeanMetricWrapper {
    public Accuracy() { this("accuracy"); }

    public Accuracy(String name) { super(name, Accuracy::values); }

    public Accuracy(Map<String, Object> config) { super(config, "accuracy", Accuracy::values); }

    private static Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor t = MetricMath.matchShape("accuracy", yTrue, yPred);
        Tensor eq = MetricMath.asFloat(t.equal(yPred));
        return eq.shape().rank() > 1 ? eq.mean(-1, false) : eq;
    }
}
