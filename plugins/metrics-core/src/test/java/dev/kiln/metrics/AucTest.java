package dev.kiln.metrics;

import static dev.kiln.metrics.T.m;
import static dev.kiln.metrics.T.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** AUC against Keras's docstring values, hand computations and an independent re-implementation of its formula. */
class AucTest {
    private static final double TOL = 1e-5;
    private static final Tensor Y = v(0, 0, 1, 1);
    private static final double[] P = {0, 0.5, 0.3, 0.9};

    @Test
    void thresholdLayout() {
        AUC auc = new AUC(3);
        assertArrayEquals(new double[] {-1e-7, 0.5, 1 + 1e-7}, auc.thresholds(), 1e-12);
        assertEquals(200, new AUC().thresholds().length);
        assertEquals(1.0 / 199, new AUC().thresholds()[1], 1e-12);
    }

    @Test
    void rocAsKerasDocstring() {
        AUC auc = new AUC(3);
        auc.update(Y, v(P), null);
        // tp = [2, 1, 0], fp = [2, 0, 0]: tpr = [1, 0.5, 0], fpr = [1, 0, 0]; ((1 + 0.5) / 2) * 1 = 0.75
        assertEquals(0.75, auc.result().item(), TOL);
        auc.reset();
        assertEquals(0.0, auc.result().item(), 0);
        auc.update(Y, v(P), v(1, 0, 0, 1));
        assertEquals(1.0, auc.result().item(), TOL);
    }

    @Test
    void summationMethodsByHand() {
        double prInterp = (1.0 / 3) * (1 + (2.0 / 3) * Math.log(4)) / 2 + 0.5;   // see Keras's interpolate_pr_auc
        Object[][] cases = {
            {AUC.Curve.PR, AUC.SummationMethod.INTERPOLATION, prInterp},
            {AUC.Curve.PR, AUC.SummationMethod.MINORING, 0.25},
            {AUC.Curve.PR, AUC.SummationMethod.MAJORING, 1.0},
            {AUC.Curve.ROC, AUC.SummationMethod.MINORING, 0.5},
            {AUC.Curve.ROC, AUC.SummationMethod.MAJORING, 1.0},
        };
        for (Object[] c : cases) {
            AUC auc = new AUC(3, (AUC.Curve) c[0], (AUC.SummationMethod) c[1], null, null, false, null, null, false);
            auc.update(Y, v(P), null);
            assertEquals((double) c[2], auc.result().item(), TOL, c[0] + " " + c[1]);
        }
    }

    @Test
    void fromLogitsAndExplicitThresholds() {
        AUC logits = new AUC(3, null, null, null, null, false, null, null, true);
        logits.update(Y, v(-20, 0, Math.log(0.3 / 0.7), Math.log(9)), null);
        assertEquals(0.75, logits.result().item(), TOL);
        AUC given = new AUC(0, null, null, "auc_given", new double[] {0.5}, false, null, null, false);
        assertEquals(3, given.numThresholds());
        given.update(Y, v(P), null);
        assertEquals(0.75, given.result().item(), TOL);
        assertEquals(java.util.List.of(0.5), given.getConfig().get("thresholds"));
    }

    @Test
    void multiLabel() {
        Tensor t = m(4, 2, 0, 0, 0, 0, 1, 1, 1, 1);
        Tensor p = m(4, 2, 0, 0.1, 0.5, 0.2, 0.3, 0.8, 0.9, 0.9);   // label 0: 0.75 as above; label 1: separated, 1.0
        AUC auc = new AUC(3, null, null, null, null, true, null, null, false);
        auc.update(t, p, null);
        assertEquals(0.875, auc.result().item(), TOL);
        AUC weighted = new AUC(3, null, null, null, null, true, 2, new double[] {1, 3}, false);
        weighted.update(t, p, null);
        assertEquals((0.75 + 3) / 4, weighted.result().item(), TOL);
        assertThrows(InvalidArgumentException.class, () -> auc.update(v(1, 0), v(0.5, 0.5), null));
    }

