package dev.kiln.metrics.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;

/**
 * Weighted true/false positive/negative counts per threshold, shared by the confusion metrics, Precision, Recall
 * and AUC. A prediction is positive when it is strictly above a threshold, as in Keras.
 */
public final class ConfusionState {
    private final double[] thresholds;
    private final Tensor thresholdRow;
    public final Variable tp;
    public final Variable fp;
    public final Variable tn;
    public final Variable fn;

    /** {@code add} creates a state variable (the owning metric's {@code addState}). */
    public ConfusionState(double[] thresholds, java.util.function.BiFunction<String, Shape, Variable> add) {
        for (double t : thresholds) {
            if (!(t >= -1e-6 && t <= 1 + 1e-6) && !Double.isInfinite(t)) {
                throw new InvalidArgumentException(KilnException.message("Invalid threshold.", "values in [0, 1]",
                        java.util.Arrays.toString(thresholds), null));
            }
        }
        this.thresholds = thresholds.clone();
        this.thresholdRow = Tensor.of(thresholds, 1, thresholds.length);
        Shape s = Shape.of(thresholds.length);
        this.tp = add.apply("true_positives", s);
        this.fp = add.apply("false_positives", s);
        this.tn = add.apply("true_negatives", s);
        this.fn = add.apply("false_negatives", s);
    }

    public double[] thresholds() { return thresholds.clone(); }

    /**
     * Accumulates a batch: labels and predictions flattened to one column; {@code classId} selects one column of
     * (batch, classes) data first; {@code topK} keeps only each sample's k highest predictions positive.
     */
    public void update(String metric, Tensor yTrue, Tensor yPred, Tensor sampleWeight, Integer classId, Integer topK) {
        Tensor p = yPred.cast(DType.FLOAT64);
        Tensor t = yTrue.cast(DType.FLOAT64);
        if (!t.shape().equals(p.shape())) {
            t = MetricMath.matchShape(metric, t, p);
        }
        Tensor w = sampleWeight == null ? null : sampleWeight.cast(DType.FLOAT64);
        if (topK != null) {
            Tensor kth = p.topK(topK, -1)[0].slice(-1, topK - 1, topK);
            p = Tensor.where(p.greaterEqual(kth), p, Tensor.full(p.shape(), Double.NEGATIVE_INFINITY, DType.FLOAT64));
        }
        if (classId != null) {
            int classes = p.shape().dim(-1);
            if (classId < 0 || classId >= classes) {
                throw new InvalidArgumentException(KilnException.message("Metric `" + metric + "`: class_id out of range.",
                        "a class in [0, " + classes + ")", classId, null));
            }
            p = p.slice(p.shape().rank() - 1, classId, classId + 1);
            t = t.slice(t.shape().rank() - 1, classId, classId + 1);
        }
        int perSample = (int) (p.shape().size() / Math.max(1, p.shape().rank() == 0 ? 1 : p.shape().dim(0)));
        Tensor pc = p.reshape(-1, 1);
        Tensor tc = t.reshape(-1, 1).greater(0.5);
        Tensor predPos = pc.greater(thresholdRow);
        Tensor truePos = tc.broadcastTo(predPos.shape());
        Tensor weights;
        if (w == null) {
            weights = Tensor.ones(Shape.of((int) pc.shape().size(), 1), DType.FLOAT64);
        } else {
            Tensor wf = w.reshape(-1, 1);
            if (wf.shape().dim(0) != pc.shape().dim(0)) {
                wf = wf.broadcastTo(Shape.of(wf.shape().dim(0), perSample)).reshape(-1, 1);
            }
            weights = wf;
        }
        tp.assign(tp.add(count(truePos.logicalAnd(predPos), weights)));
        fp.assign(fp.add(count(truePos.logicalNot().logicalAnd(predPos), weights)));
        tn.assign(tn.add(count(truePos.logicalNot().logicalAnd(predPos.logicalNot()), weights)));
        fn.assign(fn.add(count(truePos.logicalAnd(predPos.logicalNot()), weights)));
    }

    private static Tensor count(Tensor mask, Tensor weights) {
        return mask.cast(DType.FLOAT64).mul(weights).sum(0, false);
    }
}
