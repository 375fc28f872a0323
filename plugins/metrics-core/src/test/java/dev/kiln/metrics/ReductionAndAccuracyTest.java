package dev.kiln.metrics;

import static dev.kiln.metrics.T.ints;
import static dev.kiln.metrics.T.m;
import static dev.kiln.metrics.T.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.metrics.Metric;
import org.junit.jupiter.api.Test;

/** Mean, Sum and the accuracy family against hand-computed values over two batches, with weights and reset. */
class ReductionAndAccuracyTest {
    private static final double TOL = 1e-6;

    @Test
    void meanWeightsAndReset() {
        Mean mean = new Mean();
        assertEquals("mean", mean.name());
        mean.update(v(1, 3, 5, 7));
        assertEquals(4.0, mean.result().item(), TOL);
        mean.update(v(2, 4), v(1, 0));
        assertEquals(18.0 / 5, mean.result().item(), TOL);
        mean.reset();
        assertEquals(0.0, mean.result().item(), 0);
        // rank-2 values with one weight per sample: values averaged per sample first.
        mean.update(m(2, 2, 1, 2, 3, 4), v(1, 3));
        assertEquals((1.5 * 1 + 3.5 * 3) / 4, mean.result().item(), TOL);
        mean.reset();
        // one weight per value
        mean.update(m(2, 2, 1, 2, 3, 4), m(2, 2, 1, 0, 0, 1));
        assertEquals(2.5, mean.result().item(), TOL);
        // the Metric form: values as yTrue, yPred null
        Mean viaMetric = new Mean("avg");
        viaMetric.update(v(2, 4), null, null);
        viaMetric.update(null, v(6), v(2));
        assertEquals((2 + 4 + 12) / 4.0, viaMetric.result().item(), TOL);
        assertEquals("avg", viaMetric.name());
        assertThrows(InvalidArgumentException.class, () -> viaMetric.update(v(1), v(2), null));
        assertThrows(ShapeMismatchException.class, () -> viaMetric.update(v(1, 2, 3), v(1, 2)));
    }

    @Test
    void sumWeightsAndReset() {
        Sum sum = new Sum();
        sum.update(v(1, 3, 5, 7));
        assertEquals(16.0, sum.result().item(), TOL);
        sum.update(v(2, 4), v(0.5, 0));
        assertEquals(17.0, sum.result().item(), TOL);
        sum.reset();
        assertEquals(0.0, sum.result().item(), 0);
        sum.update(m(2, 2, 1, 2, 3, 4), null, null);
        assertEquals(10.0, sum.result().item(), TOL);
    }

    @Test
    void accuracy() {
        Metric acc = new Accuracy();
        acc.update(v(1, 2, 3, 4), v(0, 2, 3, 4), null);
        assertEquals(0.75, acc.result().item(), TOL);
        acc.update(v(1, 1), v(1, 0), v(2, 1));
        assertEquals(5.0 / 7, acc.result().item(), TOL);
        acc.reset();
        assertEquals(0.0, acc.result().item(), 0);
        acc.update(ints(3, 4), ints(3, 4), null);   // integers compare too
        assertEquals(1.0, acc.result().item(), TOL);
    }

    @Test
    void binaryAccuracy() {
        Metric b = new BinaryAccuracy();
        b.update(m(4, 1, 1, 1, 0, 0), m(4, 1, 0.98, 1, 0, 0.6), null);
        assertEquals(0.75, b.result().item(), TOL);
        b.update(v(1, 0), v(0.5, 0.4), v(1, 3));    // 0.5 is not above 0.5
        assertEquals(6.0 / 8, b.result().item(), TOL);
        b.reset();
        assertEquals(0.0, b.result().item(), 0);
        Metric b7 = new BinaryAccuracy(0.7);
        b7.update(m(4, 1, 1, 1, 0, 0), v(0.98, 1, 0, 0.6), null);   // (4,1) vs (4,): ranks lined up
        assertEquals(1.0, b7.result().item(), TOL);
        assertThrows(InvalidArgumentException.class, () -> new BinaryAccuracy(1.5));
    }

