package dev.kiln.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.activations.Activations;
import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Kiln;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.activations.Activation;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Input;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import dev.kiln.api.regularizers.Regularizer;
import dev.kiln.initializers.Constant;
import dev.kiln.initializers.RandomInitializer;
import dev.kiln.initializers.VarianceScaling;
import dev.kiln.regularizers.L1L2;
import dev.kiln.regularizers.L2;
import dev.kiln.testkit.GradientCheck;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayersTest {
    @Test
    void denseComputesAffineMapAndInfersShapes() {
        Dense d = new Dense(2, "relu").kernelInitializer(new Constant(0.5)).biasInitializer(new Constant(-1));
        Tensor y = d.apply(Tensor.of(new float[] {1, 2, 3, -4, 0, 1}, 2, 3));
        assertArrayEquals(new float[] {2, 2, 0, 0}, y.toFloatArray(), 1e-6f);   // [3-1, 3-1], [-1.5-1 -> 0]
        assertEquals(8, d.countParams());
        Tensor sym = new Dense(64).apply(Input.of(784));
        assertEquals(Shape.of(Shape.UNKNOWN, 64), sym.shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 5, 7), new Dense(7).apply(Input.of(5, 3)).shape());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> d.apply(Tensor.zeros(Shape.of(2, 4), DType.FLOAT32)));
        assertTrue(e.getMessage().contains("Expected (..., 3)"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new Dense(0));
        assertThrows(UnknownIdentifierException.class, () -> new Dense(3, "rellu"));
    }

    @Test
    void denseGradientsMatchFiniteDifferences() {
        Kiln.setSeed(1);
        Dense d = new Dense(3, "tanh");
        d.apply(Tensor.zeros(Shape.of(1, 4), DType.FLOAT32));
        // float64 copy of the layer math, checked through the tape
        Tensor x = Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, -0.8}, 2, 4);
        Tensor k = Tensor.of(d.kernel().toDoubleArray(), 4, 3);
        Tensor b = Tensor.of(new double[] {0.1, 0.2, -0.3}, 3);
        GradientCheck.check(in -> in.get(0).matmul(in.get(1)).add(in.get(2)).tanh(), List.of(x, k, b));
    }

    @Test
    void dropoutIsActiveOnlyWhenTraining() {
        Tensor x = Tensor.ones(Shape.of(100, 100), DType.FLOAT32);
        Dropout d = new Dropout(0.5);
        assertArrayEquals(x.toFloatArray(), d.apply(x).toFloatArray());
        Kiln.setSeed(5);
        float[] a;
        try (CallContext.Scope s = CallContext.enter(true)) {
            a = d.apply(x).toFloatArray();
        }
        int zeros = 0;
        for (float v : a) {
            assertTrue(v == 0f || v == 2f);
            zeros += v == 0f ? 1 : 0;
        }
        assertTrue(zeros > 4500 && zeros < 5500, "about half dropped: " + zeros);
        Kiln.setSeed(5);
        try (CallContext.Scope s = CallContext.enter(true)) {
            assertArrayEquals(a, d.apply(x).toFloatArray());
        }
        assertThrows(InvalidArgumentException.class, () -> new Dropout(1.0));
        assertThrows(InvalidArgumentException.class, () -> new Dropout(-0.1));
    }

    @Test
    void shapeLayers() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        assertEquals(Shape.of(2, 4), new Flatten().apply(x).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 12), new Flatten().apply(Input.of(3, 4)).shape());
        assertEquals(Shape.of(2, 4, 1), new Reshape(-1, 1).apply(x).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 28, 28, 1), new Reshape(28, 28, 1).apply(Input.of(784)).shape());
        assertThrows(ShapeMismatchException.class, () -> new Reshape(3, 3).apply(x));
        assertThrows(InvalidArgumentException.class, () -> new Reshape(-1, -1));
        Tensor a = Tensor.of(new float[] {1, 2}, 1, 2);
        Tensor b = Tensor.of(new float[] {3}, 1, 1);
        assertArrayEquals(new float[] {1, 2, 3}, new Concatenate().apply(a, b).toFloatArray());
        assertEquals(Shape.of(Shape.UNKNOWN, 5), new Concatenate().apply(Input.of(2), Input.of(3)).shape());
        assertThrows(ShapeMismatchException.class, () -> new Concatenate(0).apply(Input.of(2), Input.of(3)));
        assertArrayEquals(new float[] {2, 4}, new Add().apply(a, a).toFloatArray());
        assertThrows(ShapeMismatchException.class, () -> new Add().apply(Input.of(2), Input.of(3)));
        assertThrows(InvalidArgumentException.class, () -> new Add().apply(Input.of(2)));
        assertArrayEquals(new float[] {0, 2}, new dev.kiln.layers.Activation("relu").apply(Tensor.of(new float[] {-1, 2}, 1, 2)).toFloatArray());
    }

    static Stream<Arguments> activations() {
        double selA = 1.67326319217681884765625;
        double selG = 1.05070102214813232421875;
        return Stream.of(
                Arguments.of("relu", (DoubleUnaryOperator) x -> Math.max(0, x)),
                Arguments.of("sigmoid", (DoubleUnaryOperator) x -> 1 / (1 + Math.exp(-x))),
                Arguments.of("tanh", (DoubleUnaryOperator) Math::tanh),
                Arguments.of("gelu", (DoubleUnaryOperator) x -> 0.5 * x * (1 + erf(x / Math.sqrt(2)))),
                Arguments.of("elu", (DoubleUnaryOperator) x -> x > 0 ? x : Math.exp(x) - 1),
                Arguments.of("selu", (DoubleUnaryOperator) x -> x > 0 ? selG * x : selG * selA * (Math.exp(x) - 1)),
                Arguments.of("softplus", (DoubleUnaryOperator) x -> Math.log(1 + Math.exp(x))),
                Arguments.of("softsign", (DoubleUnaryOperator) x -> x / (1 + Math.abs(x))),
                Arguments.of("swish", (DoubleUnaryOperator) x -> x / (1 + Math.exp(-x))),
                Arguments.of("silu", (DoubleUnaryOperator) x -> x / (1 + Math.exp(-x))),
                Arguments.of("leaky_relu", (DoubleUnaryOperator) x -> x > 0 ? x : 0.2 * x),
                Arguments.of("linear", (DoubleUnaryOperator) x -> x));
    }

    /** A reference erf (Abramowitz-Stegun 7.1.26 is too coarse; integrate the Gaussian by Simpson's rule). */
    private static double erf(double x) {
        int n = 2000;
        double h = x / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            s += w * Math.exp(-(i * h) * (i * h));
        }
        return 2 / Math.sqrt(Math.PI) * s * h / 3;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void activationsMatchClosedFormsAndHaveGradients(String name, DoubleUnaryOperator f) {
        double[] xs = {-2.5, -0.7, -0.1, 0.3, 1.1, 3.0};
        Activation a = Activation.get(name);
        double[] got = a.apply(Tensor.of(xs, xs.length)).toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(f.applyAsDouble(xs[i]), got[i], 1e-9, name + "(" + xs[i] + ")");
        }
        GradientCheck.check(in -> a.apply(in.get(0)), List.of(Tensor.of(xs, xs.length)), 1e-6, 1e-5);
        Activation back = Registry.get().deserialize(ComponentKind.ACTIVATION, Registry.get().serialize(ComponentKind.ACTIVATION, a), Activation.class);
        assertEquals(a, back);
    }

    @Test
    void softmaxFamily() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 1, 1, 1}, 2, 3);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 1 / 3.0, 1 / 3.0, 1 / 3.0},
                Activation.get("softmax").apply(x).toDoubleArray(), 1e-12);
        assertEquals(Math.log(Math.exp(3) / z), Activation.get("log_softmax").apply(x).toDoubleArray()[2], 1e-12);
        GradientCheck.check(in -> Activation.get("softmax").apply(in.get(0)), List.of(x));
        GradientCheck.check(in -> Activations.gelu(true).apply(in.get(0)), List.of(x));
    }

    @Test
    void initializersHaveKerasStatisticsAndRepeatUnderSeed() {
        Shape s = Shape.of(400, 300);
        double[] glorot = Initializer.get("glorot_uniform").initialize(s, DType.FLOAT64).toDoubleArray();
        double limit = Math.sqrt(6.0 / 700);
        for (double v : glorot) {
            assertTrue(Math.abs(v) <= limit);
        }
        assertEquals(limit * limit / 3, variance(glorot), limit * limit / 3 * 0.05);
        assertEquals(2.0 / 400, variance(Initializer.get("he_normal").initialize(s, DType.FLOAT64).toDoubleArray()), 2.0 / 400 * 0.05);
        assertEquals(1.0 / 400, variance(Initializer.get("lecun_normal").initialize(s, DType.FLOAT64).toDoubleArray()), 1.0 / 400 * 0.05);
        assertEquals(6.0 / 400 / 3, variance(Initializer.get("he_uniform").initialize(s, DType.FLOAT64).toDoubleArray()), 6.0 / 400 / 3 * 0.05);
        assertEquals(2.0 / 700, variance(Initializer.get("glorot_normal").initialize(s, DType.FLOAT64).toDoubleArray()), 2.0 / 700 * 0.05);
        assertEquals(0.05 * 0.05, variance(Initializer.get("random_normal").initialize(s, DType.FLOAT64).toDoubleArray()), 0.05 * 0.05 * 0.05);
        for (double v : Initializer.get("random_uniform").initialize(s, DType.FLOAT64).toDoubleArray()) {
            assertTrue(v >= -0.05 && v < 0.05);
        }
        for (double v : Initializer.get("truncated_normal").initialize(s, DType.FLOAT64).toDoubleArray()) {
            assertTrue(Math.abs(v) <= 0.1);
        }
        assertArrayEquals(new float[] {0, 0}, Initializer.get("zeros").initialize(Shape.of(2), DType.FLOAT32).toFloatArray());
        assertArrayEquals(new float[] {1, 1}, Initializer.get("ones").initialize(Shape.of(2), DType.FLOAT32).toFloatArray());
        assertArrayEquals(new float[] {0.3f}, new Constant(0.3).initialize(Shape.of(1), DType.FLOAT32).toFloatArray());
        Kiln.setSeed(11);
        double[] a = Initializer.get("he_uniform").initialize(Shape.of(10), DType.FLOAT64).toDoubleArray();
        Kiln.setSeed(11);
        assertArrayEquals(a, Initializer.get("he_uniform").initialize(Shape.of(10), DType.FLOAT64).toDoubleArray());
        assertNotEquals(a[0], Initializer.get("he_uniform").initialize(Shape.of(10), DType.FLOAT64).toDoubleArray()[0]);
        assertThrows(InvalidArgumentException.class, () -> new VarianceScaling(1, "fan_middle", "uniform"));
    }

    private static double variance(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / v.length;
    }

    @Test
    void regularizersAddToLayerLosses() {
        Tensor w = Tensor.of(new float[] {1, -2}, 2);
        assertEquals(0.05, Regularizer.get("l2").apply(w).item(), 1e-6);
        assertEquals(0.03, Regularizer.get("l1").apply(w).item(), 1e-6);
        assertEquals(0.1 * 3 + 0.2 * 5, new L1L2(0.1, 0.2).apply(w).item(), 1e-6);
        Dense d = new Dense(1).kernelInitializer(Constant.ones()).kernelRegularizer(new L2(0.5));
        d.apply(Tensor.zeros(Shape.of(1, 2), DType.FLOAT32));
        assertEquals(1, d.losses().size());
        assertEquals(1.0, d.losses().get(0).item(), 1e-6);
        assertThrows(InvalidArgumentException.class, () -> new L1L2(-1, 0));
    }

    @Test
    void everyComponentRoundTripsThroughConfig() {
        Dense d = new Dense(5, Activations.elu(0.3)).kernelRegularizer(new L2(1e-3)).kernelInitializer(RandomInitializer.normal(0, 0.1)).useBias(false);
        for (Layer l : List.of(d, new Dense(3, "softmax"), new Dropout(0.25), new Flatten(), new Reshape(2, -1), new Concatenate(1),
                new Add(), new dev.kiln.layers.Activation("gelu"))) {
            Map<String, Object> s = Registry.get().serialize(ComponentKind.LAYER, l);
            Layer back = Registry.get().deserialize(ComponentKind.LAYER, s, Layer.class);
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.getConfig(), back.getConfig());
        }
        for (String id : List.of("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "zeros", "ones",
                "random_normal", "random_uniform", "truncated_normal")) {
            Initializer i = Initializer.get(id);
            Initializer back = Registry.get().deserialize(ComponentKind.INITIALIZER, Registry.get().serialize(ComponentKind.INITIALIZER, i), Initializer.class);
            assertEquals(i.getConfig(), back.getConfig());
            assertEquals(Registry.get().nameOf(ComponentKind.INITIALIZER, i), Registry.get().nameOf(ComponentKind.INITIALIZER, back));
        }
        for (String id : List.of("l1", "l2", "l1_l2")) {
            Regularizer r = Regularizer.get(id);
            assertEquals(r, Registry.get().deserialize(ComponentKind.REGULARIZER, Registry.get().serialize(ComponentKind.REGULARIZER, r), Regularizer.class));
        }
    }
}
