package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Reduce;
import java.util.Map;

/**
 * The (weighted) sum of the values seen, as Keras's {@code Sum}: {@link #update(Tensor, Tensor)} is Keras's
 * {@code update_state(values, sample_weight)}. The {@link Metric} form {@code update(yTrue, yPred, sampleWeight)}
 * takes the values as {@code yTrue} when {@code yPred} is {@code null}.
 *
 * <pre>{@code
 * Sum s = new Sum();
 * s.update(Tensor.of(new float[] {1, 3, 5, 7}, 4));
 * s.update(Tensor.of(new float[] {2, 4}, 2), Tensor.of(new float[] {0.5f, 0}, 2));
 * double v = s.result().item();   // 16 + 1 = 17
 * }</pre>
 */
public final class Sum extends Metric {
    private final Variable total = addState("total", Shape.scalar(), DType.FLOAT64);

    /** Named {@code "sum"}. */
    public Sum() { this((String) null); }

    /** With a name ({@code null} for {@code "sum"}). */
    public Sum(String name) { super(name == null ? "sum" : name); }

    /** From a config: {@code name}. */
    public Sum(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static Sum fromConfig(Map<String, Object> config) { return new Sum(config); }

    /** Adds {@code values}. */
    public void update(Tensor values) { update(values, (Tensor) null); }

    /** Adds {@code values} weighted by {@code sampleWeight} ({@code null} for weight 1). */
    public void update(Tensor values, Tensor sampleWeight) {
        total.assign(total.add(Reduce.samplewise(name(), values, sampleWeight, false)[0].sum()));
    }

    /** Takes the values from {@code yTrue} when {@code yPred} is null (see the class comment). */
    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) { update(Reduce.values(name(), yTrue, yPred), sampleWeight); }

    @Override
    public Tensor result() { return Tensor.scalar(total.item(), DType.FLOAT32); }
}
