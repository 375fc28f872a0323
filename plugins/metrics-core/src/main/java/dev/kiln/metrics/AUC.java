package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.Confusion;
import dev.kiln.metrics.internal.MetricMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Area under the ROC or precision-recall curve, as Keras's {@code AUC}: weighted confusion counts at
 * {@code numThresholds} thresholds ({@code -1e-7}, {@code 1/(n-1)}, ..., {@code (n-2)/(n-1)}, {@code 1 + 1e-7}),
 * summed as a Riemann sum. {@code INTERPOLATION} (the default) takes trapezoids for ROC and Davis and Goadrich's
 * interpolation for PR; {@code MINORING} and {@code MAJORING} take the lower and upper heights.
 *
 * <pre>{@code
 * AUC auc = new AUC(3);
 * auc.update(Tensor.of(new float[] {0, 0, 1, 1}, 4), Tensor.of(new float[] {0, 0.5f, 0.3f, 0.9f}, 4), null);
 * double roc = auc.result().item();   // 0.75
 * Metric pr = new AUC(200, AUC.Curve.PR, AUC.SummationMethod.INTERPOLATION, "pr_auc", null, false, null, null, true);
 * }</pre>
 */
public final class AUC extends Metric {
    /** Which curve. */
    public enum Curve {
        ROC, PR;

        /** {@code "ROC"} or {@code "PR"}, any case. */
        public static Curve of(String s) {
            for (Curve c : values()) {
                if (c.name().equalsIgnoreCase(s)) {
                    return c;
                }
            }
            throw MetricMath.invalid("Invalid AUC curve value: \"" + s + "\".", "one of [\"PR\", \"ROC\"]", s, "pass \"ROC\" or \"PR\"");
        }
    }

    /** How each interval's height is taken. */
    public enum SummationMethod {
        INTERPOLATION, MINORING, MAJORING;

        /** The Keras name ({@code "interpolation"}). */
        public String kerasName() { return name().toLowerCase(Locale.ROOT); }

        /** {@code "interpolation"}, {@code "minoring"} or {@code "majoring"}, any case. */
        public static SummationMethod of(String s) {
            for (SummationMethod m : values()) {
                if (m.name().equalsIgnoreCase(s)) {
                    return m;
                }
            }
            throw MetricMath.invalid("Invalid AUC summation method value: \"" + s + "\".",
                    "one of [\"interpolation\", \"majoring\", \"minoring\"]", s, "pass one of those");
        }
    }

    private final int numThresholds;
    private final Curve curve;
    private final SummationMethod summationMethod;
    private final boolean initFromThresholds;
    private final double[] thresholds;
    private final boolean evenly;
    private final boolean multiLabel;
    private final Integer numLabels;
    private final double[] labelWeights;
    private final boolean fromLogits;
    private Variable tp;
    private Variable fp;
    private Variable tn;
    private Variable fn;
    private int builtLabels = -1;

    /** 200 thresholds, ROC, interpolation, name {@code "auc"}. */
    public AUC() { this(200); }

    /** ROC with interpolation over {@code numThresholds} (> 1) thresholds. */
    public AUC(int numThresholds) {
        this(numThresholds, Curve.ROC, SummationMethod.INTERPOLATION, null, null, false, null, null, false);
    }

    /** The given curve and summation with 200 thresholds. */
    public AUC(Curve curve, SummationMethod summationMethod) {
        this(200, curve, summationMethod, null, null, false, null, null, false);
    }

