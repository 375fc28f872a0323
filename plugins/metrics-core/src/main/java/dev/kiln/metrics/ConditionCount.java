package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Confusion;
import dev.kiln.metrics.internal.MetricMath;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code _ConfusionMatrixConditionCount}: one confusion-matrix cell per threshold. */
abstract class ConditionCount extends Metric {
    enum Cell { TP, FP, TN, FN }

    private final Cell cell;
    private final Object initThresholds;
    private final double[] thresholds;
    private final boolean evenly;
    private final Variable accumulator;

    ConditionCount(Cell cell, Object initThresholds, String name, String defaultName) {
        super(name == null ? defaultName : name);
        this.cell = cell;
        this.initThresholds = initThresholds;
        double[] th = MetricMath.thresholdsFromConfig(initThresholds);
        if (th == null) {
            th = new double[] {0.5};
        }
        checkThresholdList(th);
        this.thresholds = th;
        this.evenly = MetricMath.evenlyDistributed(th);
        this.accumulator = addState("accumulator", Shape.of(th.length), DType.FLOAT32);
    }

    static void checkThresholdList(double[] th) {
        if (th.length == 0) {
            throw MetricMath.invalid("Invalid value for argument `thresholds`.", "at least one threshold", "[]",
                    "pass a threshold such as 0.5, or leave thresholds unset");
        }
        MetricMath.checkThresholds(th);
    }

    static Object init(double threshold) { return threshold; }

    static Object init(double[] thresholds) { return thresholds == null ? null : Configs.list(thresholds); }

    static Object initFromConfig(Map<String, Object> config) {
        Object t = config.get("thresholds");
        return t instanceof double[] a ? Configs.list(a) : t;
    }

    /** The thresholds in use. */
    public final double[] thresholds() { return thresholds.clone(); }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Confusion.Vars v = switch (cell) {
            case TP -> new Confusion.Vars(accumulator, null, null, null);
            case FP -> new Confusion.Vars(null, accumulator, null, null);
            case TN -> new Confusion.Vars(null, null, accumulator, null);
            case FN -> new Confusion.Vars(null, null, null, accumulator);
        };
        Confusion.update(name(), v, yTrue, yPred, sampleWeight, thresholds, evenly, null, null, false, null);
    }

    /** A scalar for one threshold, else one count per threshold. */
    @Override
    public Tensor result() {
        float[] a = accumulator.toFloatArray();
        return a.length == 1 ? Tensor.scalar(a[0], DType.FLOAT32) : Tensor.of(a, a.length);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("thresholds", initThresholds);
        return c;
    }
}
