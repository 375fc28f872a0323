package dev.kiln.losses;

import static dev.kiln.losses.Expect.reductions;
import static dev.kiln.losses.Expect.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Reduction;
import org.junit.jupiter.api.Test;

/** The cross-entropies against Keras's formulas and documented examples. */
class CrossentropyTest {
    private static final double E = 1e-7;
    private static final double[] LOGITS = {1.0, 2.0, 0.5, -1.0, 0.0, 3.0};

    private static double clip(double p) { return Math.min(1 - E, Math.max(E, p)); }

    /** -log softmax(row)[k] worked out directly. */
    private static double nll(double[] logits, int row, int k) {
        double z = 0;
        for (int c = 0; c < 3; c++) {
            z += Math.exp(logits[row * 3 + c]);
        }
        return -(logits[row * 3 + k] - Math.log(z));
    }

    // --------------------------------------------------------------------------------------------- binary

    @Test
    void binaryCrossentropyOnProbabilities() {
        Tensor yt = t(new double[] {0, 1, 0, 0}, 2, 2);
        Tensor yp = t(new double[] {0.6, 0.4, 0.4, 0.6}, 2, 2);
        double s0 = (-Math.log(1 - 0.6) - Math.log(0.4)) / 2;
        double s1 = (-Math.log(1 - 0.4) - Math.log(1 - 0.6)) / 2;
        reductions(r -> new BinaryCrossentropy(false, 0, -1, r, null), yt, yp, s0, s1);
        // Keras's documented values [0.916, 0.714]
        assertArrayEquals(new double[] {0.916, 0.714}, new BinaryCrossentropy(false, 0, -1, Reduction.NONE, null)
                .compute(yt, yp, null).toDoubleArray(), 1e-3);
        // probabilities of exactly 0 and 1 are clipped to [1e-7, 1 - 1e-7]: finite
        double clipped = new BinaryCrossentropy().compute(t(new double[] {1, 0}, 1, 2), t(new double[] {0, 1}, 1, 2), null).item();
        assertEquals((-Math.log(E) - Math.log(1 - (1 - E))) / 2, clipped, 1e-6);
    }

    @Test
    void binaryCrossentropyFromLogitsUsesTheStableFormula() {
        Tensor yt = t(new double[] {0, 1, 0, 0}, 2, 2);
        double[] x = {-18.6, 0.51, 2.94, -12.8};
        double[] z = {0, 1, 0, 0};
        double[] l = new double[4];
        for (int i = 0; i < 4; i++) {
            l[i] = Math.max(x[i], 0) - x[i] * z[i] + Math.log(1 + Math.exp(-Math.abs(x[i])));
        }
        reductions(r -> new BinaryCrossentropy(true, 0, -1, r, null), yt, t(x, 2, 2), (l[0] + l[1]) / 2, (l[2] + l[3]) / 2);
        // Keras's documented values: 0.8654; weighted [0.8, 0.2] 0.243; sum 1.730; none [0.235, 1.496]
        Tensor logits = t(x, 2, 2);
        assertEquals(0.8654, new BinaryCrossentropy(true).compute(yt, logits, null).item(), 1e-3);
        assertEquals(0.243, new BinaryCrossentropy(true).compute(yt, logits, t(new double[] {0.8, 0.2}, 2)).item(), 1e-3);
        assertEquals(1.730, new BinaryCrossentropy(true, 0, -1, Reduction.SUM, null).compute(yt, logits, null).item(), 1e-3);
        // large logits do not overflow
        double big = new BinaryCrossentropy(true).compute(t(new double[] {0}, 1, 1), t(new double[] {1000}, 1, 1), null).item();
        assertEquals(1000, big, 1e-9);
    }

    @Test
    void binaryFromLogitsEqualsProbabilities() {
        Tensor yt = t(new double[] {0, 1, 1, 0, 1, 0}, 3, 2);
        Tensor x = t(new double[] {-1.5, 0.3, 2.0, 0.1, -0.7, 1.2}, 3, 2);
        for (double s : new double[] {0, 0.2}) {
            assertEquals(new BinaryCrossentropy(false, s).compute(yt, x.sigmoid(), null).item(),
                    new BinaryCrossentropy(true, s).compute(yt, x, null).item(), 1e-12);
        }
    }