    /**
     * Every Keras argument.
     *
     * @param numThresholds   thresholds to use when {@code thresholds} is null; must be > 1
     * @param curve           ROC or PR (null for ROC)
     * @param summationMethod interpolation, minoring or majoring (null for interpolation)
     * @param name            the metric name, or null for {@code "auc"}
     * @param thresholds      explicit thresholds in [0, 1] (endpoints are added), or null
     * @param multiLabel      one curve per label of (batch, labels) data, averaged
     * @param numLabels       the number of labels with {@code multiLabel}, or null to learn it from the first batch
     * @param labelWeights    per-label weights (multi-label: weights of the average; else: weights of each column)
     * @param fromLogits      apply a sigmoid to predictions first
     */
    public AUC(int numThresholds, Curve curve, SummationMethod summationMethod, String name, double[] thresholds,
               boolean multiLabel, Integer numLabels, double[] labelWeights, boolean fromLogits) {
        super(name == null ? "auc" : name);
        this.curve = curve == null ? Curve.ROC : curve;
        this.summationMethod = summationMethod == null ? SummationMethod.INTERPOLATION : summationMethod;
        this.initFromThresholds = thresholds != null;
        double[] inner;
        if (thresholds != null) {
            MetricMath.checkThresholds(thresholds);
            inner = thresholds.clone();
            Arrays.sort(inner);
            this.numThresholds = inner.length + 2;
            double[] withEnds = new double[inner.length + 2];
            System.arraycopy(inner, 0, withEnds, 1, inner.length);
            withEnds[withEnds.length - 1] = 1.0;
            this.evenly = MetricMath.evenlyDistributed(withEnds);
        } else {
            if (numThresholds <= 1) {
                throw MetricMath.invalid("Argument `num_thresholds` must be an integer > 1.", "an integer > 1",
                        "num_thresholds=" + numThresholds, "pass num_thresholds of 2 or more (Keras's default is 200)");
            }
            this.numThresholds = numThresholds;
            inner = new double[numThresholds - 2];
            for (int i = 0; i < inner.length; i++) {
                inner[i] = (i + 1) * 1.0 / (numThresholds - 1);
            }
            this.evenly = true;
        }
        this.thresholds = new double[inner.length + 2];
        this.thresholds[0] = 0.0 - MetricMath.EPSILON;
        System.arraycopy(inner, 0, this.thresholds, 1, inner.length);
        this.thresholds[this.thresholds.length - 1] = 1.0 + MetricMath.EPSILON;
        this.multiLabel = multiLabel;
        this.numLabels = numLabels;
        this.labelWeights = labelWeights == null ? null : labelWeights.clone();
        if (labelWeights != null) {
            for (double w : labelWeights) {
                if (!(w >= 0)) {
                    throw MetricMath.invalid("All values of `label_weights` must be non-negative.", "weights >= 0",
                            Arrays.toString(labelWeights), "pass non-negative label weights");
                }
            }
        }
        this.fromLogits = fromLogits;
        if (multiLabel) {
            if (numLabels != null && numLabels > 0) {
                build(numLabels);
            }
        } else {
            if (numLabels != null && numLabels > 0) {
                throw MetricMath.invalid("`num_labels` is needed only when `multi_label` is True.", "num_labels=null",
                        "num_labels=" + numLabels, "set multi_label=true or leave num_labels unset");
            }
            build(0);
        }
    }

    /** From a config with Keras's keys ({@code num_thresholds}, {@code curve}, {@code summation_method}, ...). */
    public AUC(Map<String, Object> config) {
        this(Configs.integer(config, "num_thresholds", 200), Curve.of(Configs.string(config, "curve", "ROC")),
                SummationMethod.of(Configs.string(config, "summation_method", "interpolation")), Configs.string(config, "name", null),
                config.get("thresholds") == null ? null : Configs.doubleArray(config, "thresholds", null),
                Configs.bool(config, "multi_label", false),
                config.get("num_labels") == null ? null : Configs.integer(config, "num_labels", 0),
                config.get("label_weights") == null ? null : Configs.doubleArray(config, "label_weights", null),
                Configs.bool(config, "from_logits", false));
    }

    /** The inverse of {@link #getConfig()}. */
    public static AUC fromConfig(Map<String, Object> config) { return new AUC(config); }

    private void build(int labels) {
        if (multiLabel && labelWeights != null && labelWeights.length != labels) {
            throw new dev.kiln.api.ShapeMismatchException(dev.kiln.api.KilnException.message(
                    "Metric `" + name() + "`: `label_weights` needs one weight per label.", labels + " weights",
                    labelWeights.length + " weights", "pass one weight per column of y_pred"));
        }
        Shape s = multiLabel ? Shape.of(numThresholds, labels) : Shape.of(numThresholds);
        tp = addState("true_positives", s, DType.FLOAT32);
        fp = addState("false_positives", s, DType.FLOAT32);
        tn = addState("true_negatives", s, DType.FLOAT32);
        fn = addState("false_negatives", s, DType.FLOAT32);
        builtLabels = labels;
    }

    /** The thresholds used, endpoints included. */
    public double[] thresholds() { return thresholds.clone(); }

    public int numThresholds() { return numThresholds; }

    public Curve curve() { return curve; }

