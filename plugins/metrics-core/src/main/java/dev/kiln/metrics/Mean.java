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
 * The (weighted) mean of the values seen, as Keras's {@code Mean}: {@link #update(Tensor, Tensor)} is Keras's
 * {@code update_state(values, sample_weight)}. Values of rank above 1 are first averaged per sample; weights
 * broadcast to the values (one per sample, or one per value).
 *
 * <p>The {@link Metric} form {@code update(yTrue, yPred, sampleWeight)} takes the values as {@code yTrue} when
 * {@code yPred} is {@code null} (or as {@code yPred} when {@code yTrue} is {@code null}); passing both fails.
 *
 * <pre>{@code
 * Mean m = new Mean();
 * m.update(Tensor.of(new float[] {1, 3, 5, 7}, 4));
 * m.update(Tensor.of(new float[] {2, 4}, 2), Tensor.of(new float[] {1, 0}, 2));
 * double v = m.result().item();   // (1 + 3 + 5 + 7 + 2) / 5 = 3.6
 * }</pre>
 */
public final class Mean extends Metric {
    private final Variable total = addState("total", Shape.scalar(), DType.FLOAT64);
    private final Variable count = addState("count", Shape.scalar(), DType.FLOAT64);

    /** Named {@code "mean"}. */
    public Mean() { this((String) null); }

    /** With a name ({@code null} for {@code "mean"}). */
    public Mean(String name) { super(name == null ? "mean" : name); }

    /** From a config: {@code name}. */
    public Mean(Map<String, Object> config) { this(Configs.string(config, "name", null)); }

    /** The inverse of {@link #getConfig()}. */
    public static Mean fromConfig(Map<String, Object> config) { return new Mean(config); }

    /** Adds {@code values} with equal weights. */
    public void update(Tensor values) { update(values, (Tensor) null); }

    /** Adds {@code values} weighted by {@code sampleWeight} ({@code null} for equal weights). */
    public void update(Tensor values, Tensor sampleWeight) {
        Tensor[] vw = Reduce.samplewise(name(), values, sampleWeight, true);
        total.assign(total.add(vw[0].sum()));
        double n = vw[0].shape().rank() >= 1 ? vw[0].shape().dim(0) : 1;
        count.assign(vw[1] != null ? count.add(vw[1].sum()) : count.add(n));
    }

    /** Takes the values from {@code yTrue} when {@code yPred} is null (see the class comment). */
    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) { update(Reduce.values(name(), yTrue, yPred), sampleWeight); }

    /** total / count, or 0 before any weight (divide-no-nan). */
    @Override
    public Tensor result() {
        double c = count.item();
        return Tensor.scalar(c == 0 ? 0 : total.item() / c, DType.FLOAT32);
    }
}
