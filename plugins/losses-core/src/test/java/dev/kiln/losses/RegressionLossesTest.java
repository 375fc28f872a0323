package dev.kiln.losses;

import static dev.kiln.losses.Expect.reductions;
import static dev.kiln.losses.Expect.sq;
import static dev.kiln.losses.Expect.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Reduction;
import org.junit.jupiter.api.Test;

/** Regression, divergence and hinge losses against Keras's formulas worked out by hand on two or three samples. */
class RegressionLossesTest {
    private static final double E = 1e-7;
    // two samples, three features
    private static final Tensor Y_TRUE = t(new double[] {0, 1, 2, 1, 0, 0.5}, 2, 3);
    private static final Tensor Y_PRED = t(new double[] {0.5, 1, 1, 0.2, 0.4, 1.5}, 2, 3);

    @Test
    void meanSquaredError() {
        double s0 = (sq(0 - 0.5) + sq(1 - 1) + sq(2 - 1)) / 3;
        double s1 = (sq(1 - 0.2) + sq(0 - 0.4) + sq(0.5 - 1.5)) / 3;
        reductions(MeanSquaredError::new, Y_TRUE, Y_PRED, s0, s1);
    }

    @Test
    void meanAbsoluteError() {
        double s0 = (0.5 + 0 + 1) / 3;
        double s1 = (0.8 + 0.4 + 1) / 3;
        reductions(MeanAbsoluteError::new, Y_TRUE, Y_PRED, s0, s1);
    }

    @Test
    void meanAbsolutePercentageErrorDividesByAtLeastEpsilon() {
        double s0 = 100 * (0.5 / E + 0 / 1.0 + 1 / 2.0) / 3;
        double s1 = 100 * (0.8 / 1.0 + 0.4 / E + 1 / 0.5) / 3;
        reductions(MeanAbsolutePercentageError::new, Y_TRUE, Y_PRED, s0, s1);
    }

    @Test
    void meanSquaredLogarithmicError() {
        double s0 = (sq(Math.log(0.5 + 1) - Math.log(E + 1)) + sq(Math.log(2) - Math.log(2)) + sq(Math.log(2) - Math.log(3))) / 3;
        double s1 = (sq(Math.log(1.2) - Math.log(2)) + sq(Math.log(1.4) - Math.log(E + 1)) + sq(Math.log(2.5) - Math.log(1.5))) / 3;
        reductions(MeanSquaredLogarithmicError::new, Y_TRUE, Y_PRED, s0, s1);
    }

    @Test
    void huberIsQuadraticUpToDeltaAndLinearBeyond() {
        double d = 0.6;
        // errors 0.5, 0, 1 and 0.8, 0.4, 1
        double s0 = (0.5 * sq(0.5) + 0 + (d * 1 - 0.5 * d * d)) / 3;
        double s1 = ((d * 0.8 - 0.5 * d * d) + 0.5 * sq(0.4) + (d * 1 - 0.5 * d * d)) / 3;
        reductions(r -> new Huber(d, r, null), Y_TRUE, Y_PRED, s0, s1);
        // Keras's documented example: 0.155
        assertEquals(0.155, new Huber().compute(t(new double[] {0, 1, 0, 0}, 2, 2), t(new double[] {0.6, 0.4, 0.4, 0.6}, 2, 2), null)
                .item(), 5e-4);
    }

    @Test
    void logCosh() {
        double s0 = (Math.log(Math.cosh(0.5)) + Math.log(Math.cosh(0)) + Math.log(Math.cosh(-1))) / 3;
        double s1 = (Math.log(Math.cosh(-0.8)) + Math.log(Math.cosh(0.4)) + Math.log(Math.cosh(1))) / 3;
        reductions(LogCosh::new, Y_TRUE, Y_PRED, s0, s1);
        // large errors stay finite: log cosh(1000) = 1000 - log 2
        double big = new LogCosh().compute(t(new double[] {0}, 1, 1), t(new double[] {1000}, 1, 1), null).item();
        assertEquals(1000 - Math.log(2), big, 1e-9);
    }

