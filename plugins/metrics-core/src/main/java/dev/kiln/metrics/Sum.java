package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.metrics.Metric;
import java.util.Map;

/**
 * The (weighted) sum of all values seen; the first argument of {@code update} holds the values.
 *
 * <pre>{@code
 * Sum s = new Sum();
 * s.update(Tensor.of(new float[] {1, 3}, 2), null, null);   // result 4.0
 * }</pre>
 */
public final class Sum extends Metric {
    private final Variable total = addState("total", Shape.scalar(), DType.FLOAT64);

    public Sum() { super("sum"); }

    public Sum(Map<String, Object> config) { super(config, "sum"); }

    @Override
    public void update(Tensor values, Tensor ignored, Tensor sampleWeight) {
        Tensor v = values.cast(DType.FLOAT64);
        if (sampleWeight != null) {
            Tensor w = sampleWeight.cast(DType.FLOAT64);
            v = v.mul(w.shape().size() == v.shape().size() ? w.reshape(v.shape().dims()) : w);
        }
        total.assign(total.add(v.sum()));
    }

    @Override
    public Tensor result() { return total.value().cast(DType.FLOAT32); }
}