    public SummationMethod summationMethod() { return summationMethod; }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (multiLabel) {
            if (yPred.shape().rank() != 2) {
                throw MetricMath.invalid("Metric `" + name() + "`: `y_pred` must have rank 2 when `multi_label=True`.",
                        "y_pred of shape (num_samples, num_labels)", "rank " + yPred.shape().rank() + ", shape " + yPred.shape(),
                        "pass (batch, labels) data, or set multi_label=false");
            }
            if (builtLabels < 0) {
                build(yPred.shape().dim(1));
            } else if (yPred.shape().dim(1) != builtLabels) {
                throw new dev.kiln.api.ShapeMismatchException(dev.kiln.api.KilnException.message(
                        "Metric `" + name() + "`: the number of labels changed.", builtLabels + " labels",
                        yPred.shape().dim(1) + " labels (y_pred " + yPred.shape() + ")", "pass the same labels every batch"));
            }
        }
        Tensor p = fromLogits ? yPred.cast(DType.FLOAT32).sigmoid() : yPred;
        Confusion.update(name(), new Confusion.Vars(tp, fp, tn, fn), yTrue, p, sampleWeight, thresholds, evenly, null, null,
                multiLabel, multiLabel ? null : labelWeights);
    }

    @Override
    public Tensor result() {
        if (builtLabels < 0) {
            return Tensor.scalar(0, DType.FLOAT32);
        }
        int labels = multiLabel ? builtLabels : 1;
        double[] tpv = tp.toDoubleArray();
        double[] fpv = fp.toDoubleArray();
        double[] tnv = tn.toDoubleArray();
        double[] fnv = fn.toDoubleArray();
        double[] byLabel = new double[labels];
        for (int l = 0; l < labels; l++) {
            byLabel[l] = auc(column(tpv, l, labels), column(fpv, l, labels), column(tnv, l, labels), column(fnv, l, labels));
        }
        if (!multiLabel) {
            return Tensor.scalar(byLabel[0], DType.FLOAT32);
        }
        double num = 0;
        double den = 0;
        for (int l = 0; l < labels; l++) {
            double w = labelWeights == null ? 1 : labelWeights[l];
            num += w * byLabel[l];
            den += w;
        }
        return Tensor.scalar(labelWeights == null ? num / labels : Confusion.divideNoNan(num, den), DType.FLOAT32);
    }

    private double[] column(double[] v, int l, int labels) {
        double[] c = new double[numThresholds];
        for (int i = 0; i < numThresholds; i++) {
            c[i] = v[i * labels + l];
        }
        return c;
    }

    /** Keras's {@code AUC.result} for one label. */
    private double auc(double[] tp, double[] fp, double[] tn, double[] fn) {
        int n = numThresholds;
        double sum = 0;
        if (curve == Curve.PR && summationMethod == SummationMethod.INTERPOLATION) {
            // Davis & Goadrich interpolation, in Keras's closed form (interpolate_pr_auc).
            for (int i = 0; i < n - 1; i++) {
                double dtp = tp[i] - tp[i + 1];
                double pA = tp[i] + fp[i];
                double pB = tp[i + 1] + fp[i + 1];
                double dp = pA - pB;
                double slope = Confusion.divideNoNan(dtp, Math.max(dp, 0));
                double intercept = tp[i + 1] - slope * pB;
                double ratio = pA > 0 && pB > 0 ? Confusion.divideNoNan(pA, Math.max(pB, 0)) : 1;
                sum += Confusion.divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1] + fn[i + 1], 0));
            }
            return sum;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double recall = Confusion.divideNoNan(tp[i], tp[i] + fn[i]);
            if (curve == Curve.ROC) {
                x[i] = Confusion.divideNoNan(fp[i], fp[i] + tn[i]);
                y[i] = recall;
            } else {
                x[i] = recall;
                y[i] = Confusion.divideNoNan(tp[i], tp[i] + fp[i]);
            }
        }
        for (int i = 0; i < n - 1; i++) {
            double h = switch (summationMethod) {
                case INTERPOLATION -> (y[i] + y[i + 1]) / 2.0;
                case MINORING -> Math.min(y[i], y[i + 1]);
                case MAJORING -> Math.max(y[i], y[i + 1]);
            };
            sum += (x[i] - x[i + 1]) * h;
        }
        return sum;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("num_thresholds", numThresholds);
        c.put("curve", curve.name());
        c.put("summation_method", summationMethod.kerasName());
        c.put("multi_label", multiLabel);
        c.put("num_labels", numLabels);
        c.put("label_weights", labelWeights == null ? null : Configs.list(labelWeights));
        c.put("from_logits", fromLogits);
        if (initFromThresholds) {
            List<Double> inner = new ArrayList<>();
            for (int i = 1; i < thresholds.length - 1; i++) {
                inner.add(thresholds[i]);
            }
            c.put("thresholds", inner);
        }
        return c;
    }
}
