package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.metrics.Metric;
import java.util.Map;

/**
 * The weighted mean of all values seen. {@link #update(Tensor, Tensor, Tensor)} takes the values as its first
 * argument (Keras's {@code update_state(values, sample_weight)}); the second is ignored.
 *
 * <pre>{@code
 * Mean m = new Mean("avg");
 * m.update(Tensor.of(new float[] {1, 3}, 2));
 * double v = m.result().item();   // 2.0
 * }</pre>
 */
public class Mean extends Metric {
    private final Variable total = addState("total", Shape.scalar(), DType.FLOAT64);
    private final Variable count = addState("count", Shape.scalar(), DType.FLOAT64);

    public Mean() { this("mean"); }

    public Mean(String name) { super(name); }

    public Mean(Map<String, Object> config) { super(config, "mean"); }

    /** Adds {@code values} with equal weights. */
    public final void update(Tensor values) { update(values, null, null); }

    /** Adds {@code values} weighted by {@code sampleWeight} (or equally when {@code null}). */
    public final void update(Tensor values, Tensor sampleWeight) { update(values, null, sampleWeight); }

    @Override
    public void update(Tensor values, Tensor ignored, Tensor sampleWeight) {
        Tensor v = values.cast(DType.FLOAT64);
        if (sampleWeight == null) {
            total.assign(total.add(v.sum()));
            count.assign(count.add((double) v.shape().size()));
        } else {
            Tensor w = sampleWeight.cast(DType.FLOAT64);
            if (w.shape().size() != v.shape().size()) {
                w = w.reshape(w.shape().size() == 0 ? new int[] {0} : broadcastable(w, v)).broadcastTo(v.shape());
            } else {
                w = w.reshape(v.shape().dims());
            }
            total.assign(total.add(v.mul(w).sum()));
            count.assign(count.add(w.sum()));
        }
    }

    private static int[] broadcastable(Tensor w, Tensor v) {
        int[] d = new int[v.shape().rank()];
        java.util.Arrays.fill(d, 1);
        if (d.length > 0) {
            d[0] = (int) w.shape().size();
        }
        return d;
    }

    @Override
    public Tensor result() {
        double c = count.item();
        return Tensor.scalar(c == 0 ? 0 : total.item() / c, DType.FLOAT32);
    }
}