    @Test
    void binaryLabelSmoothingSqueezesLabelsTowardsOneHalf() {
        Tensor yt = t(new double[] {0, 1}, 1, 2);
        Tensor yp = t(new double[] {0.3, 0.9}, 1, 2);
        double s = 0.2;
        double t0 = 0 * (1 - s) + 0.5 * s;
        double t1 = 1 * (1 - s) + 0.5 * s;
        double expected = (-(t0 * Math.log(0.3) + (1 - t0) * Math.log(0.7)) - (t1 * Math.log(0.9) + (1 - t1) * Math.log(0.1))) / 2;
        assertEquals(expected, new BinaryCrossentropy(false, s).compute(yt, yp, null).item(), 1e-12);
    }

    @Test
    void binaryTargetsOfShapeBatchMatchBatchByOnePredictions() {
        Tensor p = t(new double[] {0.2, 0.9, 0.6}, 3, 1);
        double[] perSample = {-Math.log(0.8), -Math.log(0.9), -Math.log(0.4)};
        reductions(r -> new BinaryCrossentropy(false, 0, -1, r, null), Tensor.of(new int[] {0, 1, 0}, 3), p, perSample);
        reductions(r -> new BinaryCrossentropy(false, 0, -1, r, null), Tensor.of(new float[] {0, 1, 0}, 3, 1), p.reshape(3), perSample);
    }

    // --------------------------------------------------------------------------------------------- categorical

    @Test
    void categoricalCrossentropyOnProbabilities() {
        Tensor yt = t(new double[] {0, 1, 0, 0, 0, 1}, 2, 3);
        Tensor yp = t(new double[] {0.05, 0.95, 0, 0.1, 0.8, 0.1}, 2, 3);
        // rows already sum to 1; the 0 is clipped to 1e-7 but has label 0
        double s0 = -(0 * Math.log(clip(0.05)) + 1 * Math.log(clip(0.95)) + 0 * Math.log(clip(0)));
        double s1 = -Math.log(clip(0.1));
        reductions(r -> new CategoricalCrossentropy(false, 0, -1, r, null), yt, yp, s0, s1);
        // Keras's documented values: 1.177; weighted [0.3, 0.7] 0.814; sum 2.354
        assertEquals(1.177, new CategoricalCrossentropy().compute(yt, yp, null).item(), 1e-3);
        assertEquals(0.814, new CategoricalCrossentropy().compute(yt, yp, t(new double[] {0.3, 0.7}, 2)).item(), 1e-3);
        // unnormalized scores are divided by their sum first
        Tensor scaled = yp.mul(4.0);
        assertEquals(new CategoricalCrossentropy().compute(yt, yp, null).item(), new CategoricalCrossentropy().compute(yt, scaled, null).item(),
                1e-12);
    }

    @Test
    void categoricalFromLogitsUsesLogSoftmaxAndEqualsProbabilities() {
        Tensor yt = t(new double[] {0, 1, 0, 0, 0, 1}, 2, 3);
        Tensor logits = t(LOGITS, 2, 3);
        reductions(r -> new CategoricalCrossentropy(true, 0, -1, r, null), yt, logits, nll(LOGITS, 0, 1), nll(LOGITS, 1, 2));
        assertEquals(new CategoricalCrossentropy(false).compute(yt, logits.softmax(-1), null).item(),
                new CategoricalCrossentropy(true).compute(yt, logits, null).item(), 1e-12);
        // extreme logits stay finite
        double v = new CategoricalCrossentropy(true).compute(t(new double[] {1, 0}, 1, 2), t(new double[] {-500, 500}, 1, 2), null).item();
        assertEquals(1000, v, 1e-9);
    }

