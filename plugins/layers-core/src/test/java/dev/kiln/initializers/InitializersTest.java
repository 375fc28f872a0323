package dev.kiln.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Kiln;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InitializersTest {
    /** fan_in 400, fan_out 300 (a dense kernel) and 160000 samples. */
    private static final Shape KERNEL = Shape.of(400, 400);
    private static final Shape RECT = Shape.of(400, 300);

    private static double mean(double[] v) { return Arrays.stream(v).average().orElseThrow(); }

    private static double variance(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length;
    }

    /** name, expected variance on RECT, bound on |x| (or NaN for an untruncated normal). */
    static Stream<Arguments> scaled() {
        double avg = 350;
        return Stream.of(
                Arguments.of("glorot_uniform", 1.0 / avg, Math.sqrt(3.0 / avg)),
                Arguments.of("glorot_normal", 1.0 / avg, 2 * Math.sqrt(1.0 / avg) / VarianceScaling.TRUNCATION_STDDEV),
                Arguments.of("he_uniform", 2.0 / 400, Math.sqrt(6.0 / 400)),
                Arguments.of("he_normal", 2.0 / 400, 2 * Math.sqrt(2.0 / 400) / VarianceScaling.TRUNCATION_STDDEV),
                Arguments.of("lecun_uniform", 1.0 / 400, Math.sqrt(3.0 / 400)),
                Arguments.of("lecun_normal", 1.0 / 400, 2 * Math.sqrt(1.0 / 400) / VarianceScaling.TRUNCATION_STDDEV),
                Arguments.of("variance_scaling", 1.0 / 400, 2 * Math.sqrt(1.0 / 400) / VarianceScaling.TRUNCATION_STDDEV),
                Arguments.of("random_normal", 0.05 * 0.05, Double.NaN),
                Arguments.of("random_uniform", 0.1 * 0.1 / 12, 0.05),
                Arguments.of("truncated_normal", 0.05 * 0.05 * VarianceScaling.TRUNCATION_STDDEV * VarianceScaling.TRUNCATION_STDDEV, 0.1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaled")
    void randomInitializersHaveKerasStatisticsAndRepeatUnderSeed(String id, double variance, double bound) {
        Initializer init = Initializer.get(id);
        Kiln.setSeed(123);
        Tensor t = init.initialize(RECT, DType.FLOAT64);
        assertEquals(RECT, t.shape());
        assertEquals(DType.FLOAT64, t.dtype());
        double[] v = t.toDoubleArray();
        double sd = Math.sqrt(variance);
        assertEquals(0.0, mean(v), 5 * sd / Math.sqrt(v.length), id + " mean");
        assertEquals(variance, variance(v), variance * 0.03, id + " variance");
        if (!Double.isNaN(bound)) {
            for (double x : v) {
                assertTrue(Math.abs(x) <= bound * (1 + 1e-12), id + " out of bounds: " + x);
            }
        }
        Kiln.setSeed(123);
        assertArrayEquals(v, init.initialize(RECT, DType.FLOAT64).toDoubleArray(), id + " repeats under the seed");
        assertFalse(Arrays.equals(v, init.initialize(RECT, DType.FLOAT64).toDoubleArray()), id + " next draw differs");
        assertEquals(DType.FLOAT32, init.initialize(Shape.of(3), DType.FLOAT32).dtype());
    }

    @Test
    void varianceScalingModesAndDistributions() {
        Kiln.setSeed(4);
        // conv kernel (3, 3, 20, 40): fan_in 180, fan_out 360
        Shape conv = Shape.of(3, 3, 20, 40);
        assertEquals(2.0 / 360, variance(new VarianceScaling(2.0, "fan_out", "untruncated_normal").initialize(conv, DType.FLOAT64)
                .toDoubleArray()), 2.0 / 360 * 0.05);
        assertEquals(0.5 / 270, variance(new VarianceScaling(0.5, "fan_avg", "uniform").initialize(conv, DType.FLOAT64)
                .toDoubleArray()), 0.5 / 270 * 0.05);
        assertEquals(3.0 / 180, variance(new VarianceScaling(3.0, "FAN_IN", "Truncated_Normal").initialize(conv, DType.FLOAT64)
                .toDoubleArray()), 3.0 / 180 * 0.05);
        assertEquals(new GlorotUniform(), Initializer.get("glorot_uniform"));
        assertNotEquals(new GlorotUniform(), new VarianceScaling(1.0, "fan_avg", "uniform"));
        assertEquals(new HeNormal(), Initializer.get("core>HeNormal"));
        assertEquals(Map.of(), new HeNormal().getConfig());
        assertThrows(InvalidArgumentException.class, () -> new VarianceScaling(1, "fan_middle", "uniform"));
        assertThrows(InvalidArgumentException.class, () -> new VarianceScaling(1, "fan_in", "normalish"));
        assertThrows(InvalidArgumentException.class, () -> new VarianceScaling(0, "fan_in", "uniform"));
        assertThrows(InvalidArgumentException.class, () -> new VarianceScaling(-1, "fan_in", "uniform"));
    }

    @Test
    void constantsAreExact() {
        assertArrayEquals(new float[] {0, 0, 0}, Initializer.get("zeros").initialize(Shape.of(3), DType.FLOAT32).toFloatArray());
        assertArrayEquals(new double[] {1, 1, 1, 1}, Initializer.get("ones").initialize(Shape.of(2, 2), DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new double[] {0.3, 0.3}, new Constant(0.3).initialize(Shape.of(2), DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new double[] {-2.5}, Registry.get().create(ComponentKind.INITIALIZER, "constant", Map.of("value", -2.5), Initializer.class)
                .initialize(Shape.of(1), DType.FLOAT64).toDoubleArray());
        assertEquals(new Zeros(), Initializer.get("zero"));
        assertEquals(new Ones(), Initializer.get("one"));
        assertThrows(InvalidArgumentException.class, () -> new Constant(Double.NaN));
        assertThrows(InvalidArgumentException.class, () -> new RandomNormal(0, 0));
        assertThrows(InvalidArgumentException.class, () -> new TruncatedNormal(0, -1));
        assertThrows(InvalidArgumentException.class, () -> new RandomUniform(1, 1));
        assertThrows(InvalidArgumentException.class, () -> Constant.fromConfig(Map.of("value", "one")));
    }

    @Test
    void parametersAreUsed() {
        Kiln.setSeed(8);
        double[] n = new RandomNormal(3, 0.5).initialize(KERNEL, DType.FLOAT64).toDoubleArray();
        assertEquals(3, mean(n), 0.01);
        assertEquals(0.25, variance(n), 0.25 * 0.03);
        for (double x : new RandomUniform(2, 4).initialize(KERNEL, DType.FLOAT64).toDoubleArray()) {
            assertTrue(x >= 2 && x < 4);
        }
        for (double x : new TruncatedNormal(-1, 0.1).initialize(KERNEL, DType.FLOAT64).toDoubleArray()) {
            assertTrue(x >= -1.2 && x <= -0.8);
        }
    }

    @Test
    void everyInitializerRoundTripsThroughTheRegistry() {
        List<Initializer> all = List.of(new GlorotUniform(), new GlorotNormal(), new HeUniform(), new HeNormal(), new LecunUniform(),
                new LecunNormal(), new VarianceScaling(2.0, "fan_out", "untruncated_normal"), new VarianceScaling(), new Zeros(), new Ones(),
                new Constant(0.7), new RandomNormal(1, 2), new RandomNormal(), new RandomUniform(-3, 3), new RandomUniform(),
                new TruncatedNormal(0.5, 0.01), new TruncatedNormal());
        for (Initializer i : all) {
            Map<String, Object> saved = Registry.get().serialize(ComponentKind.INITIALIZER, i);
            assertTrue(((String) saved.get("class_name")).startsWith("core>"), saved.toString());
            assertEquals(i, Registry.get().deserialize(ComponentKind.INITIALIZER, saved, Initializer.class), saved.toString());
        }
        for (String id : List.of("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "zeros", "ones",
                "constant", "random_normal", "random_uniform", "truncated_normal", "variance_scaling")) {
            Initializer i = Initializer.get(id);
            assertEquals(i, Registry.get().deserialize(ComponentKind.INITIALIZER, Registry.get().serialize(ComponentKind.INITIALIZER, i),
                    Initializer.class), id);
        }
        assertEquals("core>TruncatedNormal", Registry.get().nameOf(ComponentKind.INITIALIZER, new TruncatedNormal()).orElseThrow());
        assertEquals(Map.of("scale", 2.0, "mode", "fan_out", "distribution", "untruncated_normal"),
                new VarianceScaling(2.0, "fan_out", "untruncated_normal").getConfig());
    }
}
