package dev.kiln.api.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import java.util.Map;

/**
 * The (weighted) mean over all samples seen of a per-sample {@link MetricFunction}: the base of accuracy and
 * regression-error metrics, as Keras's {@code MeanMetricWrapper}.
 *
 * <pre>{@code
 * Metric m = new MeanMetricWrapper("exact", (t, p) -> t.equal(p).cast(DType.FLOAT32));
 * m.update(Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[] {1, 3}, 2), null);
 * assert m.result().item() == 0.5;
 * }</pre>
 */
public class MeanMetricWrapper extends Metric {
    private final MetricFunction fn;
    private final Variable total;
    private final Variable count;

    public MeanMetricWrapper(String name, MetricFunction fn) {
        super(name);
        this.fn = fn;
        this.total = addState("total", Shape.scalar(), DType.FLOAT64);
        this.count = addState("count", Shape.scalar(), DType.FLOAT64);
    }

    /** Reads the name from a config. */
    protected MeanMetricWrapper(Map<String, Object> config, String defaultName, MetricFunction fn) {
        super(config, defaultName);
        this.fn = fn;
        this.total = addState("total", Shape.scalar(), DType.FLOAT64);
        this.count = addState("count", Shape.scalar(), DType.FLOAT64);
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor values = fn.call(yTrue, yPred).cast(DType.FLOAT64);
        if (sampleWeight == null) {
            total.assign(total.add(values.sum()));
            count.assign(count.add((double) values.shape().size()));
            return;
        }
        Tensor w = sampleWeight.cast(DType.FLOAT64);
        long vn = values.shape().size();
        long wn = w.shape().size();
        if (wn == vn) {
            w = w.reshape(values.shape().dims());
        } else if (values.shape().rank() > 0 && wn == values.shape().dim(0)) {
            int[] d = new int[values.shape().rank()];
            java.util.Arrays.fill(d, 1);
            d[0] = (int) wn;
            w = w.reshape(d).broadcastTo(values.shape());
        } else {
            throw new ShapeMismatchException(KilnException.message("Sample weights do not match metric `" + name() + "` values.",
                    "one weight per sample (" + (values.shape().rank() > 0 ? values.shape().dim(0) : 1) + ")", w.shape(),
                    "pass sample_weight with one entry per sample"));
        }
        total.assign(total.add(values.mul(w).sum()));
        count.assign(count.add(w.sum()));
    }

    /** total / count, or 0 before any sample (Keras's divide-no-nan). */
    @Override
    public Tensor result() {
        double c = count.item();
        return Tensor.scalar(c == 0 ? 0 : total.item() / c, DType.FLOAT32);
    }
}