    @Test
    void poisson() {
        double s0 = ((0.5 - 0 * Math.log(0.5 + E)) + (1 - 1 * Math.log(1 + E)) + (1 - 2 * Math.log(1 + E))) / 3;
        double s1 = ((0.2 - 1 * Math.log(0.2 + E)) + (0.4 - 0 * Math.log(0.4 + E)) + (1.5 - 0.5 * Math.log(1.5 + E))) / 3;
        reductions(Poisson::new, Y_TRUE, Y_PRED, s0, s1);
    }

    @Test
    void klDivergenceClipsBothSidesToEpsilon() {
        Tensor yt = t(new double[] {0.2, 0.3, 0.5, 0, 0.5, 0.5}, 2, 3);
        Tensor yp = t(new double[] {0.1, 0.6, 0.3, 0.4, 0.4, 0.2}, 2, 3);
        double s0 = 0.2 * Math.log(0.2 / 0.1) + 0.3 * Math.log(0.3 / 0.6) + 0.5 * Math.log(0.5 / 0.3);
        double s1 = E * Math.log(E / 0.4) + 0.5 * Math.log(0.5 / 0.4) + 0.5 * Math.log(0.5 / 0.2);
        reductions(KLDivergence::new, yt, yp, s0, s1);
    }

    @Test
    void cosineSimilarityIsTheNegativeSimilarity() {
        // Keras's documented example: [-0, -1, 1]
        Tensor yt = t(new double[] {0, 1, 1, 1, 1, 1}, 3, 2);
        Tensor yp = t(new double[] {1, 0, 1, 1, -1, -1}, 3, 2);
        double s0 = -(0 * 1 + 1 * 0) / (1.0 * 1.0);
        double s1 = -(1 * 1 + 1 * 1) / (Math.sqrt(2) * Math.sqrt(2));
        double s2 = -(1 * -1 + 1 * -1) / (Math.sqrt(2) * Math.sqrt(2));
        reductions(r -> new CosineSimilarity(-1, r, null), yt, yp, s0, s1, s2);
        // not unit length, and along axis 0
        Tensor a = t(new double[] {3, 4}, 2, 1);
        Tensor b = t(new double[] {4, 3}, 2, 1);
        assertEquals(-(3 * 4 + 4 * 3) / 25.0, new CosineSimilarity(0, Reduction.NONE, null).compute(a, b, null).toDoubleArray()[0], 1e-12);
        // a zero vector gives 0, not NaN
        double zero = new CosineSimilarity().compute(t(new double[] {0, 0}, 1, 2), t(new double[] {1, 2}, 1, 2), null).item();
        assertEquals(0.0, zero, 0.0);
    }

    @Test
    void hingeConvertsBinaryLabelsToPlusMinusOne() {
        Tensor yt = t(new double[] {0, 1, 1, 1, 0, 0}, 2, 3);
        Tensor yp = t(new double[] {0.3, 0.8, -0.5, 1.5, 0.2, -0.4}, 2, 3);
        // labels read as -1, 1, 1 / 1, -1, -1
        double s0 = (Math.max(1 - (-1) * 0.3, 0) + Math.max(1 - 0.8, 0) + Math.max(1 - (-0.5), 0)) / 3;
        double s1 = (Math.max(1 - 1.5, 0) + Math.max(1 - (-1) * 0.2, 0) + Math.max(1 - (-1) * (-0.4), 0)) / 3;
        reductions(Hinge::new, yt, yp, s0, s1);
        // -1/1 labels are used as given, with the same result
        reductions(Hinge::new, t(new double[] {-1, 1, 1, 1, -1, -1}, 2, 3), yp, s0, s1);
        // labels that are not all 0/1 are not converted
        double s = (Math.max(1 - 0.5 * 0.3, 0) + Math.max(1 - 1 * 0.8, 0) + Math.max(1 - 0 * -0.5, 0)) / 3;
        assertEquals(s, new Hinge().compute(t(new double[] {0.5, 1, 0}, 1, 3), t(new double[] {0.3, 0.8, -0.5}, 1, 3), null).item(), 1e-12);
    }