    @Test
    void categoricalLabelSmoothing() {
        Tensor yt = t(new double[] {0, 1, 0, 0, 0, 1}, 2, 3);
        double s = 0.1;
        double[] perSample = new double[2];
        double[] tv = {0, 1, 0, 0, 0, 1};
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                double smoothed = tv[r * 3 + c] * (1 - s) + s / 3;
                perSample[r] += smoothed * nll(LOGITS, r, c);
            }
        }
        reductions(red -> new CategoricalCrossentropy(true, s, -1, red, null), yt, t(LOGITS, 2, 3), perSample);
        assertEquals(new CategoricalCrossentropy(false, s).compute(yt, t(LOGITS, 2, 3).softmax(-1), null).item(),
                new CategoricalCrossentropy(true, s).compute(yt, t(LOGITS, 2, 3), null).item(), 1e-12);
        assertThrows(InvalidArgumentException.class, () -> new CategoricalCrossentropy(false, 1.5));
        assertThrows(InvalidArgumentException.class, () -> new BinaryCrossentropy(false, -0.1));
    }

    @Test
    void categoricalWithIntegerLabelsSaysToUseTheSparseLoss() {
        Tensor yp = Tensor.of(new float[640], 64, 10);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> new CategoricalCrossentropy().compute(Tensor.of(new int[64], 64), yp, null));
        assertTrue(e.getMessage().contains("sparse_categorical_crossentropy") && e.getMessage().contains("(64,)")
                && e.getMessage().contains("(64, 10)") && e.getMessage().contains("To fix"), e.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> new CategoricalCrossentropy().compute(Tensor.of(new int[64], 64, 1), yp, null));
        assertTrue(e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
        // regression losses say the same
        e = assertThrows(ShapeMismatchException.class, () -> new MeanSquaredError().compute(Tensor.of(new int[64], 64), yp, null));
        assertTrue(e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
        // other mismatches
        assertThrows(ShapeMismatchException.class,
                () -> new BinaryCrossentropy().compute(Tensor.of(new float[6], 2, 3), Tensor.of(new float[4], 2, 2), null));
        assertThrows(ShapeMismatchException.class,
                () -> new MeanAbsoluteError().compute(Tensor.of(new float[6], 2, 3), Tensor.of(new float[4], 2, 2), null));
        assertThrows(ShapeMismatchException.class,
                () -> new CategoricalCrossentropy().compute(Tensor.of(new float[6], 3, 2), Tensor.of(new float[6], 2, 3), null));
    }

    // --------------------------------------------------------------------------------------------- sparse

    @Test
    void sparseCategoricalCrossentropyOnProbabilities() {
        Tensor yp = t(new double[] {0.05, 0.95, 0, 0.1, 0.8, 0.1}, 2, 3);
        double s0 = -Math.log(clip(0.95));
        double s1 = -Math.log(clip(0.1));
        reductions(r -> new SparseCategoricalCrossentropy(false, null, -1, r, null), Tensor.of(new int[] {1, 2}, 2), yp, s0, s1);
        // labels of shape (batch, 1), int64 and float labels give the same
        reductions(r -> new SparseCategoricalCrossentropy(false, null, -1, r, null), Tensor.of(new int[] {1, 2}, 2, 1), yp, s0, s1);
        reductions(r -> new SparseCategoricalCrossentropy(false, null, -1, r, null), Tensor.of(new long[] {1, 2}, 2), yp, s0, s1);
        reductions(r -> new SparseCategoricalCrossentropy(false, null, -1, r, null), Tensor.of(new float[] {1, 2}, 2, 1), yp, s0, s1);
        // Keras's documented values: 1.177; weighted 0.814; sum 2.354; none [0.0513, 2.303]
        Tensor labels = Tensor.of(new int[] {1, 2}, 2);
        assertEquals(1.177, new SparseCategoricalCrossentropy().compute(labels, yp, null).item(), 1e-3);
        assertEquals(0.814, new SparseCategoricalCrossentropy().compute(labels, yp, t(new double[] {0.3, 0.7}, 2)).item(), 1e-3);
        assertEquals(2.354, new SparseCategoricalCrossentropy(false, null, -1, Reduction.SUM, null).compute(labels, yp, null).item(), 1e-3);
        // float32 predictions compute in float32
        assertEquals(DType.FLOAT32, new SparseCategoricalCrossentropy().compute(labels, yp.cast(DType.FLOAT32), null).dtype());
    }

    @Test
    void sparseFromLogitsEqualsProbabilitiesAndTheCategoricalLoss() {
        Tensor logits = t(LOGITS, 2, 3);
        Tensor labels = Tensor.of(new int[] {1, 2}, 2);
        reductions(r -> new SparseCategoricalCrossentropy(true, null, -1, r, null), labels, logits, nll(LOGITS, 0, 1), nll(LOGITS, 1, 2));
        double fromLogits = new SparseCategoricalCrossentropy(true).compute(labels, logits, null).item();
        assertEquals(new SparseCategoricalCrossentropy(false).compute(labels, logits.softmax(-1), null).item(), fromLogits, 1e-12);
        assertEquals(new CategoricalCrossentropy(true).compute(t(new double[] {0, 1, 0, 0, 0, 1}, 2, 3), logits, null).item(), fromLogits,
                1e-12);
        // (batch, time, classes) predictions with (batch, time) labels
        Tensor seq = logits.reshape(1, 2, 3);
        Tensor v = new SparseCategoricalCrossentropy(true, null, -1, Reduction.NONE, null).compute(Tensor.of(new int[] {1, 2}, 1, 2), seq, null);
        assertEquals(Shape.of(1, 2), v.shape());
        assertArrayEquals(new double[] {nll(LOGITS, 0, 1), nll(LOGITS, 1, 2)}, v.toDoubleArray(), 1e-12);
    }

    @Test
    void sparseIgnoreClassLeavesSamplesOutAsKerasMasksThem() {
        Tensor logits = t(new double[] {1.0, 2.0, 0.5, 9, 9, 9, -1.0, 0.0, 3.0}, 3, 3);
        Tensor labels = Tensor.of(new int[] {1, -1, 2}, 3);
        double l0 = nll(LOGITS, 0, 1);
        double l2 = nll(LOGITS, 1, 2);
        SparseCategoricalCrossentropy none = new SparseCategoricalCrossentropy(true, -1, -1, Reduction.NONE, null);
        assertArrayEquals(new double[] {l0, 0, l2}, none.compute(labels, logits, null).toDoubleArray(), 1e-12);
        assertEquals(l0 + l2, new SparseCategoricalCrossentropy(true, -1, -1, Reduction.SUM, null).compute(labels, logits, null).item(), 1e-12);
        // sum_over_batch_size: each valid sample weighs total / (valid + epsilon), so the mean is over the valid ones
        assertEquals((l0 + l2) * (3 / (2 + E)) / 3, new SparseCategoricalCrossentropy(true, -1).compute(labels, logits, null).item(), 1e-12);
        // an ignore class inside the range works too; probabilities path
        double p = new SparseCategoricalCrossentropy(false, 0).compute(Tensor.of(new int[] {0, 2}, 2),
                t(new double[] {0.2, 0.3, 0.5, 0.1, 0.1, 0.8}, 2, 3), null).item();
        assertEquals(-Math.log(0.8) * (2 / (1 + E)) / 2, p, 1e-12);
    }

    @Test
    void sparseLabelsOutsideTheRangeAreRejectedWithTheirValues() {
        Tensor probs = Tensor.of(new float[30], 3, 10);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new int[] {3, 10, 1}, 3), probs, null));
        assertTrue(e.getMessage().startsWith("Received a label value of 10 which is outside the valid range of [0, 10). Label values: 3 10 1."),
                e.getMessage());
        assertTrue(e.getMessage().contains("To fix:"), e.getMessage());
        e = assertThrows(InvalidArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new int[] {1, 10, 5}, 3), probs, null));
        assertTrue(e.getMessage().contains("count from 1"), e.getMessage());
        e = assertThrows(InvalidArgumentException.class,
                () -> new SparseCategoricalCrossentropy(true).compute(Tensor.of(new long[] {-1, 0, 0}, 3), probs, null));
        assertTrue(e.getMessage().startsWith("Received a label value of -1 which is outside the valid range of [0, 10)."), e.getMessage());
        e = assertThrows(InvalidArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new float[] {0.5f, 1, 2}, 3), probs, null));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        assertThrows(InvalidArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new float[] {Float.NaN, 1, 2}, 3), probs, null));
        // the ignored class may lie outside the range
        double v = new SparseCategoricalCrossentropy(true, 255).compute(Tensor.of(new int[] {255, 1, 2}, 3), probs, null).item();
        assertTrue(Double.isFinite(v));
    }

    @Test
    void sparseLabelShapesThatDoNotFitAreRejected() {
        Tensor yp = Tensor.of(new float[6], 2, 3);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new float[] {0, 1, 0, 0, 0, 1}, 2, 3), yp, null));
        assertTrue(e.getMessage().contains("categorical_crossentropy") && e.getMessage().contains("one-hot"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new int[] {0, 1, 2}, 3), yp, null));
        assertThrows(ShapeMismatchException.class, () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new int[] {0, 1}, 1, 2), yp, null));
        assertThrows(InvalidArgumentException.class,
                () -> new SparseCategoricalCrossentropy(false, null, 0, Reduction.NONE, null).compute(Tensor.of(new int[] {0, 1}, 2), yp, null));
    }
}
