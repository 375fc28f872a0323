package dev.kiln.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Kiln;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Input;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DropoutTest {
    private static float[] train(Dropout d, Tensor x) {
        try (CallContext.Scope s = CallContext.enter(true)) {
            return d.apply(x).toFloatArray();
        }
    }

    @Test
    void passesThroughAtInference() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Dropout d = new Dropout(0.5);
        assertSame(x, d.apply(x));
        try (CallContext.Scope s = CallContext.enter(false)) {
            assertArrayEquals(x.toFloatArray(), d.apply(x).toFloatArray());
        }
        assertEquals(Shape.of(Shape.UNKNOWN, 7), d.apply(Input.of(7)).shape());
    }

    @Test
    void dropsAboutRateAndScalesSurvivorsWhileTraining() {
        Tensor x = Tensor.full(Shape.of(100, 100), 3, DType.FLOAT32);
        Dropout d = new Dropout(0.5);
        Kiln.setSeed(5);
        float[] a = train(d, x);
        int zeros = 0;
        for (float v : a) {
            assertTrue(v == 0f || v == 6f, "dropped or doubled: " + v);
            zeros += v == 0f ? 1 : 0;
        }
        assertTrue(zeros > 4700 && zeros < 5300, "about half dropped: " + zeros);
        Kiln.setSeed(5);
        assertArrayEquals(a, train(d, x), "the same seed gives the same mask");
        assertFalse(Arrays.equals(a, train(d, x)), "the next draw differs");

        float[] quarter = train(new Dropout(0.25), x);
        int kept = 0;
        for (float v : quarter) {
            assertTrue(v == 0f || Math.abs(v - 4f) < 1e-6, "scaled by 1/(1-0.25): " + v);
            kept += v == 0f ? 0 : 1;
        }
        assertTrue(kept > 7200 && kept < 7800, "about three quarters kept: " + kept);
        assertArrayEquals(x.toFloatArray(), train(new Dropout(0), x));
    }

    @Test
    void ownSeedRepeatsIndependentlyOfTheGlobalGenerator() {
        Tensor x = Tensor.ones(Shape.of(20, 30), DType.FLOAT64);
        Kiln.setSeed(1);
        float[] a = train(new Dropout(0.3, 42), x);
        Kiln.setSeed(2);
        float[] b = train(new Dropout(0.3, 42), x);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, train(new Dropout(0.3, 43), x)));
        Dropout again = Dropout.fromConfig(new Dropout(0.3, 42).getConfig());
        assertArrayEquals(a, train(again, x));
    }

    @Test
    void noiseShapeSharesTheMask() {
        Tensor x = Tensor.ones(Shape.of(4, 50, 3), DType.FLOAT32);
        Kiln.setSeed(9);
        float[] y = train(new Dropout(0.5).noiseShape(-1, 1, -1), x);
        for (int b = 0; b < 4; b++) {
            for (int t = 1; t < 50; t++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(y[b * 150 + c], y[b * 150 + t * 3 + c], "one mask entry per (sample, channel)");
                }
            }
        }
        assertThrows(ShapeMismatchException.class, () -> train(new Dropout(0.5).noiseShape(4, 2, 3), x));
        assertThrows(InvalidArgumentException.class, () -> new Dropout(0.5).noiseShape(0, 1));
    }

    @Test
    void rejectsRatesOutsideZeroOne() {
        for (double r : new double[] {1.0, -0.1, 1.5, Double.NaN}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new Dropout(r));
            assertTrue(e.getMessage().contains("rate") && e.getMessage().contains("Received: rate="), e.getMessage());
        }
        assertThrows(InvalidArgumentException.class, () -> Dropout.fromConfig(Map.of()));
        assertThrows(InvalidArgumentException.class, () -> Dropout.fromConfig(Map.of("rate", 0.5, "seed", "x")));
        assertEquals(0.5, Dropout.fromConfig(Map.of("rate", 0.5)).rate());
    }
}
