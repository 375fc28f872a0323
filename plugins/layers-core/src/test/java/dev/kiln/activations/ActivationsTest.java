package dev.kiln.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Tensor;
import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.activations.Activation;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import dev.kiln.testkit.GradientCheck;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationsTest {
    private static final double SELU_ALPHA = 1.67326319217681884765625;
    private static final double SELU_SCALE = 1.05070102214813232421875;
    private static final double[] XS = {-2.5, -0.7, -0.1, 0.3, 1.1, 2.7};

    private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    private static double softplus(double x) { return Math.log1p(Math.exp(x)); }

    static Stream<Arguments> elementwise() {
        double c = Math.sqrt(2 / Math.PI);
        return Stream.of(
                Arguments.of("relu", (DoubleUnaryOperator) x -> Math.max(0, x)),
                Arguments.of("sigmoid", (DoubleUnaryOperator) ActivationsTest::sigmoid),
                Arguments.of("tanh", (DoubleUnaryOperator) Math::tanh),
                Arguments.of("gelu", (DoubleUnaryOperator) x -> 0.5 * x * (1 + erf(x / Math.sqrt(2)))),
                Arguments.of("elu", (DoubleUnaryOperator) x -> x > 0 ? x : Math.exp(x) - 1),
                Arguments.of("selu", (DoubleUnaryOperator) x -> x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * (Math.exp(x) - 1)),
                Arguments.of("softplus", (DoubleUnaryOperator) ActivationsTest::softplus),
                Arguments.of("softsign", (DoubleUnaryOperator) x -> x / (1 + Math.abs(x))),
                Arguments.of("swish", (DoubleUnaryOperator) x -> x * sigmoid(x)),
                Arguments.of("silu", (DoubleUnaryOperator) x -> x * sigmoid(x)),
                Arguments.of("leaky_relu", (DoubleUnaryOperator) x -> x > 0 ? x : 0.2 * x),
                Arguments.of("linear", (DoubleUnaryOperator) x -> x),
                Arguments.of("relu6", (DoubleUnaryOperator) x -> Math.min(Math.max(x, 0), 6)),
                Arguments.of("hard_sigmoid", (DoubleUnaryOperator) x -> Math.min(Math.max(x + 3, 0), 6) / 6),
                Arguments.of("exponential", (DoubleUnaryOperator) Math::exp),
                Arguments.of("mish", (DoubleUnaryOperator) x -> x * Math.tanh(softplus(x))),
                Arguments.of("core>gelu", (DoubleUnaryOperator) x -> 0.5 * x * (1 + erf(x / Math.sqrt(2)))));
    }

    /** A reference erf: Simpson's rule on the Gaussian (far finer than 1e-12 at these points). */
    static double erf(double x) {
        int n = 4000;
        double h = x / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            s += w * Math.exp(-(i * h) * (i * h));
        }
        return 2 / Math.sqrt(Math.PI) * s * h / 3;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void matchesClosedFormInFloat64WithGradientsAndRoundTrips(String name, DoubleUnaryOperator f) {
        Activation a = Activation.get(name);
        Tensor y = a.apply(Tensor.of(XS, XS.length));
        assertEquals(DType.FLOAT64, y.dtype());
        double[] got = y.toDoubleArray();
        for (int i = 0; i < XS.length; i++) {
            assertEquals(f.applyAsDouble(XS[i]), got[i], 1e-12 * Math.max(1, Math.abs(got[i])), name + "(" + XS[i] + ")");
        }
        float[] single = a.apply(Tensor.of(new float[] {0.3f, -0.7f}, 2)).toFloatArray();
        assertEquals(f.applyAsDouble(0.3f), single[0], 1e-6);
        GradientCheck.check(in -> a.apply(in.get(0)), List.of(Tensor.of(XS, XS.length)), 1e-6, 1e-6);
        Map<String, Object> saved = Registry.get().serialize(ComponentKind.ACTIVATION, a);
        assertEquals(a, Registry.get().deserialize(ComponentKind.ACTIVATION, saved, Activation.class));
    }

    @Test
    void parameterizedActivations() {
        Tensor x = Tensor.of(XS, XS.length);
        double c = Math.sqrt(2 / Math.PI);
        double[] approx = Activations.gelu(true).apply(x).toDoubleArray();
        double[] elu = Activations.elu(0.5).apply(x).toDoubleArray();
        double[] leaky = Activations.leakyRelu(0.01).apply(x).toDoubleArray();
        for (int i = 0; i < XS.length; i++) {
            double v = XS[i];
            assertEquals(0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v * v * v))), approx[i], 1e-12);
            assertEquals(v > 0 ? v : 0.5 * (Math.exp(v) - 1), elu[i], 1e-12);
            assertEquals(v > 0 ? v : 0.01 * v, leaky[i], 1e-15);
        }
        GradientCheck.check(in -> Activations.gelu(true).apply(in.get(0)), List.of(x));
        GradientCheck.check(in -> Activations.elu(0.5).apply(in.get(0)), List.of(x));
        assertEquals(Activations.gelu(true), Registry.get().create(ComponentKind.ACTIVATION, "gelu", Map.of("approximate", true), Activation.class));
        assertEquals(Activations.elu(1.0), Activation.get("elu"));
        assertEquals(Map.of("negative_slope", 0.2), Activation.get("leaky_relu").getConfig());
        assertNotEquals(Activations.gelu(true), Activations.gelu(false));
        assertThrows(InvalidArgumentException.class, () -> Activations.elu(Double.NaN));
    }

    @Test
    void softmaxFamily() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 1, 1, 1}, 2, 3);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        double[] expected = {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 1 / 3.0, 1 / 3.0, 1 / 3.0};
        assertArrayEquals(expected, Activation.get("softmax").apply(x).toDoubleArray(), 1e-15);
        double[] logs = Activation.get("log_softmax").apply(x).toDoubleArray();
        for (int i = 0; i < 6; i++) {
            assertEquals(Math.log(expected[i]), logs[i], 1e-12);
        }
        // axis 0: columns sum to one
        double[] cols = Activations.softmax(0).apply(x).toDoubleArray();
        assertEquals(1 / (1 + Math.exp(-1)), cols[1], 1e-12);
        assertEquals(1.0, cols[2] + cols[5], 1e-12);
        assertSame(Activations.SOFTMAX, Activations.softmax(-1));
        for (Activation a : List.of(Activation.get("softmax"), Activation.get("log_softmax"), Activations.softmax(0), Activations.logSoftmax(0))) {
            GradientCheck.check(in -> a.apply(in.get(0)), List.of(x));
            assertEquals(a, Registry.get().deserialize(ComponentKind.ACTIVATION, Registry.get().serialize(ComponentKind.ACTIVATION, a),
                    Activation.class));
        }
    }

    @Test
    void registryNamesAndAliases() {
        assertSame(Activations.RELU, Activation.get("relu"));
        assertSame(Activations.RELU, Activation.get("core>relu"));
        assertSame(Activations.RELU, Activation.get("ReLU"));
        assertSame(Activations.SWISH, Activation.get("silu"));
        assertSame(Activations.LINEAR, Activation.get(null));
        assertSame(Activations.LINEAR, Activation.get(""));
        assertEquals("core>relu", Registry.get().nameOf(ComponentKind.ACTIVATION, Activations.RELU).orElseThrow());
        assertEquals("core>leaky_relu", Registry.get().serialize(ComponentKind.ACTIVATION, Activations.leakyRelu(0.3)).get("class_name"));
        for (String n : List.of("relu", "sigmoid", "tanh", "softmax", "log_softmax", "gelu", "elu", "selu", "softplus", "softsign",
                "swish", "silu", "leaky_relu", "linear")) {
            assertTrue(Registry.get().lookup(ComponentKind.ACTIVATION, n).isPresent(), n);
        }
        UnknownIdentifierException e = assertThrows(UnknownIdentifierException.class, () -> Activation.get("rellu"));
        assertTrue(e.getMessage().contains("'rellu'") && e.getMessage().contains("relu"), e.getMessage());
    }
}
