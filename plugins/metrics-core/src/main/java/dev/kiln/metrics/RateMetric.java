package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.metrics.Metric;
import dev.kiln.metrics.internal.Confusion;
import dev.kiln.metrics.internal.MetricMath;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared by {@link Precision} (tp / (tp + fp)) and {@link Recall} (tp / (tp + fn)). */
abstract class RateMetric extends Metric {
    private final boolean precision;
    private final Object initThresholds;
    private final double[] thresholds;
    private final boolean evenly;
    private final Integer topK;
    private final Integer classId;
    private final Variable truePositives;
    private final Variable other;

    RateMetric(boolean precision, Object initThresholds, Integer topK, Integer classId, String name, String defaultName) {
        super(name == null ? defaultName : name);
        this.precision = precision;
        this.initThresholds = initThresholds;
        double[] th = MetricMath.thresholdsFromConfig(initThresholds);
        if (th == null) {
            th = new double[] {topK == null ? 0.5 : MetricMath.NEG_INF};
        } else {
            ConditionCount.checkThresholdList(th);
        }
        if (topK != null) {
            MetricMath.checkK("top_k", topK);
        }
        if (classId != null && classId < 0) {
            throw MetricMath.invalid("Invalid value for argument `class_id`.", "a class index >= 0", "class_id=" + classId,
                    "pass the index of a class");
        }
        this.thresholds = th;
        this.evenly = MetricMath.evenlyDistributed(th);
        this.topK = topK;
        this.classId = classId;
        this.truePositives = addState("true_positives", Shape.of(th.length), DType.FLOAT32);
        this.other = addState(precision ? "false_positives" : "false_negatives", Shape.of(th.length), DType.FLOAT32);
    }

    static Integer optionalInt(Map<String, Object> config, String key) {
        return config.get(key) == null ? null : dev.kiln.api.registry.Configs.integer(config, key, 0);
    }

    /** The thresholds in use. */
    public final double[] thresholds() { return thresholds.clone(); }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Confusion.Vars v = precision ? new Confusion.Vars(truePositives, other, null, null)
                : new Confusion.Vars(truePositives, null, null, other);
        Confusion.update(name(), v, yTrue, yPred, sampleWeight, thresholds, evenly, topK, classId, false, null);
    }

    /** A scalar for one threshold, else one value per threshold; 0 where nothing was counted (divide-no-nan). */
    @Override
    public Tensor result() {
        double[] tp = truePositives.toDoubleArray();
        double[] o = other.toDoubleArray();
        float[] r = new float[tp.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) Confusion.divideNoNan(tp[i], tp[i] + o[i]);
        }
        return r.length == 1 ? Tensor.scalar(r[0], DType.FLOAT32) : Tensor.of(r, r.length);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("thresholds", initThresholds);
        c.put("top_k", topK);
        c.put("class_id", classId);
        return c;
    }
}
