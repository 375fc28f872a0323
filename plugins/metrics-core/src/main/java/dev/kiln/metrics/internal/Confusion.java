package dev.kiln.metrics.internal;

import dev.kiln.api.DType;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;

/**
 * Keras's {@code update_confusion_matrix_variables}: weighted true/false positive/negative counts per threshold,
 * with tensor ops. A prediction is positive when strictly above a threshold. Labels count as positive when
 * non-zero, except with evenly distributed thresholds, where Keras's bucketed path weighs a soft label {@code y}
 * as {@code y} positive and {@code 1 - y} negative; this does the same.
 */
public final class Confusion {
    private Confusion() {}

    /** The variables to add to; any may be {@code null}. Shapes (T,) or, multi-label, (T, L). */
    public record Vars(Variable tp, Variable fp, Variable tn, Variable fn) {}

    /**
     * Accumulates one batch.
     *
     * @param thresholds    ascending or not, each compared with {@code >}
     * @param evenly        whether Keras would take its bucketed path (soft labels)
     * @param topK          keep only each row's top k predictions (others become {@link MetricMath#NEG_INF}), or null
     * @param classId       look only at this column of (batch, classes) data, or null
     * @param multiLabel    keep the label axis: counts per (threshold, label)
     * @param labelWeights  per-label weights for flattened (non-multi-label) data, or null
     */
    public static void update(String metric, Vars vars, Tensor yTrue, Tensor yPred, Tensor sampleWeight, double[] thresholds,
                              boolean evenly, Integer topK, Integer classId, boolean multiLabel, double[] labelWeights) {
        Tensor p = yPred.cast(DType.FLOAT32);
        Tensor t = yTrue.cast(DType.FLOAT32);
        Tensor[] sp = MetricMath.squeezeOrExpand(p, t, true);
        p = sp[0];
        t = sp[1];
        MetricMath.requireSameShape(metric, t, p, "pass one label per prediction");
        Tensor w = null;
        if (sampleWeight != null) {
            w = MetricMath.expandLast(sampleWeight.cast(DType.FLOAT32));
            w = MetricMath.squeezeOrExpand(t, w, false)[1];
        }
        if (topK != null) {
            if (p.shape().rank() == 0) {
                throw MetricMath.invalid("Metric `" + metric + "`: `top_k` needs predictions with a class axis.",
                        "y_pred of shape (num_samples, num_classes)", p.shape(), "pass class scores, or leave top_k unset");
            }
            p = MetricMath.filterTopK(p, topK);
        }
        if (classId != null) {
            if (p.shape().rank() < 2) {
                throw MetricMath.invalid("Metric `" + metric + "`: when `class_id` is provided, `y_pred` must be a 2D array "
                        + "with shape (num_samples, num_classes).", "y_pred of rank 2", "y_pred of shape " + p.shape(),
                        "pass class scores, or leave class_id unset");
            }
            int classes = p.shape().dim(-1);
            if (classId < 0 || classId >= classes) {
                throw MetricMath.invalid("Metric `" + metric + "`: `class_id` is out of range.", "a class in [0, " + classes + ")",
                        "class_id=" + classId, "pass a class index smaller than the number of classes");
            }
            int axis = p.shape().rank() - 1;
            p = p.slice(axis, classId, classId + 1);
            t = t.slice(axis, classId, classId + 1);
            if (w != null && w.shape().rank() == p.shape().rank() && w.shape().dim(-1) == classes && classes != 1) {
                w = w.slice(axis, classId, classId + 1);
            }
        }
        if (multiLabel && p.shape().rank() != 2) {
            throw MetricMath.invalid("Metric `" + metric + "`: `y_pred` must have rank 2 when `multi_label=True`.",
                    "y_pred of shape (num_samples, num_labels)", "rank " + p.shape().rank() + ", shape " + p.shape(),
                    "pass (batch, labels) data, or set multi_label=false");
        }
        if (w != null) {
            w = MetricMath.broadcastWeights(metric, w, p.shape());
        }
        if (labelWeights != null && !multiLabel) {
            int labels = p.shape().rank() == 0 ? 1 : p.shape().dim(-1);
            if (labelWeights.length != labels) {
                throw new dev.kiln.api.ShapeMismatchException(dev.kiln.api.KilnException.message(
                        "Metric `" + metric + "`: `label_weights` needs one weight per label.", labels + " weights",
                        labelWeights.length + " weights", "pass one weight per column of y_pred"));
            }
            float[] lf = new float[labelWeights.length];
            for (int i = 0; i < lf.length; i++) {
                lf[i] = (float) labelWeights[i];
            }
            Tensor lw = Tensor.of(lf, lf.length).broadcastTo(p.shape());
            w = w == null ? lw : w.mul(lw);
        }
        int nt = thresholds.length;
        float[] tf = new float[nt];
        for (int i = 0; i < nt; i++) {
            tf[i] = (float) thresholds[i];
        }
        Tensor th;
        Tensor pe;
        Tensor te;
        Tensor we = null;
        if (multiLabel) {
            int n = p.shape().dim(0);
            int l = p.shape().dim(1);
            th = Tensor.of(tf, nt, 1, 1);
            pe = p.reshape(1, n, l);
            te = t.reshape(1, n, l);
            if (w != null) {
                we = w.reshape(1, n, l);
            }
        } else {
            th = Tensor.of(tf, nt, 1);
            pe = p.reshape(1, -1);
            te = t.reshape(1, -1);
            if (w != null) {
                we = w.reshape(1, -1);
            }
        }
        Tensor predPos = pe.greater(th).cast(DType.FLOAT32);
        Tensor predNeg = predPos.rsub(1);
        Tensor labPos = evenly ? te : te.equal(Tensor.scalar(0, DType.FLOAT32)).logicalNot().cast(DType.FLOAT32);
        Tensor labNeg = labPos.rsub(1);
        if (we != null) {
            labPos = labPos.mul(we);
            labNeg = labNeg.mul(we);
        }
        add(vars.tp(), labPos, predPos);
        add(vars.fp(), labNeg, predPos);
        add(vars.tn(), labNeg, predNeg);
        add(vars.fn(), labPos, predNeg);
    }

    private static void add(Variable v, Tensor label, Tensor pred) {
        if (v != null) {
            v.assign(v.add(label.mul(pred).sum(1, false)));
        }
    }

    /** Keras's {@code divide_no_nan}. */
    public static double divideNoNan(double a, double b) { return b == 0 ? 0 : a / b; }

    /** The values of a state variable as doubles. */
    public static double[] values(Variable v) { return v.toDoubleArray(); }
}