    @Test
    void squaredHinge() {
        Tensor yt = t(new double[] {0, 1, 1, 1, 0, 0}, 2, 3);
        Tensor yp = t(new double[] {0.3, 0.8, -0.5, 1.5, 0.2, -0.4}, 2, 3);
        double s0 = (sq(1.3) + sq(0.2) + sq(1.5)) / 3;
        double s1 = (sq(0) + sq(1.2) + sq(0.6)) / 3;
        reductions(SquaredHinge::new, yt, yp, s0, s1);
    }

    @Test
    void categoricalHinge() {
        Tensor yt = t(new double[] {0, 1, 0, 0, 0, 1}, 2, 3);
        Tensor yp = t(new double[] {0.2, 0.7, 0.1, 0.3, 0.6, 0.1}, 2, 3);
        // max((1 - t) * p) - sum(t * p) + 1, floored at 0
        double s0 = Math.max(Math.max(0.2, 0.1) - 0.7 + 1, 0);
        double s1 = Math.max(Math.max(0.3, 0.6) - 0.1 + 1, 0);
        reductions(CategoricalHinge::new, yt, yp, s0, s1);
    }

    @Test
    void perSampleValuesHaveOneEntryPerSample() {
        Tensor yt = Tensor.of(new float[] {1, 2, 3, 4}, 4, 1);
        Tensor yp = Tensor.of(new float[] {1, 2, 3, 5}, 4, 1);
        // (batch, 1) predictions with (batch,) or (batch, 1) targets, and (batch,) predictions
        for (Tensor[] pair : new Tensor[][] {{yt, yp}, {yt.reshape(4), yp}, {yt, yp.reshape(4)}, {yt.reshape(4), yp.reshape(4)}}) {
            Tensor v = new MeanSquaredError(Reduction.NONE).compute(pair[0], pair[1], null);
            assertEquals(Shape.of(4), v.shape());
            assertArrayEquals(new double[] {0, 0, 0, 1}, v.toDoubleArray(), 1e-7);
        }
        // (batch, 3) predictions: one value per sample for every loss
        Tensor a = Tensor.of(new float[] {0.2f, 0.3f, 0.5f, 0.1f, 0.1f, 0.8f}, 2, 3);
        Tensor b = Tensor.of(new float[] {0, 0, 1, 0, 1, 0}, 2, 3);
        for (var l : new dev.kiln.api.losses.Loss[] {new MeanSquaredError(Reduction.NONE), new MeanAbsoluteError(Reduction.NONE),
                new MeanAbsolutePercentageError(Reduction.NONE), new MeanSquaredLogarithmicError(Reduction.NONE),
                new Huber(1, Reduction.NONE, null), new LogCosh(Reduction.NONE), new KLDivergence(Reduction.NONE),
                new Poisson(Reduction.NONE), new Hinge(Reduction.NONE), new SquaredHinge(Reduction.NONE),
                new CategoricalHinge(Reduction.NONE), new CosineSimilarity(-1, Reduction.NONE, null),
                new BinaryCrossentropy(false, 0, -1, Reduction.NONE, null), new CategoricalCrossentropy(false, 0, -1, Reduction.NONE, null)}) {
            assertEquals(Shape.of(2), l.compute(b, a, null).shape(), l.name());
        }
        // a (batch, time, features) prediction gives (batch, time)
        Tensor seq = Tensor.of(new float[12], 2, 3, 2);
        assertEquals(Shape.of(2, 3), new MeanSquaredError(Reduction.NONE).compute(seq, seq, null).shape());
    }
}
