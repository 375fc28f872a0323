package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.api.DType;
import dev.kiln.api.GradientTape;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.testkit.GradientCheck;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Finite-difference checks (float64) of every operator's vector-Jacobian rule. */
class OpGradientsTest {
    private static Tensor t(int[] shape, double... v) { return Tensor.of(v, shape); }

    private static final Tensor A = t(new int[] {2, 3}, 0.3, -1.2, 2.0, 0.7, -0.4, 1.5);
    private static final Tensor B = t(new int[] {2, 3}, 1.1, 0.5, -0.8, 0.9, 2.2, -1.3);
    private static final Tensor POS = t(new int[] {2, 3}, 0.3, 1.2, 2.0, 0.7, 0.4, 1.5);
    private static final Tensor ROW = t(new int[] {3}, 0.2, -0.7, 1.3);
    private static final Tensor M = t(new int[] {3, 2}, 0.1, 0.2, -0.3, 0.4, 0.5, -0.6);

    /** Seeded values in [-1, 1); distinct, so pooling maxima are unique. */
    private static Tensor rand(long seed, int... shape) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return Tensor.of(v, shape);
    }

    private static Tensor op(String name, Map<String, Object> attrs, Tensor... in) { return KilnRuntime.get().op(name, attrs, in); }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("Add broadcast", in -> in.get(0).add(in.get(1)), A, ROW),
                c("Sub broadcast", in -> in.get(0).sub(in.get(1)), A, ROW),
                c("Mul", in -> in.get(0).mul(in.get(1)), A, B),
                c("Div", in -> in.get(0).div(in.get(1)), A, POS),
                c("Pow", in -> in.get(0).pow(in.get(1)), POS, B),
                c("Max", in -> in.get(0).maximum(in.get(1)), A, B),
                c("Min", in -> in.get(0).minimum(in.get(1)), A, B),
                c("Neg", in -> in.get(0).neg(), A),
                c("Abs", in -> in.get(0).abs(), A),
                c("Exp", in -> in.get(0).exp(), A),
                c("Log", in -> in.get(0).log(), POS),
                c("Sqrt", in -> in.get(0).sqrt(), POS),
                c("Reciprocal", in -> in.get(0).reciprocal(), POS),
                c("Relu", in -> in.get(0).relu(), A),
                c("Sigmoid", in -> in.get(0).sigmoid(), A),
                c("Tanh", in -> in.get(0).tanh(), A),
                c("Softplus", in -> in.get(0).softplus(), A),
                c("Softsign", in -> in.get(0).softsign(), A),
                c("Erf", in -> in.get(0).erf(), A),
                c("Elu", in -> in.get(0).elu(0.7), A),
                c("Selu", in -> in.get(0).selu(), A),
                c("LeakyRelu", in -> in.get(0).leakyRelu(0.2), A),
                c("Softmax", in -> in.get(0).softmax(-1), A),
                c("LogSoftmax", in -> in.get(0).logSoftmax(1), A),
                c("Clip", in -> in.get(0).clip(-0.5, 1.0), A),
                c("MatMul", in -> in.get(0).matmul(in.get(1)), A, M),
                c("MatMul vector", in -> in.get(0).matmul(in.get(1)), ROW, M),
                c("Gemm", in -> op("Gemm", Map.of("transB", 1L, "alpha", 0.5), in.get(0), in.get(1), in.get(2)), A, B, t(new int[] {2}, 0.1, 0.2)),
                c("Gemm bias", in -> op("Gemm", Map.of(), in.get(0), in.get(1), in.get(2)), A, M, t(new int[] {2}, 0.1, 0.2)),
                c("Gemm transA", in -> op("Gemm", Map.of("transA", 1L), in.get(0), in.get(1), in.get(2)), A, B, ROW),
                c("Gemm transA transB beta", in -> op("Gemm", Map.of("transA", 1L, "transB", 1L, "beta", 0.5), in.get(0), in.get(1),
                        in.get(2)), A, M, t(new int[] {3, 1}, 0.3, -0.1, 0.2)),
                c("ReduceSum axis", in -> in.get(0).sum(1, false), A),
                c("ReduceSum all", in -> in.get(0).sum(), A),
                c("ReduceMean", in -> in.get(0).mean(0, true), A),
                c("ReduceMax", in -> in.get(0).max(1, false), A),
                c("ReduceMin", in -> in.get(0).min(0, false), A),
                c("Reshape", in -> in.get(0).reshape(3, 2), A),
                c("Transpose", in -> in.get(0).transpose(), A),
                c("Expand", in -> in.get(0).broadcastTo(Shape.of(2, 3)), ROW),
                c("Concat", in -> Tensor.concat(0, in.get(0), in.get(1)), A, B),
                c("Slice", in -> in.get(0).slice(1, 1, 3), A),
                c("Gather", in -> in.get(0).gather(Tensor.of(new long[] {2, 0, 2}, 3), 1), A),
                c("GatherElements", in -> in.get(0).gatherElements(Tensor.of(new long[] {1, 0, 2, 2}, 2, 2), 1), A),
                c("Where", in -> Tensor.where(in.get(0).greater(0.0), in.get(0), in.get(1)), A, B),
                c("TopK values", in -> in.get(0).topK(2, 1)[0], A),
                c("Composite", in -> in.get(0).matmul(in.get(1)).relu().softmax(-1).log().sum(), A, M),
                c("Conv bias strides 2 pads", in -> op("Conv", Map.of("strides", new long[] {2, 2}, "pads", new long[] {1, 0, 1, 1}),
                        in.get(0), in.get(1), in.get(2)), rand(1, 2, 2, 5, 5), rand(2, 3, 2, 3, 3), rand(3, 3)),
                c("Conv group 2 dilation 2 SAME_UPPER", in -> op("Conv", Map.of("group", 2L, "dilations", new long[] {2, 2},
                        "auto_pad", "SAME_UPPER"), in.get(0), in.get(1)), rand(4, 1, 4, 5, 5), rand(5, 4, 2, 2, 2)),
                c("Conv 1-D", in -> op("Conv", Map.of("pads", new long[] {1, 1}), in.get(0), in.get(1)), rand(6, 2, 2, 6), rand(7, 2, 2, 3)),
                c("MaxPool strides 2", in -> op("MaxPool", Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}),
                        in.get(0)), rand(8, 2, 2, 4, 4)),
                c("MaxPool ceil_mode pads", in -> op("MaxPool", Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                        "pads", new long[] {1, 1, 1, 1}, "ceil_mode", 1L), in.get(0)), rand(9, 1, 2, 6, 6)),
                c("AveragePool count_include_pad", in -> op("AveragePool", Map.of("kernel_shape", new long[] {3, 3},
                        "pads", new long[] {1, 1, 1, 1}, "count_include_pad", 1L), in.get(0)), rand(10, 1, 2, 4, 4)),
                c("AveragePool ceil_mode", in -> op("AveragePool", Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2},
                        "ceil_mode", 1L), in.get(0)), rand(11, 1, 2, 5, 5)),
                c("GlobalAveragePool", in -> op("GlobalAveragePool", Map.of(), in.get(0)), rand(12, 2, 3, 3, 2)),
                c("GlobalMaxPool", in -> op("GlobalMaxPool", Map.of(), in.get(0)), rand(13, 2, 3, 3, 2)),
                c("Conv-MaxPool-Relu stack", in -> op("MaxPool", Map.of("kernel_shape", new long[] {2, 2}),
                        op("Conv", Map.of("pads", new long[] {1, 1, 1, 1}), in.get(0), in.get(1), in.get(2)).relu()), rand(14, 1, 1, 4, 4),
                        rand(15, 2, 1, 3, 3), rand(16, 2)));
    }

    private static Arguments c(String name, Function<List<Tensor>, Tensor> f, Tensor... in) { return Arguments.of(name, f, List.of(in)); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vjpMatchesFiniteDifferences(String name, Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        GradientCheck.check(f, inputs, 1e-6, 1e-5);
    }

    @Test
    void variablesAreWatchedAutomaticallyAndUnusedSourcesGetZeros() {
        Variable w = Variable.of(Tensor.of(new double[] {2.0}, 1), "w", true);
        Variable unused = Variable.of(Tensor.of(new double[] {1.0, 1.0}, 2), "u", true);
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = w.square().sum();
            List<Tensor> g = tape.gradient(loss, List.of(w, unused));
            assertArrayEquals(new double[] {4.0}, g.get(0).toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {0, 0}, g.get(1).toDoubleArray(), 0);
        }
    }

    @Test
    void castPassesGradientsThroughInTheSourceDtype() {
        Variable w = Variable.of(Tensor.of(new double[] {0.5, -2.0}, 2), "w", true);
        try (GradientTape tape = GradientTape.open()) {
            Tensor y = w.cast(DType.FLOAT32).mul(3.0).sum();
            Tensor g = tape.gradient(y, List.of(w)).get(0);
            assertArrayEquals(new double[] {3, 3}, g.toDoubleArray(), 0);
            org.junit.jupiter.api.Assertions.assertEquals(DType.FLOAT64, g.dtype());
        }
    }

    @Test
    void nonPersistentTapeRefusesSecondGradient() {
        Variable w = Variable.of(Tensor.of(new double[] {2.0}, 1), "w", true);
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = w.square().sum();
            tape.gradient(loss, List.of(w));
            assertThrows(IllegalStateKilnException.class, () -> tape.gradient(loss, List.of(w)));
        }
    }

    @Test
    void persistentTapeAllowsSeveralGradients() {
        Variable w = Variable.of(Tensor.of(new double[] {3.0}, 1), "w", true);
        try (GradientTape tape = GradientTape.openPersistent()) {
            Tensor y = w.square().sum();
            Tensor z = w.mul(5.0).sum();
            assertArrayEquals(new double[] {6.0}, tape.gradient(y, List.of(w)).get(0).toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {5.0}, tape.gradient(z, List.of(w)).get(0).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void frozenVariablesAreNotWatched() {
        Variable frozen = Variable.of(Tensor.of(new double[] {3.0}, 1), "f", false);
        try (GradientTape tape = GradientTape.open()) {
            Tensor y = frozen.square().sum();
            assertArrayEquals(new double[] {0.0}, tape.gradient(y, List.of(frozen)).get(0).toDoubleArray(), 0);
        }
    }
}
