package dev.kiln.metrics;

import static dev.kiln.metrics.T.m;
import static dev.kiln.metrics.T.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.metrics.Metric;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Confusion counts, Precision and Recall against hand counts, with thresholds lists, top_k and class_id. */
class ConfusionMetricsTest {
    private static final double TOL = 1e-6;

    @Test
    void countsOverTwoWeightedBatchesAndReset() {
        Metric[] ms = {new TruePositives(), new FalsePositives(), new TrueNegatives(), new FalseNegatives()};
        for (Metric m : ms) {
            m.update(v(0, 1, 1, 1), v(1, 0, 1, 1), null);
        }
        assertArrayEquals(new double[] {2, 1, 0, 1}, results(ms), TOL);
        for (Metric m : ms) {
            m.update(v(1, 0), v(0.9, 0.2), v(2, 3));
        }
        assertArrayEquals(new double[] {4, 1, 3, 1}, results(ms), TOL);
        for (Metric m : ms) {
            m.reset();
        }
        assertArrayEquals(new double[] {0, 0, 0, 0}, results(ms), 0);
        // labels (batch, 1) with predictions (batch,), and a weight per sample
        for (Metric m : ms) {
            m.update(m(2, 1, 1, 0), v(0.7, 0.7), m(2, 1, 0.5, 4));
        }
        assertArrayEquals(new double[] {0.5, 4, 0, 0}, results(ms), TOL);
        assertEquals("true_positives", ms[0].name());
        assertEquals("false_negatives", ms[3].name());
    }

    private static double[] results(Metric[] ms) {
        double[] r = new double[ms.length];
        for (int i = 0; i < ms.length; i++) {
            r[i] = ms[i].result().item();
        }
        return r;
    }

    @Test
    void thresholdListsGiveVectorsAndLogKeys() {
        double[] th = {0.3, 0.7};
        Metric tp = new TruePositives(th);
        Metric fp = new FalsePositives(th);
        Metric tn = new TrueNegatives(th);
        Metric fn = new FalseNegatives(th, "fn_at");
        for (Metric m : new Metric[] {tp, fp, tn, fn}) {
            m.update(v(0, 1, 1, 1), v(0.4, 0.2, 0.5, 0.8), null);
        }
        assertArrayEquals(new float[] {2, 1}, tp.result().toFloatArray());
        assertArrayEquals(new float[] {1, 0}, fp.result().toFloatArray());
        assertArrayEquals(new float[] {0, 1}, tn.result().toFloatArray());
        assertArrayEquals(new float[] {1, 2}, fn.result().toFloatArray());
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("true_positives_0", 2.0);
        expected.put("true_positives_1", 1.0);
        assertEquals(expected, tp.resultAsLogs());
        assertEquals(Map.of("fn_at_0", 1.0, "fn_at_1", 2.0), fn.resultAsLogs());
        // a list of one threshold is a scalar, as in Keras
        Metric one = new TruePositives(new double[] {0.3});
        one.update(v(0, 1, 1, 1), v(0.4, 0.2, 0.5, 0.8), null);
        assertEquals(0, one.result().shape().rank());
        assertEquals(Map.of("true_positives", 2.0), one.resultAsLogs());
    }

    @Test
    void softLabelsFollowKerasPaths() {
        // Evenly spread thresholds take Keras's bucketed path: a label of 0.5 counts half positive, half negative.
        Metric even = new TruePositives(new double[] {0, 0.5, 1});
        even.update(v(0.5), v(0.8), null);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0}, even.result().toFloatArray(), 1e-6f);
        // Otherwise a non-zero label is positive.
        Metric plain = new TruePositives();
        plain.update(v(0.5), v(0.8), null);
        assertEquals(1.0, plain.result().item(), TOL);
    }

    @Test
    void precisionAndRecall() {
        Metric p = new Precision();
        Metric r = new Recall();
        p.update(v(0, 1, 1, 1), v(1, 0, 1, 1), null);
        r.update(v(0, 1, 1, 1), v(1, 0, 1, 1), null);
        assertEquals(2.0 / 3, p.result().item(), TOL);
        assertEquals(2.0 / 3, r.result().item(), TOL);
        p.update(v(0, 1), v(0.9, 0.9), v(2, 1));
        r.update(v(0, 1), v(0.9, 0.9), v(2, 1));
        assertEquals(3.0 / 6, p.result().item(), TOL);
        assertEquals(3.0 / 4, r.result().item(), TOL);
        p.reset();
        r.reset();
        assertEquals(0.0, p.result().item(), 0);
        assertEquals(0.0, r.result().item(), 0);
        // Keras's docstring example: weights pick out one true positive
        p.update(v(0, 1, 1, 1), v(1, 0, 1, 1), v(0, 0, 1, 0));
        assertEquals(1.0, p.result().item(), TOL);
    }

    @Test
    void precisionThresholdList() {
        Metric p = new Precision(new double[] {0.5, 0.95});
        p.update(v(0, 1, 1, 1), v(1, 0, 1, 0.9), null);
        assertArrayEquals(new float[] {2f / 3, 0.5f}, p.result().toFloatArray(), 1e-6f);
        assertEquals(Map.of("precision_0", (double) (2f / 3), "precision_1", 0.5), p.resultAsLogs());
    }

    @Test
    void topKAndClassId() {
        // Keras docstring: with top_k=2 the first two of four tied predictions are kept.
        Metric top2 = new Precision(null, 2, null, null);
        top2.update(v(0, 0, 1, 1), v(1, 1, 1, 1), null);
        assertEquals(0.0, top2.result().item(), TOL);
        Metric top4 = new Precision(null, 4, null, null);
        top4.update(v(0, 0, 1, 1), v(1, 1, 1, 1), null);
        assertEquals(0.5, top4.result().item(), TOL);

        var yTrue = m(3, 3, 1, 0, 0, 0, 1, 0, 0, 1, 0);
        var yPred = m(3, 3, 0.2, 0.7, 0.1, 0.1, 0.6, 0.3, 0.3, 0.4, 0.3);
        Metric p1 = new Precision(null, null, 1, "p1");
        Metric r1 = new Recall(null, null, 1, "r1");
        p1.update(yTrue, yPred, null);
        r1.update(yTrue, yPred, null);
        assertEquals(0.5, p1.result().item(), TOL);              // class 1 predicted for rows 0, 1; right for row 1
        assertEquals(0.5, r1.result().item(), TOL);              // class 1 true for rows 1, 2; found for row 1
        Metric rTop1 = new Recall(null, 1, 1, null);             // top-1 and class 1: rows 0, 1, 2 all pick class 1
        rTop1.update(yTrue, yPred, null);
        assertEquals(1.0, rTop1.result().item(), TOL);
        assertThrows(InvalidArgumentException.class, () -> new Precision(null, null, 3, null).update(yTrue, yPred, null));
    }

    @Test
    void badInputs() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new TruePositives(1.5));
        assertEquals("Threshold values must be in [0, 1]. Expected thresholds in [0, 1]. Received: [1.5]. "
                + "To fix: pass thresholds between 0 and 1.", e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new Precision(new double[] {0.2, -0.1}));
        assertThrows(InvalidArgumentException.class, () -> new Recall(new double[0]));
        assertThrows(InvalidArgumentException.class, () -> new Precision(null, 0, null, null));
        assertThrows(ShapeMismatchException.class, () -> new Precision().update(v(0, 1, 1), v(1, 0, 1, 1), null));
        assertThrows(ShapeMismatchException.class, () -> new TruePositives().update(v(0, 1), v(1, 0), v(1, 2, 3)));
    }
}
