package dev.kiln.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each metric against hand-computed values over two batches, with sample weights and reset. */
class MetricsTest {
    private static Tensor f(int rows, int cols, double... v) { return Tensor.of(v, rows, cols); }

    private static Tensor v(double... v) { return Tensor.of(v, v.length); }

    @Test
    void sparseCategoricalAccuracyWithWeightsAndReset() {
        Metric m = Metric.get("sparse_categorical_accuracy");
        Tensor p1 = f(3, 3, 0.1, 0.8, 0.1, 0.7, 0.2, 0.1, 0.2, 0.3, 0.5);
        m.update(Tensor.of(new int[] {1, 1, 2}, 3), p1, null);        // right, wrong, right
        assertEquals(2.0 / 3, m.result().item(), 1e-6);
        m.update(Tensor.of(new int[] {0}, 1, 1), f(1, 3, 0.9, 0.05, 0.05), null);
        assertEquals(3.0 / 4, m.result().item(), 1e-6);
        m.reset();
        assertEquals(0.0, m.result().item(), 0);
        m.update(Tensor.of(new int[] {1, 1, 2}, 3), p1, v(1, 3, 0));
        assertEquals(0.25, m.result().item(), 1e-6);                 // (1*1 + 3*0 + 0*1) / 4
    }

    @Test
    void accuracyFamily() {
        Metric cat = new CategoricalAccuracy();
        cat.update(f(2, 3, 0, 1, 0, 1, 0, 0), f(2, 3, 0.2, 0.7, 0.1, 0.3, 0.6, 0.1), null);
        assertEquals(0.5, cat.result().item(), 1e-6);
        Metric bin = new BinaryAccuracy(0.5);
        bin.update(f(4, 1, 1, 0, 1, 0), f(4, 1, 0.9, 0.6, 0.4, 0.1), null);
        assertEquals(0.5, bin.result().item(), 1e-6);
        Metric exact = new Accuracy();
        exact.update(v(1, 2, 3, 4), v(1, 2, 0, 4), null);
        assertEquals(0.75, exact.result().item(), 1e-6);
        Metric top2 = new TopKCategoricalAccuracy(2, true);
        top2.update(Tensor.of(new int[] {2, 0}, 2), f(2, 3, 0.1, 0.5, 0.4, 0.1, 0.5, 0.4), null);
        assertEquals(0.5, top2.result().item(), 1e-6);
        Metric top1 = new TopKCategoricalAccuracy(1, false);
        top1.update(f(2, 3, 0, 0, 1, 1, 0, 0), f(2, 3, 0.1, 0.5, 0.4, 0.6, 0.3, 0.1), null);
        assertEquals(0.5, top1.result().item(), 1e-6);
        assertThrows(InvalidArgumentException.class, () -> new TopKCategoricalAccuracy(0, true));
    }

    @Test
    void regressionErrors() {
        Tensor t = f(2, 2, 1, 2, 3, 4);
        Tensor p = f(2, 2, 1.5, 2, 2, 6);
        Metric mse = new MeanSquaredError();
        mse.update(t, p, null);
        assertEquals((0.25 + 0 + 1 + 4) / 4, mse.result().item(), 1e-6);
        Metric mae = new MeanAbsoluteError();
        mae.update(t, p, v(1, 0));
        assertEquals(0.25, mae.result().item(), 1e-6);
        Metric rmse = new RootMeanSquaredError();
        rmse.update(t, p, null);
        assertEquals(Math.sqrt((0.25 + 1 + 4) / 4), rmse.result().item(), 1e-6);
        Metric mape = new MeanAbsolutePercentageError();
        mape.update(t, p, null);
        assertEquals(100 * (0.5 / 1 + 0 + 1.0 / 3 + 2.0 / 4) / 4, mape.result().item(), 1e-4);
        Metric cos = new CosineSimilarity();
        cos.update(f(1, 2, 1, 0), f(1, 2, 1, 1), null);
        assertEquals(1 / Math.sqrt(2), cos.result().item(), 1e-6);
        assertThrows(ShapeMismatchException.class, () -> new MeanSquaredError().update(f(2, 2, 1, 2, 3, 4), f(1, 3, 1, 2, 3), null));
    }

    @Test
    void meanAndSum() {
        Mean m = new Mean();
        m.update(v(1, 2, 3));
        m.update(v(10), v(3));
        assertEquals((1 + 2 + 3 + 30) / 6.0, m.result().item(), 1e-6);
        Sum s = new Sum();
        s.update(v(1, 2), null, null);
        s.update(v(3), null, v(2));
        assertEquals(9, s.result().item(), 1e-6);
    }

