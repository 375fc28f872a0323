package dev.kiln.backend.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.OptimizerOps;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused optimizer updates give exactly what the same rule written with separate operators gives. */
class OptimizerKernelsTest {
    private final Backend b = new JavaBackendProvider().create();
    private final int[] shape = {7, 5};

    private BackendArray random(long seed, DType dtype, boolean positive) {
        Random r = new Random(seed);
        double[] v = new double[35];
        for (int i = 0; i < v.length; i++) {
            v[i] = positive ? r.nextDouble() * 0.01 : r.nextGaussian();
        }
        if (dtype == DType.FLOAT64) {
            return b.fromArray(v, shape, dtype);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return b.fromArray(f, shape, dtype);
    }

    private BackendArray op(String op, BackendArray... in) { return b.execute(op, Map.of(), in)[0]; }

    private BackendArray scalar(double v, DType dtype) { return b.full(new int[0], v, dtype); }

    @Test
    void rmspropEqualsItsOperators() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            BackendArray w = random(1, t, false);
            BackendArray g = random(2, t, false);
            BackendArray v = random(3, t, true);
            double lr = 1e-3;
            double rho = 0.9;
            double eps = 1e-7;
            BackendArray[] fused = b.execute(OptimizerOps.RMSPROP_UPDATE, Map.of("learning_rate", lr, "rho", rho, "epsilon", eps), w, g, v);
            BackendArray v2 = op("Add", op("Mul", v, scalar(rho, t)), op("Mul", op("Mul", g, g), scalar(1 - rho, t)));
            BackendArray w2 = op("Sub", w, op("Div", op("Mul", g, scalar(lr, t)), op("Sqrt", op("Add", v2, scalar(eps, t)))));
            assertArrayEquals(w2.toDoubleArray(), fused[0].toDoubleArray(), 0, "W' " + t);
            assertArrayEquals(v2.toDoubleArray(), fused[1].toDoubleArray(), 0, "V' " + t);
        }
    }

    @Test
    void adamEqualsItsOperators() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            BackendArray w = random(4, t, false);
            BackendArray g = random(5, t, false);
            BackendArray m = random(6, t, false);
            BackendArray v = random(7, t, true);
            double alpha = 1e-3 * Math.sqrt(1 - Math.pow(0.999, 3)) / (1 - Math.pow(0.9, 3));
            BackendArray[] fused = b.execute(OptimizerOps.ADAM_UPDATE, Map.of("alpha", alpha, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7),
                    w, g, m, v);
            BackendArray m2 = op("Add", m, op("Mul", op("Sub", g, m), scalar(1 - 0.9, t)));
            BackendArray v2 = op("Add", v, op("Mul", op("Sub", op("Mul", g, g), v), scalar(1 - 0.999, t)));
            BackendArray w2 = op("Sub", w, op("Div", op("Mul", m2, scalar(alpha, t)), op("Add", op("Sqrt", v2), scalar(1e-7, t))));
            assertArrayEquals(w2.toDoubleArray(), fused[0].toDoubleArray(), 0, "W' " + t);
            assertArrayEquals(m2.toDoubleArray(), fused[1].toDoubleArray(), 0, "M' " + t);
            assertArrayEquals(v2.toDoubleArray(), fused[2].toDoubleArray(), 0, "V' " + t);
        }
    }

    @Test
    void badInputsGiveClearErrors() {
        Map<String, Object> attrs = Map.of("learning_rate", 0.1, "rho", 0.9, "epsilon", 1e-7);
        BackendArray w = random(1, DType.FLOAT32, false);
        BackendArray other = b.fromArray(new float[] {1, 2}, new int[] {2}, DType.FLOAT32);
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
                () -> b.execute(OptimizerOps.RMSPROP_UPDATE, attrs, w, other, w));
        assertTrue(shape.getMessage().contains("G is not shaped like W") && shape.getMessage().contains("(7, 5)"), shape.getMessage());
        InvalidArgumentException dtype = assertThrows(InvalidArgumentException.class,
                () -> b.execute(OptimizerOps.RMSPROP_UPDATE, attrs, w, random(2, DType.FLOAT64, false), w));
        assertTrue(dtype.getMessage().contains("G has another dtype"), dtype.getMessage());
        InvalidArgumentException missing = assertThrows(InvalidArgumentException.class,
                () -> b.execute(OptimizerOps.RMSPROP_UPDATE, Map.of("rho", 0.9, "epsilon", 1e-7), w, w, w));
        assertTrue(missing.getMessage().contains("`learning_rate` is required"), missing.getMessage());
        InvalidArgumentException count = assertThrows(InvalidArgumentException.class, () -> b.execute(OptimizerOps.ADAM_UPDATE,
                Map.of("alpha", 0.1, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7), w, w, w));
        assertTrue(count.getMessage().contains("takes W, G, M, V"), count.getMessage());
    }
}
