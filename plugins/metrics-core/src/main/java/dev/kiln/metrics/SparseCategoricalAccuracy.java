package dev.kiln.metrics;

import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * How often the arg-max of the predictions matches integer labels ((batch,) or (batch, 1)).
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new SparseCategoricalAccuracy()));   // or "sparse_categorical_accuracy"
 * }</pre>
 */
public final class SparseCategoricalAccuracy extends MeanMetricWrapper {
    public SparseCategoricalAccuracy() { this("sparse_categorical_accuracy"); }

    public SparseCategoricalAccuracy(String name) { super(name, SparseCategoricalAccuracy::values); }

    public SparseCategoricalAccuracy(Map<String, Object> config) { super(config, "sparse_categorical_accuracy", SparseCategoricalAccuracy::values); }

    private static Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor labels = MetricMath.sparseLabels("sparse_categorical_accuracy", yTrue, yPred);
        return MetricMath.asFloat(labels.equal(yPred.argmax(-1)));
    }
}
