package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.ConfusionState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Area under the ROC or precision-recall curve, approximated over {@code numThresholds} thresholds with Keras's
 * summation methods ({@code interpolation}, {@code minoring}, {@code majoring}); PR interpolation follows
 * Davis &amp; Goadrich as Keras does.
 *
 * <pre>{@code
 * Metric auc = new AUC();                                  // ROC, 200 thresholds
 * Metric prAuc = new AUC(200, "PR", "interpolation", false);
 * }</pre>
 */
public final class AUC extends Metric {
    private final int numThresholds;
    private final String curve;
    private final String summation;
    private final boolean fromLogits;
    private final ConfusionState state;

    public AUC() { this(200, "ROC", "interpolation", false); }

    public AUC(int numThresholds, String curve, String summationMethod, boolean fromLogits) {
        this("auc", numThresholds, curve, summationMethod, fromLogits);
    }

    private AUC(String name, int numThresholds, String curve, String summationMethod, boolean fromLogits) {
        super(name);
        if (numThresholds <= 1) {
            throw new InvalidArgumentException(KilnException.message("Invalid num_thresholds for AUC.", "an integer > 1", numThresholds, null));
        }
        String c = curve.toUpperCase(java.util.Locale.ROOT);
        if (!c.equals("ROC") && !c.equals("PR")) {
            throw new InvalidArgumentException(KilnException.message("Invalid curve for AUC.", "ROC or PR", curve, null));
        }
        String s = summationMethod.toLowerCase(java.util.Locale.ROOT);
        if (!s.equals("interpolation") && !s.equals("minoring") && !s.equals("majoring")) {
            throw new InvalidArgumentException(KilnException.message("Invalid summation_method for AUC.",
                    "interpolation, minoring or majoring", summationMethod, null));
        }
        this.numThresholds = numThresholds;
        this.curve = c;
        this.summation = s;
        this.fromLogits = fromLogits;
        this.state = new ConfusionState(thresholds(numThresholds), (n, sh) -> addState(n, sh, DType.FLOAT64));
    }

    public AUC(Map<String, Object> c) {
        this(Configs.string(c, "name", "auc"), Configs.integer(c, "num_thresholds", 200), Configs.string(c, "curve", "ROC"),
                Configs.string(c, "summation_method", "interpolation"), Configs.bool(c, "from_logits", false));
    }

    /** Keras's layout: evenly spaced inner thresholds plus -epsilon and 1+epsilon endpoints. */
    private static double[] thresholds(int n) {
        double eps = 1e-7;
        double[] t = new double[n];
        for (int i = 1; i < n - 1; i++) {
            t[i] = (double) i / (n - 1);
        }
        t[0] = -eps;
        t[n - 1] = 1 + eps;
        return t;
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        state.update(name(), yTrue, fromLogits ? yPred.sigmoid() : yPred, sampleWeight, null, null);
    }

    @Override
    public Tensor result() {
        double[] tp = state.tp.toDoubleArray();
        double[] fp = state.fp.toDoubleArray();
        double[] tn = state.tn.toDoubleArray();
        double[] fn = state.fn.toDoubleArray();
        int n = tp.length;
        if (curve.equals("PR") && summation.equals("interpolation")) {
            double sum = 0;
            for (int i = 0; i < n - 1; i++) {
                double dtp = tp[i] - tp[i + 1];
                double p0 = tp[i] + fp[i];
                double p1 = tp[i + 1] + fp[i + 1];
                double dp = p0 - p1;
                double slope = dp > 0 ? dtp / dp : 0;
                double intercept = tp[i + 1] - slope * p1;
                double ratio = p0 > 0 && p1 > 0 ? p0 / p1 : 1;
                double denom = Math.max(tp[i + 1] + fn[i + 1], 0);
                sum += denom > 0 ? slope * (dtp + intercept * Math.log(ratio)) / denom : 0;
            }
            return Tensor.scalar(sum);
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            if (curve.equals("ROC")) {
                x[i] = div(fp[i], fp[i] + tn[i]);
                y[i] = div(tp[i], tp[i] + fn[i]);
            } else {
                x[i] = div(tp[i], tp[i] + fn[i]);
                y[i] = div(tp[i], tp[i] + fp[i]);
            }
        }
        double sum = 0;
        for (int i = 0; i < n - 1; i++) {
            double h = switch (summation) {
                case "minoring" -> Math.min(y[i], y[i + 1]);
                case "majoring" -> Math.max(y[i], y[i + 1]);
                default -> (y[i] + y[i + 1]) / 2;
            };
            sum += (x[i] - x[i + 1]) * h;
        }
        return Tensor.scalar(sum);
    }

    private static double div(double a, double b) { return b == 0 ? 0 : a / b; }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("num_thresholds", numThresholds);
        c.put("curve", curve);
        c.put("summation_method", summation);
        c.put("from_logits", fromLogits);
        return c;
    }
}
