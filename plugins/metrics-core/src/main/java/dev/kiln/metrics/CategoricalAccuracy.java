package dev.kiln.metrics;

import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * How often the arg-max of the predictions matches the arg-max of one-hot labels.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new CategoricalAccuracy()));   // or "categorical_accuracy"
 * }</pre>
 */
public final class CategoricalAccuracy extends MeanMetricWrapper {
    public CategoricalAccuracy() { this("categorical_accuracy"); }

    public CategoricalAccuracy(String name) { super(name, CategoricalAccuracy::values); }

    public CategoricalAccuracy(Map<String, Object> config) { super(config, "categorical_accuracy", CategoricalAccuracy::values); }

    private static Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor t = MetricMath.matchShape("categorical_accuracy", yTrue, yPred);
        return MetricMath.asFloat(t.argmax(-1).equal(yPred.argmax(-1)));
    }
}
