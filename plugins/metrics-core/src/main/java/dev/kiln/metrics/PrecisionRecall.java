package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.registry.NamedComponent;
import dev.kiln.metrics.internal.ConfusionState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's Precision ({@code tp / (tp + fp)}) and Recall ({@code tp / (tp + fn)}) at one or more thresholds,
 * optionally for one class ({@code classId}) or over each sample's {@code topK} predictions.
 *
 * <pre>{@code
 * Metric p = PrecisionRecall.precision();
 * Metric rAt = PrecisionRecall.recall(new double[] {0.3, 0.5, 0.7}, null, null);
 * }</pre>
 */
public final class PrecisionRecall extends Metric implements NamedComponent {
    private final boolean precision;
    private final double[] thresholds;
    private final Integer topK;
    private final Integer classId;
    private final boolean explicitThresholds;
    private final ConfusionState state;

    private PrecisionRecall(String name, boolean precision, double[] thresholds, Integer topK, Integer classId) {
        super(name);
        this.precision = precision;
        this.explicitThresholds = thresholds != null;
        // Keras: with top_k and no thresholds, the threshold is -inf so every top-k prediction counts as positive.
        this.thresholds = thresholds != null ? thresholds : new double[] {topK != null ? Double.NEGATIVE_INFINITY : 0.5};
        if (topK != null && topK <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid top_k.", "a positive integer", topK, null));
        }
        this.topK = topK;
        this.classId = classId;
        this.state = new ConfusionState(this.thresholds, (n, s) -> addState(n, s, DType.FLOAT64));
    }

    public static PrecisionRecall precision() { return new PrecisionRecall("precision", true, null, null, null); }

    public static PrecisionRecall recall() { return new PrecisionRecall("recall", false, null, null, null); }

    public static PrecisionRecall precision(double[] thresholds, Integer topK, Integer classId) {
        return new PrecisionRecall("precision", true, thresholds, topK, classId);
    }

    public static PrecisionRecall recall(double[] thresholds, Integer topK, Integer classId) {
        return new PrecisionRecall("recall", false, thresholds, topK, classId);
    }

    public static PrecisionRecall fromConfig(boolean precision, Map<String, Object> c) {
        Object t = c.get("thresholds");
        double[] th = t == null ? null : t instanceof Number n ? new double[] {n.doubleValue()} : Configs.doubleArray(c, "thresholds", null);
        Integer topK = c.get("top_k") == null ? null : Configs.integer(c, "top_k", 1);
        Integer classId = c.get("class_id") == null ? null : Configs.integer(c, "class_id", 0);
        return new PrecisionRecall(Configs.string(c, "name", precision ? "precision" : "recall"), precision, th, topK, classId);
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        state.update(name(), yTrue, yPred, sampleWeight, classId, topK);
    }

    @Override
    public Tensor result() {
        double[] tp = state.tp.toDoubleArray();
        double[] other = (precision ? state.fp : state.fn).toDoubleArray();
        float[] r = new float[tp.length];
        for (int i = 0; i < r.length; i++) {
            double d = tp[i] + other[i];
            r[i] = d == 0 ? 0f : (float) (tp[i] / d);
        }
        return r.length == 1 ? Tensor.scalar(r[0]) : Tensor.of(r, r.length);
    }

    @Override
    public String registeredName() { return precision ? "core>Precision" : "core>Recall"; }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("thresholds", explicitThresholds ? (thresholds.length == 1 ? (Object) thresholds[0] : Configs.list(thresholds)) : null);
        c.put("top_k", topK);
        c.put("class_id", classId);
        return c;
    }
}
