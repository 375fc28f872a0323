package dev.kiln.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.api.DType;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.optimizers.Optimizer;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * A tiny problem (one 2-element variable, three fixed gradients) and a plain double-precision loop that applies a
 * per-element update rule written straight from Keras 3's formulas, to compare optimizers against.
 */
final class Reference {
    static final double[] W0 = {0.5, -1.5};
    static final double[][] G = {{0.1, -0.2}, {0.3, 0.05}, {-0.4, 0.25}};

    private Reference() {}

    /** One element's update at step {@code t} (1-based) with learning rate {@code lr}; {@code s} is that element's state. */
    @FunctionalInterface
    interface Rule {
        double step(int t, double lr, double g, double w, double[] s);
    }

    /** Settings around the rule: learning rate per step count, gradient transform (clipping), decoupled weight decay. */
    static final class Setup {
        LongToDoubleFunction lr = i -> 0.1;
        UnaryOperator<double[]> grad = g -> g;
        double weightDecay;
        double[] init = new double[0];

        static Setup lr(double lr) {
            Setup s = new Setup();
            s.lr = i -> lr;
            return s;
        }

        Setup schedule(LongToDoubleFunction f) {
            this.lr = f;
            return this;
        }

        Setup grad(UnaryOperator<double[]> f) {
            this.grad = f;
            return this;
        }

        Setup weightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        /** Initial values of the first state entries (e.g. Adagrad's accumulator). */
        Setup init(double... init) {
            this.init = init;
            return this;
        }
    }

    /** The weights after each of the three steps. */
    static double[][] expected(Setup setup, Rule rule) {
        double[] w = W0.clone();
        double[][] state = new double[2][8];
        for (double[] s : state) {
            System.arraycopy(setup.init, 0, s, 0, setup.init.length);
        }
        double[][] out = new double[3][];
        for (int t = 1; t <= 3; t++) {
            double lr = setup.lr.applyAsDouble(t - 1);
            double[] g = setup.grad.apply(G[t - 1].clone());
            for (int i = 0; i < 2; i++) {
                double wi = w[i];
                if (setup.weightDecay > 0) {
                    wi = wi - wi * setup.weightDecay * lr;
                }
                w[i] = rule.step(t, lr, g[i], wi, state[i]);
            }
            out[t - 1] = w.clone();
        }
        return out;
    }

    /** The weights after each of three {@code apply} calls of {@code opt}, on a variable of {@code dtype}. */
    static double[][] actual(Optimizer opt, DType dtype) {
        Variable w = Variable.of(tensor(W0, dtype), "w", true);
        double[][] out = new double[3][];
        for (int t = 0; t < 3; t++) {
            assertEquals(t, opt.iterations());
            opt.apply(List.of(tensor(G[t], dtype)), List.of(w));
            assertEquals(dtype, w.value().dtype());
            out[t] = w.value().toDoubleArray();
        }
        assertEquals(3, opt.iterations());
        return out;
    }

    static double[][] actual(Optimizer opt) { return actual(opt, DType.FLOAT64); }

    static Tensor tensor(double[] v, DType dtype) {
        if (dtype == DType.FLOAT32) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return Tensor.of(f, v.length);
        }
        return Tensor.of(v.clone(), v.length);
    }

    /** Every element of every step within {@code rel} relative (absolute below 1). */
    static void assertClose(double[][] expected, double[][] actual, double rel) {
        for (int t = 0; t < expected.length; t++) {
            for (int i = 0; i < expected[t].length; i++) {
                double e = expected[t][i];
                assertEquals(e, actual[t][i], rel * Math.max(1, Math.abs(e)), "step " + (t + 1) + ", element " + i);
            }
        }
    }

    static void assertClose(double[][] expected, double[][] actual) { assertClose(expected, actual, 1e-12); }

    /** The steps must actually move the weights (guards against a reference that is trivially equal). */
    static void assertMoves(double[][] actual) {
        for (int i = 0; i < 2; i++) {
            if (Math.abs(actual[2][i] - W0[i]) < 1e-6) {
                throw new AssertionError("element " + i + " did not move: " + actual[2][i]);
            }
        }
    }
}
