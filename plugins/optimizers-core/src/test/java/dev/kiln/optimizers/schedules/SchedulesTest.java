package dev.kiln.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.optimizers.LearningRateSchedule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each schedule at several steps against values worked out by hand from Keras 3's formulas. */
class SchedulesTest {
    private static final double TOL = 1e-15;

    @Test
    void exponentialDecay() {
        ExponentialDecay smooth = new ExponentialDecay(0.1, 10, 0.5);
        assertEquals(0.1, smooth.at(0), TOL);
        assertEquals(0.1 * Math.sqrt(0.5), smooth.at(5), TOL);
        assertEquals(0.05, smooth.at(10), TOL);
        assertEquals(0.1 * Math.pow(0.5, 2.5), smooth.at(25), TOL);
        ExponentialDecay stairs = new ExponentialDecay(0.1, 10, 0.5, true);
        assertEquals(0.1, stairs.at(0), TOL);
        assertEquals(0.1, stairs.at(9), TOL);
        assertEquals(0.05, stairs.at(10), TOL);
        assertEquals(0.05, stairs.at(19), TOL);
        assertEquals(0.025, stairs.at(25), TOL);
    }

    @Test
    void piecewiseConstantDecayUsesValueIWhileStepIsAtMostBoundaryI() {
        PiecewiseConstantDecay pw = new PiecewiseConstantDecay(new double[] {10, 20}, new double[] {1, 0.5, 0.1});
        assertEquals(List.of(1.0, 1.0, 1.0, 0.5, 0.5, 0.1, 0.1),
                List.of(pw.at(0), pw.at(9), pw.at(10), pw.at(11), pw.at(20), pw.at(21), pw.at(1_000_000)));
        PiecewiseConstantDecay none = new PiecewiseConstantDecay(new double[0], new double[] {0.3});
        assertEquals(0.3, none.at(0), 0);
        assertEquals(0.3, none.at(99), 0);
    }

    @Test
    void polynomialDecay() {
        PolynomialDecay linear = new PolynomialDecay(0.1, 100);        // Keras defaults: end 1e-4, power 1
        assertEquals(0.1, linear.at(0), TOL);
        assertEquals((0.1 - 0.0001) * 0.75 + 0.0001, linear.at(25), TOL);
        assertEquals(0.0001, linear.at(100), TOL);
        assertEquals(0.0001, linear.at(1000), TOL);
        PolynomialDecay square = new PolynomialDecay(0.1, 100, 0.01, 2, false);
        assertEquals((0.1 - 0.01) * 0.25 + 0.01, square.at(50), TOL);
        assertEquals(0.01, square.at(500), TOL);
        PolynomialDecay cyc = new PolynomialDecay(0.1, 100, 0.01, 1, true);
        assertEquals(0.1, cyc.at(0), TOL);                                          // multiplier 1 at step 0
        assertEquals((0.1 - 0.01) * 0.5 + 0.01, cyc.at(50), TOL);
        assertEquals(0.01, cyc.at(100), TOL);                                       // ceil(100/100) = 1
        assertEquals((0.1 - 0.01) * (1 - 101.0 / 200) + 0.01, cyc.at(101), TOL);  // horizon grows to 200
        assertEquals((0.1 - 0.01) * (1 - 150.0 / 200) + 0.01, cyc.at(150), TOL);
        assertEquals((0.1 - 0.01) * (1 - 250.0 / 300) + 0.01, cyc.at(250), TOL);
        PolynomialDecay sqrt = new PolynomialDecay(0.1, 100, 0.0, 0.5, false);
        assertEquals(0.1 * Math.sqrt(0.36), sqrt.at(64), TOL);
    }