    /** Random batches against a plain re-implementation of Keras's counts and formulas over all the data at once. */
    @Test
    void matchesReferenceOverTwoWeightedBatches() {
        Random rnd = new Random(7);
        int n = 40;
        double[][] y = new double[2][n];
        double[][] p = new double[2][n];
        double[][] w = new double[2][n];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < n; i++) {
                y[b][i] = rnd.nextBoolean() ? 1 : 0;
                p[b][i] = Math.min(1, Math.max(0, 0.3 * y[b][i] + 0.7 * rnd.nextDouble()));
                w[b][i] = rnd.nextInt(3);
            }
        }
        for (AUC.Curve curve : AUC.Curve.values()) {
            for (AUC.SummationMethod sm : AUC.SummationMethod.values()) {
                AUC auc = new AUC(17, curve, sm, null, null, false, null, null, false);
                for (int b = 0; b < 2; b++) {
                    auc.update(v(y[b]), v(p[b]), v(w[b]));
                }
                double expected = Reference.auc(17, curve, sm, concat(y), concat(p), concat(w));
                assertEquals(expected, auc.result().item(), 1e-5, curve + " " + sm);
            }
        }
    }

    private static double[] concat(double[][] a) {
        double[] out = new double[a[0].length + a[1].length];
        System.arraycopy(a[0], 0, out, 0, a[0].length);
        System.arraycopy(a[1], 0, out, a[0].length, a[1].length);
        return out;
    }

    @Test
    void badArguments() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new AUC(1));
        assertEquals("Argument `num_thresholds` must be an integer > 1. Expected an integer > 1. Received: num_thresholds=1. "
                + "To fix: pass num_thresholds of 2 or more (Keras's default is 200).", e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new AUC(Map.of("curve", "PRGAIN2")));
        assertThrows(InvalidArgumentException.class, () -> new AUC(Map.of("summation_method", "trapezoid")));
        assertThrows(InvalidArgumentException.class, () -> new AUC(Map.of("thresholds", java.util.List.of(0.2, 1.2))));
        assertThrows(InvalidArgumentException.class, () -> new AUC(Map.of("num_labels", 3)));
        assertThrows(ShapeMismatchException.class, () -> new AUC().update(v(0, 1, 1), v(0.2, 0.4), null));
    }

    /** Keras's AUC, written out with loops in double precision (predictions and thresholds compared in float32). */
    static final class Reference {
        static double auc(int numThresholds, AUC.Curve curve, AUC.SummationMethod sm, double[] y, double[] p, double[] w) {
            int nt = numThresholds;
            double[] th = new double[nt];
            th[0] = -1e-7;
            th[nt - 1] = 1 + 1e-7;
            for (int i = 1; i < nt - 1; i++) {
                th[i] = (double) i / (nt - 1);
            }
            double[] tp = new double[nt];
            double[] fp = new double[nt];
            double[] tn = new double[nt];
            double[] fn = new double[nt];
            for (int j = 0; j < nt; j++) {
                for (int i = 0; i < y.length; i++) {
                    boolean pos = (float) p[i] > (float) th[j];
                    boolean lab = y[i] != 0;
                    if (pos && lab) {
                        tp[j] += w[i];
                    } else if (pos) {
                        fp[j] += w[i];
                    } else if (lab) {
                        fn[j] += w[i];
                    } else {
                        tn[j] += w[i];
                    }
                }
            }
            double s = 0;
            if (curve == AUC.Curve.PR && sm == AUC.SummationMethod.INTERPOLATION) {
                for (int i = 0; i < nt - 1; i++) {
                    double pa = tp[i] + fp[i];
                    double pb = tp[i + 1] + fp[i + 1];
                    double dtp = tp[i] - tp[i + 1];
                    double slope = pa - pb > 0 ? dtp / (pa - pb) : 0;
                    double intercept = tp[i + 1] - slope * pb;
                    double ratio = pa > 0 && pb > 0 ? pa / pb : 1;
                    double pos = tp[i + 1] + fn[i + 1];
                    s += pos > 0 ? slope * (dtp + intercept * Math.log(ratio)) / pos : 0;
                }
                return s;
            }
            for (int i = 0; i < nt - 1; i++) {
                double x0 = curve == AUC.Curve.ROC ? div(fp[i], fp[i] + tn[i]) : div(tp[i], tp[i] + fn[i]);
                double x1 = curve == AUC.Curve.ROC ? div(fp[i + 1], fp[i + 1] + tn[i + 1]) : div(tp[i + 1], tp[i + 1] + fn[i + 1]);
                double y0 = curve == AUC.Curve.ROC ? div(tp[i], tp[i] + fn[i]) : div(tp[i], tp[i] + fp[i]);
                double y1 = curve == AUC.Curve.ROC ? div(tp[i + 1], tp[i + 1] + fn[i + 1]) : div(tp[i + 1], tp[i + 1] + fp[i + 1]);
                double h = switch (sm) {
                    case INTERPOLATION -> (y0 + y1) / 2;
                    case MINORING -> Math.min(y0, y1);
                    case MAJORING -> Math.max(y0, y1);
                };
                s += (x0 - x1) * h;
            }
            return s;
        }

        private static double div(double a, double b) { return b == 0 ? 0 : a / b; }
    }
}