    @Test
    void confusionCountsPrecisionRecall() {
        Tensor t = f(5, 1, 1, 0, 1, 1, 0);
        Tensor p = f(5, 1, 0.9, 0.8, 0.3, 0.6, 0.2);
        // at 0.5: tp = 2 (0.9, 0.6), fp = 1 (0.8), fn = 1 (0.3), tn = 1 (0.2)
        Metric tp = ConfusionCount.truePositives(0.5);
        Metric fp = ConfusionCount.falsePositives(0.5);
        Metric tn = ConfusionCount.trueNegatives(0.5);
        Metric fn = ConfusionCount.falseNegatives(0.5);
        for (Metric m : List.of(tp, fp, tn, fn)) {
            m.update(t, p, null);
        }
        assertEquals(List.of(2.0, 1.0, 1.0, 1.0), List.of(tp.result().item(), fp.result().item(), tn.result().item(), fn.result().item()));
        Metric precision = PrecisionRecall.precision();
        Metric recall = PrecisionRecall.recall();
        precision.update(t, p, null);
        recall.update(t, p, null);
        assertEquals(2.0 / 3, precision.result().item(), 1e-6);
        assertEquals(2.0 / 3, recall.result().item(), 1e-6);
        precision.update(t, p, v(0, 0, 0, 0, 0));
        assertEquals(2.0 / 3, precision.result().item(), 1e-6);
        Metric multi = PrecisionRecall.recall(new double[] {0.25, 0.7}, null, null);
        multi.update(t, p, null);
        assertArrayEquals(new float[] {1f, 1f / 3}, multi.result().toFloatArray(), 1e-6f);
        assertEquals(Map.of("recall_0", 1.0, "recall_1", 1.0 / 3).keySet(), multi.resultAsLogs().keySet());
        Metric perClass = PrecisionRecall.precision(null, null, 1);
        perClass.update(f(2, 2, 0, 1, 1, 0), f(2, 2, 0.2, 0.9, 0.4, 0.6), null);
        assertEquals(0.5, perClass.result().item(), 1e-6);
        Metric topK = PrecisionRecall.precision(null, 1, null);
        topK.update(f(2, 3, 0, 1, 0, 1, 0, 0), f(2, 3, 0.2, 0.5, 0.3, 0.1, 0.6, 0.3), null);
        assertEquals(0.5, topK.result().item(), 1e-6);
        tp.reset();
        assertEquals(0.0, tp.result().item(), 0);
        assertThrows(InvalidArgumentException.class, () -> ConfusionCount.of(ConfusionCount.Cell.TRUE_POSITIVES, 1.5));
    }

    /** An independent ROC/PR computation over Keras's thresholds. */
    private static double referenceAuc(double[] t, double[] p, int n, boolean roc) {
        double[] th = new double[n];
        for (int i = 1; i < n - 1; i++) {
            th[i] = (double) i / (n - 1);
        }
        th[0] = -1e-7;
        th[n - 1] = 1 + 1e-7;
        double[] tp = new double[n];
        double[] fp = new double[n];
        double[] fn = new double[n];
        double[] tn = new double[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < t.length; i++) {
                boolean pos = p[i] > th[k];
                if (t[i] > 0.5) {
                    if (pos) { tp[k]++; } else { fn[k]++; }
                } else {
                    if (pos) { fp[k]++; } else { tn[k]++; }
                }
            }
        }
        double area = 0;
        for (int k = 0; k < n - 1; k++) {
            if (roc) {
                double x0 = fp[k] / (fp[k] + tn[k]);
                double x1 = fp[k + 1] / (fp[k + 1] + tn[k + 1]);
                double y0 = tp[k] / (tp[k] + fn[k]);
                double y1 = tp[k + 1] / (tp[k + 1] + fn[k + 1]);
                area += (x0 - x1) * (y0 + y1) / 2;
            } else {
                double dtp = tp[k] - tp[k + 1];
                double p0 = tp[k] + fp[k];
                double p1 = tp[k + 1] + fp[k + 1];
                double slope = p0 - p1 > 0 ? dtp / (p0 - p1) : 0;
                double intercept = tp[k + 1] - slope * p1;
                double ratio = p0 > 0 && p1 > 0 ? p0 / p1 : 1;
                double denom = tp[k + 1] + fn[k + 1];
                area += denom > 0 ? slope * (dtp + intercept * Math.log(ratio)) / denom : 0;
            }
        }
        return area;
    }

    @Test
    void aucRocAndPr() {
        double[] t = {0, 0, 1, 1, 1, 0, 1, 0};
        double[] p = {0.1, 0.4, 0.35, 0.8, 0.9, 0.55, 0.7, 0.2};
        Metric roc = new AUC(20, "ROC", "interpolation", false);
        roc.update(Tensor.of(t, 8, 1), Tensor.of(p, 8, 1), null);
        assertEquals(referenceAuc(t, p, 20, true), roc.result().item(), 1e-6);
        Metric pr = new AUC(20, "PR", "interpolation", false);
        pr.update(Tensor.of(t, 8, 1), Tensor.of(p, 8, 1), null);
        assertEquals(referenceAuc(t, p, 20, false), pr.result().item(), 1e-6);
        // a perfect ranking has ROC AUC 1
        Metric perfect = new AUC();
        perfect.update(v(0, 0, 1, 1), v(0.1, 0.2, 0.8, 0.9), null);
        assertEquals(1.0, perfect.result().item(), 1e-6);
        assertThrows(InvalidArgumentException.class, () -> new AUC(1, "ROC", "interpolation", false));
        assertThrows(InvalidArgumentException.class, () -> new AUC(10, "XYZ", "interpolation", false));
    }

    @Test
    void registryAliasesAndConfigRoundTrips() {
        assertTrue(Metric.get("sparse_categorical_accuracy") instanceof SparseCategoricalAccuracy);
        assertTrue(Metric.get("mse") instanceof MeanSquaredError);
        assertTrue(Metric.get("auc") instanceof AUC);
        for (Metric m : List.of(new BinaryAccuracy(0.3), new TopKCategoricalAccuracy(3, true), new TopKCategoricalAccuracy(2, false),
                PrecisionRecall.recall(new double[] {0.2, 0.4}, null, 1), ConfusionCount.falseNegatives(0.4),
                new AUC(50, "PR", "minoring", true), new Mean(), new RootMeanSquaredError())) {
            Metric back = Registry.get().deserialize(ComponentKind.METRIC, Registry.get().serialize(ComponentKind.METRIC, m), Metric.class);
            assertEquals(m.getClass(), back.getClass());
            assertEquals(m.getConfig(), back.getConfig());
            assertEquals(m.name(), back.name());
        }
        Metric named = Registry.get().create(ComponentKind.METRIC, "sparse_categorical_accuracy", Map.of("name", "accuracy"), Metric.class);
        assertEquals("accuracy", named.name());
    }
}