    @Test
    void inverseTimeDecay() {
        InverseTimeDecay smooth = new InverseTimeDecay(0.1, 10, 0.5);
        assertEquals(0.1, smooth.at(0), TOL);
        assertEquals(0.1 / 1.25, smooth.at(5), TOL);
        assertEquals(0.1 / (1 + 0.5 * 2.5), smooth.at(25), TOL);
        InverseTimeDecay stairs = new InverseTimeDecay(0.1, 10, 0.5, true);
        assertEquals(0.1, stairs.at(9), TOL);
        assertEquals(0.1 / 1.5, stairs.at(10), TOL);
        assertEquals(0.1 / 2, stairs.at(25), TOL);
    }

    @Test
    void cosineDecay() {
        CosineDecay plain = new CosineDecay(0.1, 100);
        assertEquals(0.1, plain.at(0), TOL);
        assertEquals(0.05, plain.at(50), TOL);
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.3)), plain.at(30), TOL);
        assertEquals(0.0, plain.at(100), TOL);
        assertEquals(0.0, plain.at(150), TOL);                                   // capped at decay_steps
        CosineDecay floor = new CosineDecay(0.1, 100, 0.1);
        assertEquals(0.1 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.3)) + 0.1), floor.at(30), TOL);
        assertEquals(0.01, floor.at(100), TOL);
        assertEquals(0.01, floor.at(10_000), TOL);
    }

    @Test
    void cosineDecayWithLinearWarmup() {
        CosineDecay warm = new CosineDecay(0.0, 100, 0.0, 0.2, 10);
        assertEquals(0.0, warm.at(0), TOL);
        assertEquals(0.02, warm.at(1), TOL);
        assertEquals(0.1, warm.at(5), TOL);
        assertEquals(0.18, warm.at(9), 1e-15);
        assertEquals(0.2, warm.at(10), TOL);                                     // warmup done: decay starts from the target
        assertEquals(0.2 * 0.5 * (1 + Math.cos(Math.PI * 0.5)), warm.at(60), TOL);
        assertEquals(0.0, warm.at(110), TOL);
        assertEquals(0.0, warm.at(500), TOL);
        CosineDecay fromBase = new CosineDecay(0.05, 100, 0.5, 0.15, 4);
        assertEquals(0.05 + 0.1 * 0.75, fromBase.at(3), TOL);
        assertEquals(0.15 * (0.5 * 0.5 * (1 + Math.cos(Math.PI * 0.2)) + 0.5), fromBase.at(24), TOL);
        assertEquals(0.075, fromBase.at(104), TOL);
        // without a warmup target, warmup_steps is ignored (as Keras)
        assertEquals(new CosineDecay(0.1, 100).at(30), new CosineDecay(0.1, 100, 0.0, null, 50).at(30), 0);
        // warmup_steps 0 with a target decays from the target at once
        assertEquals(0.3, new CosineDecay(0.1, 100, 0.0, 0.3, 0).at(0), TOL);
    }

    @Test
    void configsUseKerasKeysAndRebuildEqualSchedules() {
        List<LearningRateSchedule> all = List.of(new ExponentialDecay(0.1, 10, 0.5, true),
                new PiecewiseConstantDecay(new double[] {10, 20}, new double[] {1, 0.5, 0.1}),
                new PolynomialDecay(0.1, 100, 0.01, 2, true), new InverseTimeDecay(0.1, 10, 0.5, false),
                new CosineDecay(0.0, 100, 0.1, 0.2, 10), new CosineDecay(0.1, 100));
        for (LearningRateSchedule s : all) {
            Map<String, Object> c = s.getConfig();
            LearningRateSchedule back = switch (s.getClass().getSimpleName()) {
                case "ExponentialDecay" -> ExponentialDecay.fromConfig(c);
                case "PiecewiseConstantDecay" -> PiecewiseConstantDecay.fromConfig(c);
                case "PolynomialDecay" -> PolynomialDecay.fromConfig(c);
                case "InverseTimeDecay" -> InverseTimeDecay.fromConfig(c);
                default -> CosineDecay.fromConfig(c);
            };
            assertEquals(c, back.getConfig());
            for (long step : new long[] {0, 1, 5, 10, 11, 50, 101, 250}) {
                assertEquals(s.at(step), back.at(step), 0, s + " at " + step);
            }
        }
        assertEquals(List.of("initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"),
                List.copyOf(new CosineDecay(0.1, 100).getConfig().keySet()));
        assertEquals(List.of("initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle", "name"),
                List.copyOf(new PolynomialDecay(0.1, 100).getConfig().keySet()));
        assertEquals("PiecewiseConstant", new PiecewiseConstantDecay(new double[] {1}, new double[] {1, 2}).getConfig().get("name"));
    }

    @Test
    void configsFromKerasJson() {
        // what keras.optimizers.schedules.serialize writes in its "config" (ints, a name, a null warmup target)
        CosineDecay c = CosineDecay.fromConfig(mapOf("initial_learning_rate", 0.1, "decay_steps", 1000, "alpha", 0.0,
                "name", "CosineDecay", "warmup_target", null, "warmup_steps", 0));
        assertEquals(0.05, c.at(500), TOL);
        PiecewiseConstantDecay p = PiecewiseConstantDecay.fromConfig(Map.of("boundaries", List.of(100000, 110000),
                "values", List.of(1.0, 0.5, 0.1), "name", "PiecewiseConstant"));
        assertEquals(0.5, p.at(100001), 0);
        ExponentialDecay e = ExponentialDecay.fromConfig(Map.of("initial_learning_rate", 0.1, "decay_steps", 100000,
                "decay_rate", 0.96, "staircase", true));
        assertEquals(0.1 * 0.96, e.at(150000), TOL);
    }

    @Test
    void invalidArguments() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> new PiecewiseConstantDecay(new double[] {1}, new double[] {1}));
        assertTrue(e.getMessage().contains("The length of boundaries should be 1 less than the length of values"), e.getMessage());
        assertTrue(e.getMessage().contains("Expected") && e.getMessage().contains("Received"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new PiecewiseConstantDecay(new double[] {2, 1}, new double[] {1, 2, 3}));
        assertThrows(InvalidArgumentException.class, () -> new PiecewiseConstantDecay(null, new double[] {1}));
        e = assertThrows(InvalidArgumentException.class, () -> new ExponentialDecay(0.1, 0, 0.5));
        assertTrue(e.getMessage().contains("`decay_steps`") && e.getMessage().contains("must be > 0"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new PolynomialDecay(0.1, -5));
        assertThrows(InvalidArgumentException.class, () -> new InverseTimeDecay(0.1, 0, 0.5));
        assertThrows(InvalidArgumentException.class, () -> new CosineDecay(0.1, 0));
        assertThrows(InvalidArgumentException.class, () -> new CosineDecay(0.1, 10, 1.5));
        assertThrows(InvalidArgumentException.class, () -> new CosineDecay(0.1, 10, 0, 0.2, -1));
        assertThrows(InvalidArgumentException.class, () -> new ExponentialDecay(-0.1, 10, 0.5));
        assertThrows(InvalidArgumentException.class, () -> new ExponentialDecay(Double.NaN, 10, 0.5));
        e = assertThrows(InvalidArgumentException.class, () -> ExponentialDecay.fromConfig(Map.of("decay_steps", 10, "decay_rate", 0.5)));
        assertTrue(e.getMessage().contains("initial_learning_rate"), e.getMessage());
        assertThrows(InvalidArgumentException.class,
                () -> ExponentialDecay.fromConfig(Map.of("initial_learning_rate", 0.1, "decay_steps", 10.5, "decay_rate", 0.5)));
        assertThrows(InvalidArgumentException.class,
                () -> ExponentialDecay.fromConfig(Map.of("initial_learning_rate", "0.1", "decay_steps", 10, "decay_rate", 0.5)));
    }

    private static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