    @Test
    void categoricalAccuracy() {
        Metric c = new CategoricalAccuracy();
        c.update(m(2, 3, 0, 0, 1, 0, 1, 0), m(2, 3, 0.1, 0.9, 0.8, 0.05, 0.95, 0), null);
        assertEquals(0.5, c.result().item(), TOL);
        c.update(m(1, 3, 1, 0, 0), m(1, 3, 0.5, 0.2, 0.3), v(2));
        assertEquals(0.75, c.result().item(), TOL);
        c.reset();
        assertEquals(0.0, c.result().item(), 0);
        assertThrows(ShapeMismatchException.class, () -> c.update(m(2, 3, 0, 0, 1, 0, 1, 0), m(2, 2, 1, 0, 0, 1), null));
    }

    @Test
    void sparseCategoricalAccuracy() {
        Metric s = Metric.get("sparse_categorical_accuracy");
        assertEquals(SparseCategoricalAccuracy.class, s.getClass());
        assertEquals("sparse_categorical_accuracy", s.name());
        var p1 = m(3, 3, 0.1, 0.8, 0.1, 0.7, 0.2, 0.1, 0.2, 0.3, 0.5);
        s.update(ints(1, 1, 2), p1, null);                              // right, wrong, right
        assertEquals(2.0 / 3, s.result().item(), TOL);
        s.update(m(1, 1, 0), m(1, 3, 0.9, 0.05, 0.05), null);           // float labels (batch, 1)
        assertEquals(0.75, s.result().item(), TOL);
        s.reset();
        assertEquals(0.0, s.result().item(), 0);
        s.update(ints(1, 1, 2), p1, v(1, 3, 0));
        assertEquals(0.25, s.result().item(), TOL);
        assertThrows(ShapeMismatchException.class, () -> s.update(ints(1, 1), p1, null));
    }

    @Test
    void topK() {
        Metric t2 = new TopKCategoricalAccuracy(2);
        t2.update(m(2, 3, 0, 0, 1, 1, 0, 0), m(2, 3, 0.1, 0.5, 0.4, 0.1, 0.5, 0.4), null);
        assertEquals(0.5, t2.result().item(), TOL);
        t2.update(m(1, 3, 0, 1, 0), m(1, 3, 0.3, 0.3, 0.4), v(2));     // a tie with the k-th score counts as in
        assertEquals(0.75, t2.result().item(), TOL);
        t2.reset();
        assertEquals(0.0, t2.result().item(), 0);
        Metric t5 = new TopKCategoricalAccuracy();                     // k=5 > 3 classes: always in
        t5.update(m(2, 3, 0, 0, 1, 1, 0, 0), m(2, 3, 0.1, 0.5, 0.4, 0.1, 0.5, 0.4), null);
        assertEquals(1.0, t5.result().item(), TOL);

        Metric s2 = new SparseTopKCategoricalAccuracy(2);
        s2.update(ints(2, 0), m(2, 3, 0.1, 0.5, 0.4, 0.1, 0.5, 0.4), null);
        assertEquals(0.5, s2.result().item(), TOL);
        s2.update(m(1, 1, 1), m(1, 3, 0.3, 0.3, 0.4), v(2));
        assertEquals(0.75, s2.result().item(), TOL);
        s2.reset();
        s2.update(ints(5, 0), m(2, 3, 0.1, 0.5, 0.4, 0.9, 0.05, 0.05), null);   // label 5 is no class: a miss
        assertEquals(0.5, s2.result().item(), TOL);

        Metric sorted = new SparseTopKCategoricalAccuracy(2, null, true);
        sorted.update(ints(0, 0), dev.kiln.api.Tensor.of(new int[] {2, 0, 1, 1, 2, 0}, 2, 3), null);   // ids sorted by score
        assertEquals(0.5, sorted.result().item(), TOL);

        assertThrows(InvalidArgumentException.class, () -> new TopKCategoricalAccuracy(0));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new SparseTopKCategoricalAccuracy(-1));
        assertEquals("Invalid value for argument `k`. Expected a positive integer. Received: k=-1. To fix: pass k >= 1.", e.getMessage());
    }

}
