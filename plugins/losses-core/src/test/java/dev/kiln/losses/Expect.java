package dev.kiln.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import java.util.function.Function;

/** Checks a loss against hand-computed per-sample values under every reduction, with and without sample weights. */
final class Expect {
    private Expect() {}

    static double sq(double x) { return x * x; }

    static double tol(double expected) { return 1e-9 * Math.max(1, Math.abs(expected)); }

    /**
     * {@code make} builds the loss with a reduction; {@code perSample} are Keras's per-sample values worked out by
     * hand. Checks none, sum, sum_over_batch_size, each also with sample weights 0.25, 2.0, 0.5, ...
     */
    static void reductions(Function<Reduction, Loss> make, Tensor yTrue, Tensor yPred, double... perSample) {
        int n = perSample.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = new double[] {0.25, 2.0, 0.5}[i % 3];
        }
        Tensor weights = Tensor.of(w, n);

        Tensor none = make.apply(Reduction.NONE).compute(yTrue, yPred, null);
        assertEquals(Shape.of(n), none.shape(), "per-sample losses have shape (batch,)");
        double[] got = none.toDoubleArray();
        for (int i = 0; i < n; i++) {
            assertEquals(perSample[i], got[i], tol(perSample[i]), "sample " + i);
        }
        double sum = 0;
        double wsum = 0;
        for (int i = 0; i < n; i++) {
            sum += perSample[i];
            wsum += w[i] * perSample[i];
        }
        assertEquals(sum, make.apply(Reduction.SUM).compute(yTrue, yPred, null).item(), tol(sum), "sum");
        assertEquals(sum / n, make.apply(Reduction.SUM_OVER_BATCH_SIZE).compute(yTrue, yPred, null).item(), tol(sum / n),
                "sum_over_batch_size");
        double[] wNone = make.apply(Reduction.NONE).compute(yTrue, yPred, weights).toDoubleArray();
        double[] expectedWNone = new double[n];
        for (int i = 0; i < n; i++) {
            expectedWNone[i] = w[i] * perSample[i];
        }
        assertArrayEquals(expectedWNone, wNone, tol(wsum), "weighted none");
        assertEquals(wsum, make.apply(Reduction.SUM).compute(yTrue, yPred, weights).item(), tol(wsum), "weighted sum");
        assertEquals(wsum / n, make.apply(Reduction.SUM_OVER_BATCH_SIZE).compute(yTrue, yPred, weights).item(), tol(wsum / n),
                "weighted sum_over_batch_size");
        // (batch, 1) weights, as Keras squeezes them
        assertEquals(wsum / n, make.apply(Reduction.SUM_OVER_BATCH_SIZE).compute(yTrue, yPred, weights.reshape(n, 1)).item(),
                tol(wsum / n), "weighted with (batch, 1) weights");
    }

    static Tensor t(double[] v, int... shape) { return Tensor.of(v, shape); }
}
