package dev.kiln.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.activations.Activations;
import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Kiln;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.layers.Input;
import dev.kiln.initializers.Constant;
import dev.kiln.initializers.GlorotUniform;
import dev.kiln.initializers.Ones;
import dev.kiln.initializers.Zeros;
import dev.kiln.regularizers.L1;
import dev.kiln.regularizers.L2;
import dev.kiln.testkit.GradientCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenseTest {
    private static Dense withWeights(Dense d, int in, double[] kernel, double[] bias) {
        d.apply(Tensor.zeros(Shape.of(1, in), d.dtype()));
        d.kernel().assign(Tensor.of(kernel, in, d.units()).cast(d.dtype()));
        if (bias != null) {
            d.bias().assign(Tensor.of(bias, d.units()).cast(d.dtype()));
        }
        return d;
    }

    @Test
    void computesActivationOfAffineMap() {
        Dense d = withWeights(new Dense(2, "relu"), 3, new double[] {1, 2, 3, 4, 5, 6}, new double[] {0.5, -20});
        Tensor y = d.apply(Tensor.of(new float[] {1, 2, 3, -1, 0, 1}, 2, 3));
        // row 0: [1+6+15, 2+8+18] + b = [22.5, 8]; row 1: [-1+5, -2+6] + b = [4.5, -16 -> 0]
        assertEquals(Shape.of(2, 2), y.shape());
        assertArrayEquals(new float[] {22.5f, 8f, 4.5f, 0f}, y.toFloatArray(), 1e-5f);
    }

    @Test
    void linearByDefaultAndNoBiasWhenAsked() {
        Dense d = new Dense(1).useBias(false);
        assertSame(Activations.LINEAR, d.activation());
        withWeights(d, 2, new double[] {2, -3}, null);
        assertNull(d.bias());
        assertEquals(1, d.weights().size());
        assertArrayEquals(new float[] {-4f}, d.apply(Tensor.of(new float[] {1, 2}, 1, 2)).toFloatArray(), 1e-6f);
    }

    @Test
    void appliesToTheLastAxisOfHigherRankInputs() {
        Dense d = withWeights(new Dense(2), 3, new double[] {1, 0, 0, 1, 1, 1}, new double[] {0, 10});
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 3);
        Tensor y = d.apply(x);
        assertEquals(Shape.of(2, 2, 2), y.shape());
        // [a, b, c] -> [a + c, b + c + 10]
        assertArrayEquals(new float[] {4, 15, 10, 21, 16, 27, 22, 33}, y.toFloatArray(), 1e-5f);
        assertEquals(Shape.of(Shape.UNKNOWN, 5, 7), new Dense(7).apply(Input.of(5, 3)).shape());
    }

    @Test
    void kerasDefaultsAndShapes() {
        Kiln.setSeed(3);
        Dense d = new Dense(64);
        assertEquals(new GlorotUniform(), d.kernelInitializer());
        assertEquals(new Zeros(), d.biasInitializer());
        Tensor sym = d.apply(Input.of(784));
        assertTrue(sym.isSymbolic());
        assertEquals(Shape.of(Shape.UNKNOWN, 64), sym.shape());
        assertEquals(Shape.of(784, 64), d.kernel().shape());
        assertEquals(Shape.of(64), d.bias().shape());
        assertEquals(784 * 64 + 64, d.countParams());
        double limit = Math.sqrt(6.0 / (784 + 64));
        for (double v : d.kernel().toDoubleArray()) {
            assertTrue(Math.abs(v) <= limit);
        }
        for (double v : d.bias().toDoubleArray()) {
            assertEquals(0.0, v);
        }
        assertEquals(Shape.of(Shape.UNKNOWN, 64), d.computeOutputShape(List.of(Shape.of(Shape.UNKNOWN, 784))));
    }

    @Test
    void fluentSettersTakeObjectsOrKerasNames() {
        Dense d = new Dense(2, Activations.elu(0.5)).kernelInitializer("ones").biasInitializer(new Constant(0.25))
                .kernelRegularizer("l1").biasRegularizer(new L2(0.5));
        assertEquals(new Ones(), d.kernelInitializer());
        assertEquals(new L1(), d.kernelRegularizer());
        Tensor y = d.apply(Tensor.of(new float[] {1, -3}, 1, 2));
        double e = 0.5 * (Math.exp(-2 + 0.25) - 1);
        assertArrayEquals(new float[] {(float) e, (float) e}, y.toFloatArray(), 1e-6f);
        // kernel all ones: l1 = 0.01 * 4; bias 0.25: l2 = 0.5 * 2 * 0.0625
        assertEquals(2, d.losses().size());
        assertEquals(0.04, d.losses().get(0).item(), 1e-6);
        assertEquals(0.0625, d.losses().get(1).item(), 1e-6);
        assertThrows(IllegalStateKilnException.class, () -> d.useBias(false));
        assertThrows(IllegalStateKilnException.class, () -> d.kernelInitializer("zeros"));
    }

    @Test
    void rejectsBadInput() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new Dense(0));
        assertTrue(e.getMessage().contains("units") && e.getMessage().contains("Expected a positive integer")
                && e.getMessage().contains("Received: units=0"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new Dense(-3, "relu"));
        assertThrows(InvalidArgumentException.class, () -> Dense.fromConfig(Map.of()));
        UnknownIdentifierException u = assertThrows(UnknownIdentifierException.class, () -> new Dense(3, "rellu"));
        assertTrue(u.getMessage().contains("relu"), u.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new Dense(3).kernelInitializer((Initializer) null));
        Dense d = new Dense(2);
        d.apply(Tensor.zeros(Shape.of(1, 3), DType.FLOAT32));
        ShapeMismatchException s = assertThrows(ShapeMismatchException.class, () -> d.apply(Tensor.zeros(Shape.of(2, 4), DType.FLOAT32)));
        assertTrue(s.getMessage().contains("Expected (..., 3)") && s.getMessage().contains("Received: (2, 4)"), s.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new Dense(2).apply(Input.ofShape(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN), DType.FLOAT32)));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Kiln.setSeed(1);
        Dense d = Dense.fromConfig(TestSupport.f64(Map.of("units", 3, "activation", "tanh")));
        assertEquals(DType.FLOAT64, d.dtype());
        Tensor x = Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, -0.8}, 2, 4);
        TestSupport.checkWeightGradients(d, x);
        GradientCheck.check(in -> d.apply(in.get(0)), List.of(x));
    }
}
