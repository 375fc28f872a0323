package dev.kiln.metrics;

import static dev.kiln.metrics.T.m;
import static dev.kiln.metrics.T.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.metrics.Metric;
import org.junit.jupiter.api.Test;

/** Regression metrics against hand-computed values over two batches, with weights and reset. */
class RegressionMetricsTest {
    private static final double TOL = 1e-5;
    private static final double LN2 = Math.log(2);

    private static double logCosh(double x) { return Math.log(Math.cosh(x)); }

    @Test
    void meanSquaredError() {
        Metric mse = new MeanSquaredError();
        mse.update(m(2, 2, 0, 1, 0, 0), m(2, 2, 1, 1, 1, 0), null);
        assertEquals(0.5, mse.result().item(), TOL);
        mse.update(m(1, 2, 1, 1), m(1, 2, 0, 0), v(3));
        assertEquals(4.0 / 5, mse.result().item(), TOL);
        mse.reset();
        assertEquals(0.0, mse.result().item(), 0);
        mse.update(m(1, 2, 1, 1), m(1, 2, 0, 0), null);
        assertEquals(1.0, mse.result().item(), TOL);
    }

    @Test
    void meanAbsoluteError() {
        Metric mae = Metric.get("mae");
        assertEquals("mean_absolute_error", mae.name());
        mae.update(m(2, 2, 0, 1, 0, 0), m(2, 2, 1, 1, 1, 0), null);
        assertEquals(0.5, mae.result().item(), TOL);
        mae.update(m(1, 2, 2, 2), m(1, 2, 0, 0), v(3));
        assertEquals(7.0 / 5, mae.result().item(), TOL);
        mae.reset();
        assertEquals(0.0, mae.result().item(), 0);
    }

    @Test
    void meanAbsolutePercentageError() {
        Metric mape = new MeanAbsolutePercentageError();
        mape.update(m(1, 2, 2, 4), m(1, 2, 1, 4), null);
        assertEquals(25.0, mape.result().item(), 1e-4);
        mape.update(m(1, 2, 1, 1), m(1, 2, 2, 0), null);
        assertEquals(62.5, mape.result().item(), 1e-4);
        mape.reset();
        mape.update(m(1, 2, 1, 1), m(1, 2, 2, 0), v(0));
        assertEquals(0.0, mape.result().item(), 0);
    }

    @Test
    void meanSquaredLogarithmicError() {
        Metric msle = new MeanSquaredLogarithmicError();
        msle.update(m(1, 2, 0, 1), m(1, 2, 1, 1), null);
        assertEquals(LN2 * LN2 / 2, msle.result().item(), TOL);
        msle.update(m(1, 2, 1, 3), m(1, 2, 3, 1), null);
        assertEquals(0.75 * LN2 * LN2, msle.result().item(), TOL);
        msle.reset();
        assertEquals(0.0, msle.result().item(), 0);
    }

    @Test
    void rootMeanSquaredError() {
        Metric rmse = new RootMeanSquaredError();
        rmse.update(m(2, 2, 0, 1, 1, 0), m(2, 2, 1, 1, 0, 0), null);
        assertEquals(Math.sqrt(0.5), rmse.result().item(), TOL);
        rmse.update(m(1, 2, 2, 2), m(1, 2, 0, 0), v(0.5));
        assertEquals(Math.sqrt(3 / 2.5), rmse.result().item(), TOL);
        rmse.reset();
        assertEquals(0.0, rmse.result().item(), 0);
        rmse.update(v(1, 2), m(2, 1, 1, 4), null);                   // (2,) vs (2, 1): ranks lined up
        assertEquals(Math.sqrt(2), rmse.result().item(), TOL);
    }

    @Test
    void logCoshError() {
        Metric lc = new LogCoshError();
        assertEquals("logcosh", lc.name());
        lc.update(m(1, 2, 0, 0), m(1, 2, 1, -1), null);
        assertEquals(logCosh(1), lc.result().item(), TOL);
        lc.update(m(1, 2, 0, 0), m(1, 2, 2, 0), null);
        assertEquals((logCosh(1) + logCosh(2) / 2) / 2, lc.result().item(), TOL);
        lc.reset();
        assertEquals(0.0, lc.result().item(), 0);
    }

    @Test
    void cosineSimilarity() {
        Metric cos = new CosineSimilarity();
        cos.update(m(2, 2, 0, 1, 1, 1), m(2, 2, 1, 0, 1, 1), null);
        assertEquals(0.5, cos.result().item(), TOL);
        cos.update(m(1, 2, 1, 0), m(1, 2, -2, 0), v(2));
        assertEquals(-0.25, cos.result().item(), TOL);
        cos.reset();
        cos.update(m(1, 2, 0, 0), m(1, 2, 1, 1), null);              // a zero vector: similarity 0, no NaN
        assertEquals(0.0, cos.result().item(), TOL);
    }

    @Test
    void shapeMismatch() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> new MeanSquaredError().update(m(2, 2, 1, 2, 3, 4), m(1, 3, 1, 2, 3), null));
        assertEquals("Metric `mean_squared_error`: `y_true` and `y_pred` have incompatible shapes. Expected shapes that broadcast "
                + "together (y_pred (1, 3)). Received: y_true (2, 2). To fix: pass targets shaped like the predictions.", e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new RootMeanSquaredError().update(v(1, 2, 3), v(1, 2), null));
        assertThrows(ShapeMismatchException.class, () -> new MeanAbsoluteError().update(m(2, 2, 1, 2, 3, 4), m(2, 2, 1, 2, 3, 4), v(1, 2, 3)));
    }
}
