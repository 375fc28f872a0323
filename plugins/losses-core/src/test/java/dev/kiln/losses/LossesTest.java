package dev.kiln.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import dev.kiln.testkit.GradientCheck;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each loss against Keras's formulas computed by hand in double precision. */
class LossesTest {
    private static final double EPS = 1e-7;
    private static final double[] T = {0.0, 1.0, 0.5, 1.0, 0.0, 0.2};
    private static final double[] P = {0.1, 0.8, 0.4, 0.7, 0.3, 0.6};

    private static Tensor t2(double[] v) { return Tensor.of(v, 2, 3); }

    /** Mean over each row of f(t, p). */
    private static double[] rowMeans(DoubleBinaryOperator f) {
        double[] out = new double[2];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                out[r] += f.applyAsDouble(T[r * 3 + c], P[r * 3 + c]) / 3;
            }
        }
        return out;
    }

    private static double clip(double v) { return Math.min(1 - EPS, Math.max(EPS, v)); }

    static Stream<Arguments> elementwise() {
        return Stream.of(
                Arguments.of(new MeanSquaredError(), rowMeans((t, p) -> (p - t) * (p - t))),
                Arguments.of(new MeanAbsoluteError(), rowMeans((t, p) -> Math.abs(p - t))),
                Arguments.of(new MeanAbsolutePercentageError(), rowMeans((t, p) -> 100 * Math.abs((t - p) / Math.max(Math.abs(t), EPS)))),
                Arguments.of(new MeanSquaredLogarithmicError(), rowMeans((t, p) -> Math.pow(Math.log(Math.max(p, EPS) + 1) - Math.log(Math.max(t, EPS) + 1), 2))),
                Arguments.of(new Huber(0.25), rowMeans((t, p) -> {
                    double e = Math.abs(p - t);
                    return e <= 0.25 ? 0.5 * e * e : 0.25 * e - 0.5 * 0.25 * 0.25;
                })),
                Arguments.of(new LogCosh(), rowMeans((t, p) -> Math.log(Math.cosh(p - t)))),
                Arguments.of(new Poisson(), rowMeans((t, p) -> p - t * Math.log(p + EPS))),
                Arguments.of(new BinaryCrossentropy(), rowMeans((t, p) -> -(t * Math.log(clip(p)) + (1 - t) * Math.log(1 - clip(p))))),
                Arguments.of(new KLDivergence(), new double[] {klRow(0), klRow(1)}),
                Arguments.of(new Hinge(), rowMeans((t, p) -> Math.max(1 - t * p, 0))),
                Arguments.of(new SquaredHinge(), rowMeans((t, p) -> Math.pow(Math.max(1 - t * p, 0), 2))));
    }

    private static double klRow(int r) {
        double s = 0;
        for (int c = 0; c < 3; c++) {
            double t = Math.min(1, Math.max(EPS, T[r * 3 + c]));
            double p = Math.min(1, Math.max(EPS, P[r * 3 + c]));
            s += t * Math.log(t / p);
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void matchesHandComputedValuesForEveryReduction(Loss loss, double[] perSample) {
        Tensor yt = t2(T);
        Tensor yp = t2(P);
        double[] none = new Loss(loss.name(), Reduction.NONE) {
            @Override
            public Tensor call(Tensor a, Tensor b) { return loss.call(a, b); }
        }.compute(yt, yp, null).toDoubleArray();
        for (int i = 0; i < 2; i++) {
            assertEquals(perSample[i], none[i], 1e-9 * Math.max(1, Math.abs(perSample[i])));
        }
        double mean = (perSample[0] + perSample[1]) / 2;
        assertEquals(mean, loss.compute(yt, yp, null).item(), 1e-9 * Math.max(1, Math.abs(mean)));
        Tensor w = Tensor.of(new double[] {0.25, 2.0}, 2);
        double weighted = (0.25 * perSample[0] + 2 * perSample[1]) / 2;
        assertEquals(weighted, loss.compute(yt, yp, w).item(), 1e-9 * Math.max(1, Math.abs(weighted)));
        Loss summed = Registry.get().create(ComponentKind.LOSS, Registry.get().nameOf(ComponentKind.LOSS, loss).orElseThrow(),
                withReduction(loss.getConfig(), "sum"), Loss.class);
        assertEquals(2 * mean, summed.compute(yt, yp, null).item(), 1e-9 * Math.max(1, Math.abs(mean)));
    }

    private static Map<String, Object> withReduction(Map<String, Object> c, String r) {
        Map<String, Object> m = new java.util.HashMap<>(c);
        m.put("reduction", r);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void gradientsMatchFiniteDifferences(Loss loss, double[] ignored) {
        Tensor targets = t2(T);
        GradientCheck.check(in -> loss.compute(targets, in.get(0), null), List.of(t2(P)), 1e-6, 1e-4);
    }

    @Test
    void categoricalCrossentropyProbabilitiesLogitsAndSmoothing() {
        Tensor t = Tensor.of(new double[] {0, 1, 0, 0, 0, 1}, 2, 3);
        Tensor logits = Tensor.of(new double[] {1.0, 2.0, 0.5, -1.0, 0.0, 3.0}, 2, 3);
        double[] expected = new double[2];
        for (int r = 0; r < 2; r++) {
            double z = 0;
            for (int c = 0; c < 3; c++) {
                z += Math.exp(logits.toDoubleArray()[r * 3 + c]);
            }
            int k = r == 0 ? 1 : 2;
            expected[r] = -(logits.toDoubleArray()[r * 3 + k] - Math.log(z));
        }
        double mean = (expected[0] + expected[1]) / 2;
        assertEquals(mean, new CategoricalCrossentropy(true, 0).compute(t, logits, null).item(), 1e-9);
        assertEquals(mean, new CategoricalCrossentropy(false, 0).compute(t, logits.softmax(-1), null).item(), 1e-6);
        Tensor labels = Tensor.of(new int[] {1, 2}, 2);
        assertEquals(mean, new SparseCategoricalCrossentropy(true).compute(labels, logits, null).item(), 1e-9);
        assertEquals(mean, new SparseCategoricalCrossentropy(false).compute(Tensor.of(new int[] {1, 2}, 2, 1), logits.softmax(-1), null).item(), 1e-6);
        double smoothed = 0;
        double[] lp = logits.logSoftmax(-1).toDoubleArray();
        double[] tv = t.toDoubleArray();
        for (int i = 0; i < 6; i++) {
            smoothed -= (tv[i] * 0.9 + 0.1 / 3) * lp[i] / 2;
        }
        assertEquals(smoothed, new CategoricalCrossentropy(true, 0.1).compute(t, logits, null).item(), 1e-9);
        GradientCheck.check(in -> new SparseCategoricalCrossentropy(true).compute(labels, in.get(0), null), List.of(logits));
        GradientCheck.check(in -> new CategoricalCrossentropy(false, 0.1).compute(t, in.get(0).softmax(-1), null), List.of(logits));
    }

    @Test
    void binaryCrossentropyFromLogitsMatchesProbabilities() {
        Tensor t = Tensor.of(new double[] {0, 1, 1, 0}, 4, 1);
        Tensor x = Tensor.of(new double[] {-1.5, 0.3, 2.0, 0.1}, 4, 1);
        assertEquals(new BinaryCrossentropy(false, 0).compute(t, x.sigmoid(), null).item(),
                new BinaryCrossentropy(true, 0).compute(t, x, null).item(), 1e-6);
        GradientCheck.check(in -> new BinaryCrossentropy(true, 0.2).compute(t, in.get(0), null), List.of(x));
    }

    @Test
    void hingeFamilyAndCosine() {
        Tensor t = Tensor.of(new double[] {0, 1, 0, 1, 0, 0}, 2, 3);
        Tensor p = Tensor.of(new double[] {0.2, 0.7, 0.1, 0.6, 0.3, 0.1}, 2, 3);
        double r0 = Math.max(Math.max(0.2, 0.1) - 0.7 + 1, 0);
        double r1 = Math.max(Math.max(0.3, 0.1) - 0.6 + 1, 0);
        assertEquals((r0 + r1) / 2, new CategoricalHinge().compute(t, p, null).item(), 1e-9);
        Tensor a = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2);
        Tensor b = Tensor.of(new double[] {1, 0, 1, 1}, 2, 2);
        assertEquals(-(1 + 1 / Math.sqrt(2)) / 2, new CosineSimilarity().compute(a, b, null).item(), 1e-9);
        GradientCheck.check(in -> new CosineSimilarity().compute(a, in.get(0), null), List.of(b));
        GradientCheck.check(in -> new CategoricalHinge().compute(t, in.get(0), null), List.of(p));
    }

    @Test
    void sparseLabelsOutsideTheRangeAreRejected() {
        Tensor probs = Tensor.of(new float[] {0.2f, 0.8f, 0.5f, 0.5f}, 2, 2);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new int[] {1, 2}, 2), probs, null));
        assertTrue(e.getMessage().startsWith("Received a label value of 2 which is outside the valid range of [0, 2)."), e.getMessage());
        assertThrows(InvalidArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new int[] {-1, 0}, 2), probs, null));
        assertThrows(InvalidArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new float[] {0.5f, 1f}, 2), probs, null));
        ShapeMismatchException s = assertThrows(ShapeMismatchException.class,
                () -> new CategoricalCrossentropy().compute(Tensor.of(new int[] {1, 0}, 2), Tensor.of(new float[] {0.2f, 0.3f, 0.5f, 0.1f, 0.1f, 0.8f}, 2, 3), null));
        assertTrue(s.getMessage().contains("sparse_categorical_crossentropy"), s.getMessage());
    }

    @Test
    void identifiersConfigsAndFunctions() {
        assertTrue(Loss.get("mse") instanceof MeanSquaredError);
        assertTrue(Loss.get("sparse_categorical_crossentropy") instanceof SparseCategoricalCrossentropy);
        assertTrue(Loss.get("core>Huber") instanceof Huber);
        UnknownIdentifierException u = assertThrows(UnknownIdentifierException.class, () -> Loss.get("mean_sqared_error"));
        assertTrue(u.getMessage().contains("mean_squared_error"), u.getMessage());
        for (Loss l : new Loss[] {new Huber(0.3), new BinaryCrossentropy(true, 0.1), new CategoricalCrossentropy(true, 0.2),
                new SparseCategoricalCrossentropy(true), new CosineSimilarity(1), new MeanSquaredError(Reduction.SUM)}) {
            Map<String, Object> s = Registry.get().serialize(ComponentKind.LOSS, l);
            Loss back = Registry.get().deserialize(ComponentKind.LOSS, s, Loss.class);
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.getConfig(), back.getConfig());
        }
        Loss fn = Loss.of("cubic", (t, p) -> p.sub(t).abs().pow(3.0).mean(-1, false));
        assertEquals(1.0, fn.compute(Tensor.of(new double[] {0, 0}, 1, 2), Tensor.of(new double[] {1, -1}, 1, 2), null).item(), 1e-12);
    }
}
