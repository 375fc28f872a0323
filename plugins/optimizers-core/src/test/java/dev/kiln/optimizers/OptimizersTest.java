package dev.kiln.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import dev.kiln.optimizers.schedules.CosineDecay;
import dev.kiln.optimizers.schedules.ExponentialDecay;
import dev.kiln.optimizers.schedules.InverseTimeDecay;
import dev.kiln.optimizers.schedules.PiecewiseConstantDecay;
import dev.kiln.optimizers.schedules.PolynomialDecay;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three steps of each optimizer on a 2-element float64 variable with fixed gradients, against a plain
 * double-precision reimplementation of Keras 3's formulas.
 */
class OptimizersTest {
    private static final double[] W0 = {0.5, -1.5};
    private static final double[][] G = {{0.1, -0.2}, {0.3, 0.05}, {-0.4, 0.25}};

    /** Runs the optimizer three steps; returns the final weights. */
    private static double[] run(Optimizer opt) {
        Variable w = Variable.of(Tensor.of(W0.clone(), 2), "w", true);
        for (double[] g : G) {
            opt.apply(List.of(Tensor.of(g.clone(), 2)), List.of(w));
        }
        assertEquals(3, opt.iterations());
        return w.toDoubleArray();
    }

    /** Reference: state[] per element, step(t, g, w, state) -> new w. */
    private static double[] reference(int stateSize, StepFn f) {
        double[] w = W0.clone();
        double[][] state = new double[2][stateSize];
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 2; i++) {
                w[i] = f.step(t, G[t - 1][i], w[i], state[i]);
            }
        }
        return w;
    }

    @FunctionalInterface
    interface StepFn {
        double step(int t, double g, double w, double[] s);
    }

    private static void assertClose(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void sgdPlainMomentumNesterov() {
        double lr = 0.1;
        assertClose(reference(0, (t, g, w, s) -> w - lr * g), run(new SGD(lr)));
        assertClose(reference(1, (t, g, w, s) -> {
            s[0] = 0.9 * s[0] - lr * g;
            return w + s[0];
        }), run(new SGD(lr).momentum(0.9)));
        assertClose(reference(1, (t, g, w, s) -> {
            s[0] = 0.9 * s[0] - lr * g;
            return w + 0.9 * s[0] - lr * g;
        }), run(new SGD(lr).momentum(0.9).nesterov(true)));
    }

    @Test
    void rmspropPlainCenteredMomentum() {
        double lr = 0.01;
        double rho = 0.9;
        double eps = 1e-7;
        assertClose(reference(1, (t, g, w, s) -> {
            s[0] = rho * s[0] + (1 - rho) * g * g;
            return w - lr * g / Math.sqrt(s[0] + eps);
        }), run(new RMSprop(lr)));
        assertClose(reference(3, (t, g, w, s) -> {
            s[0] = rho * s[0] + (1 - rho) * g * g;
            s[1] = rho * s[1] + (1 - rho) * g;
            double inc = lr * g / Math.sqrt(s[0] - s[1] * s[1] + eps);
            s[2] = 0.5 * s[2] + inc;
            return w - s[2];
        }), run(new RMSprop(lr).centered(true).momentum(0.5)));
    }

    private static StepFn adam(double lr, boolean amsgrad) {
        return (t, g, w, s) -> {
            double b1 = 0.9;
            double b2 = 0.999;
            s[0] += (g - s[0]) * (1 - b1);
            s[1] += (g * g - s[1]) * (1 - b2);
            s[2] = Math.max(s[2], s[1]);
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            return w - s[0] * alpha / (Math.sqrt(amsgrad ? s[2] : s[1]) + 1e-7);
        };
    }

    @Test
    void adamAmsgradAdamW() {
        assertClose(reference(3, adam(0.01, false)), run(new Adam(0.01)));
        assertClose(reference(3, adam(0.01, true)), run(new Adam(0.01).amsgrad(true)));
        StepFn inner = adam(0.01, false);
        assertClose(reference(3, (t, g, w, s) -> inner.step(t, g, w - w * 0.004 * 0.01, s)), run(new AdamW(0.01)));
    }

    @Test
    void adagradAdadeltaAdamaxNadam() {
        double lr = 0.05;
        assertClose(reference(1, (t, g, w, s) -> {
            if (t == 1) {
                s[0] = 0.1;
            }
            s[0] += g * g;
            return w - lr * g / Math.sqrt(s[0] + 1e-7);
        }), run(new Adagrad(lr)));
        assertClose(reference(2, (t, g, w, s) -> {
            s[0] = 0.95 * s[0] + 0.05 * g * g;
            double delta = -Math.sqrt(s[1] + 1e-7) * g / Math.sqrt(s[0] + 1e-7);
            s[1] = 0.95 * s[1] + 0.05 * delta * delta;
            return w + lr * delta;
        }), run(new Adadelta(lr)));
        assertClose(reference(2, (t, g, w, s) -> {
            s[0] += (g - s[0]) * 0.1;
            s[1] = Math.max(0.999 * s[1], Math.abs(g));
            return w - lr * s[0] / ((1 - Math.pow(0.9, t)) * (s[1] + 1e-7));
        }), run(new Adamax(lr)));
        double[] uProduct = {1};
        double[] lastT = {0};
        assertClose(reference(2, (t, g, w, s) -> {
            double ut = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004 * t));
            double ut1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004 * (t + 1)));
            if (lastT[0] != t) {
                uProduct[0] *= ut;
                lastT[0] = t;
            }
            double upt = uProduct[0];
            double upt1 = upt * ut1;
            s[0] += (g - s[0]) * 0.1;
            s[1] += (g * g - s[1]) * 0.001;
            double mHat = ut1 * s[0] / (1 - upt1) + (1 - ut) * g / (1 - upt);
            double vHat = s[1] / (1 - Math.pow(0.999, t));
            return w - mHat * lr / (Math.sqrt(vHat) + 1e-7);
        }), run(new Nadam(lr)));
    }

    @Test
    void clipping() {
        double lr = 0.1;
        // clipnorm 0.1: each gradient vector is scaled to norm <= 0.1
        assertClose(reference(0, (t, g, w, s) -> {
            double[] gv = G[t - 1];
            double n = Math.hypot(gv[0], gv[1]);
            return w - lr * (n > 0.1 ? g * 0.1 / n : g);
        }), run(new SGD(lr).clipnorm(0.1)));
        assertClose(reference(0, (t, g, w, s) -> w - lr * Math.max(-0.15, Math.min(0.15, g))), run(new SGD(lr).clipvalue(0.15)));
        assertThrows(InvalidArgumentException.class, () -> new SGD().clipnorm(1).globalClipnorm(1));
        assertThrows(InvalidArgumentException.class, () -> new SGD().clipnorm(-1));
    }

    @Test
    void globalClipnormScalesAllGradientsTogether() {
        Variable a = Variable.of(Tensor.of(new double[] {0, 0}, 2), "a", true);
        Variable b = Variable.of(Tensor.of(new double[] {0}, 1), "b", true);
        new SGD(1.0).globalClipnorm(1.0).apply(List.of(Tensor.of(new double[] {3, 0}, 2), Tensor.of(new double[] {4}, 1)), List.of(a, b));
        assertClose(new double[] {-0.6, 0}, a.toDoubleArray());
        assertClose(new double[] {-0.8}, b.toDoubleArray());
    }

    @Test
    void schedules() {
        assertEquals(0.1 * Math.pow(0.5, 0.5), new ExponentialDecay(0.1, 10, 0.5, false).at(5), 1e-15);
        assertEquals(0.1, new ExponentialDecay(0.1, 10, 0.5, true).at(9), 1e-15);
        assertEquals(0.05, new ExponentialDecay(0.1, 10, 0.5, true).at(10), 1e-15);
        PiecewiseConstantDecay pw = new PiecewiseConstantDecay(new double[] {10, 20}, new double[] {1, 0.5, 0.1});
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.1), List.of(pw.at(0), pw.at(10), pw.at(11), pw.at(20), pw.at(21)));
        PolynomialDecay poly = new PolynomialDecay(0.1, 100, 0.01, 2, false);
        assertEquals((0.1 - 0.01) * 0.25 + 0.01, poly.at(50), 1e-15);
        assertEquals(0.01, poly.at(500), 1e-15);
        PolynomialDecay cyc = new PolynomialDecay(0.1, 100, 0.01, 1, true);
        assertEquals((0.1 - 0.01) * (1 - 150.0 / 200) + 0.01, cyc.at(150), 1e-15);
        assertEquals(0.1 / (1 + 0.5 * 2.5), new InverseTimeDecay(0.1, 10, 0.5, false).at(25), 1e-15);
        assertEquals(0.1 / (1 + 0.5 * 2), new InverseTimeDecay(0.1, 10, 0.5, true).at(25), 1e-15);
        CosineDecay cos = new CosineDecay(0.1, 100, 0.1, null, 0);
        assertEquals(0.1 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.3)) + 0.1), cos.at(30), 1e-15);
        CosineDecay warm = new CosineDecay(0.0, 100, 0.0, 0.2, 10);
        assertEquals(0.1, warm.at(5), 1e-15);
        assertEquals(0.2, warm.at(10), 1e-15);
        assertEquals(0.2 * 0.5 * (1 + Math.cos(Math.PI * 0.5)), warm.at(60), 1e-15);
        assertThrows(InvalidArgumentException.class, () -> new PiecewiseConstantDecay(new double[] {1}, new double[] {1}));
    }

    @Test
    void optimizerFollowsItsSchedule() {
        LearningRateSchedule s = new PiecewiseConstantDecay(new double[] {0}, new double[] {1.0, 0.1});
        SGD sgd = new SGD(s);
        Variable w = Variable.of(Tensor.of(new double[] {0}, 1), "w", true);
        sgd.apply(List.of(Tensor.of(new double[] {1}, 1)), List.of(w));    // step 0: lr 1.0
        sgd.apply(List.of(Tensor.of(new double[] {1}, 1)), List.of(w));    // step 1: lr 0.1
        assertClose(new double[] {-1.1}, w.toDoubleArray());
        assertEquals(0.1, sgd.learningRate(), 0);
        assertThrows(IllegalStateKilnException.class, () -> sgd.setLearningRate(0.5));
    }

    @Test
    void registryAndConfigs() {
        assertTrue(Optimizer.get("rmsprop") instanceof RMSprop);
        assertEquals(0.001, Optimizer.get("rmsprop").learningRate(), 0);
        assertEquals(0.01, Optimizer.get("sgd").learningRate(), 0);
        for (Optimizer o : List.of(new SGD(0.2).momentum(0.5).nesterov(true), new RMSprop(0.01).centered(true).clipnorm(2),
                new Adam(0.003).amsgrad(true), new AdamW(0.01), new Adagrad(0.1), new Adadelta(1.0), new Adamax(0.002),
                new Nadam(0.002), new SGD(new ExponentialDecay(0.1, 100, 0.9, true)),
                new Adam(new CosineDecay(0.0, 1000, 0.0, 0.01, 100)))) {
            Optimizer back = Registry.get().deserialize(ComponentKind.OPTIMIZER, Registry.get().serialize(ComponentKind.OPTIMIZER, o), Optimizer.class);
            assertEquals(o.getClass(), back.getClass());
            assertEquals(String.valueOf(o.getConfig()), String.valueOf(back.getConfig()));
        }
        assertThrows(InvalidArgumentException.class, () -> new RMSprop().rho(1.0));
        assertThrows(InvalidArgumentException.class, () -> new Adam().epsilon(0));
        assertThrows(InvalidArgumentException.class, () -> new SGD(-0.1));
        assertThrows(InvalidArgumentException.class, () -> new SGD().momentum(1.5));
    }

}
