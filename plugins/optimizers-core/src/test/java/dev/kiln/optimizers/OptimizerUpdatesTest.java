package dev.kiln.optimizers;

import static dev.kiln.optimizers.Reference.actual;
import static dev.kiln.optimizers.Reference.assertClose;
import static dev.kiln.optimizers.Reference.assertMoves;
import static dev.kiln.optimizers.Reference.expected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.optimizers.Reference.Rule;
import dev.kiln.optimizers.Reference.Setup;
import dev.kiln.optimizers.schedules.ExponentialDecay;
import dev.kiln.optimizers.schedules.PiecewiseConstantDecay;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Three update steps of every optimizer and option against Keras 3's formulas written out in double precision. */
class OptimizerUpdatesTest {
    private static final double EPS = 1e-7;

    // ------------------------------------------------------------------------------------------- rules

    static Rule sgd(double momentum, boolean nesterov) {
        return (t, lr, g, w, s) -> {
            if (momentum == 0) {
                return w - g * lr;
            }
            s[0] = s[0] * momentum - g * lr;
            return nesterov ? w + (s[0] * momentum - g * lr) : w + s[0];
        };
    }

    static Rule rmsprop(double rho, double momentum, double eps, boolean centered) {
        return (t, lr, g, w, s) -> {
            s[0] = rho * s[0] + (1 - rho) * g * g;
            double den;
            if (centered) {
                s[1] = rho * s[1] + (1 - rho) * g;
                den = s[0] - s[1] * s[1] + eps;
            } else {
                den = s[0] + eps;
            }
            double inc = lr * g / Math.sqrt(den);
            if (momentum > 0) {
                s[2] = momentum * s[2] + inc;
                return w - s[2];
            }
            return w - inc;
        };
    }

    static Rule adam(double b1, double b2, double eps, boolean amsgrad) {
        return (t, lr, g, w, s) -> {
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            s[0] += (g - s[0]) * (1 - b1);
            s[1] += (g * g - s[1]) * (1 - b2);
            double v = s[1];
            if (amsgrad) {
                s[2] = Math.max(s[2], s[1]);
                v = s[2];
            }
            return w - s[0] * alpha / (Math.sqrt(v) + eps);
        };
    }

    static Rule adagrad(double eps) {
        return (t, lr, g, w, s) -> {
            s[0] += g * g;
            return w - lr * g / Math.sqrt(s[0] + eps);
        };
    }

    static Rule adadelta(double rho, double eps) {
        return (t, lr, g, w, s) -> {
            s[0] = rho * s[0] + (1 - rho) * g * g;
            double delta = -Math.sqrt(s[1] + eps) * g / Math.sqrt(s[0] + eps);
            s[1] = rho * s[1] + (1 - rho) * delta * delta;
            return w + lr * delta;
        };
    }

    static Rule adamax(double b1, double b2, double eps) {
        return (t, lr, g, w, s) -> {
            s[0] += (g - s[0]) * (1 - b1);
            s[1] = Math.max(b2 * s[1], Math.abs(g));
            return w - lr * s[0] / ((1 - Math.pow(b1, t)) * (s[1] + eps));
        };
    }

    /** Keras 3 nadam.py: u_t = beta_1 (1 - 0.5 * 0.96^t); u_product is u_1 ... u_t. */
    static Rule nadam(double b1, double b2, double eps) {
        return (t, lr, g, w, s) -> {
            double ut = b1 * (1 - 0.5 * Math.pow(0.96, t));
            double ut1 = b1 * (1 - 0.5 * Math.pow(0.96, t + 1));
            double uProduct = 1;
            for (int k = 1; k <= t; k++) {
                uProduct *= b1 * (1 - 0.5 * Math.pow(0.96, k));
            }
            double uProductNext = uProduct * ut1;
            s[0] += (g - s[0]) * (1 - b1);
            s[1] += (g * g - s[1]) * (1 - b2);
            double mHat = ut1 * s[0] / (1 - uProductNext) + (1 - ut) * g / (1 - uProduct);
            double vHat = s[1] / (1 - Math.pow(b2, t));
            return w - mHat * lr / (Math.sqrt(vHat) + eps);
        };
    }

    // ------------------------------------------------------------------------------------------- tests

    @Test
    void sgd() {
        assertClose(expected(Setup.lr(0.1), sgd(0, false)), actual(new SGD(0.1)));
        assertClose(expected(Setup.lr(0.01), sgd(0, false)), actual(new SGD()));
        double[][] momentum = actual(new SGD(0.1).momentum(0.9));
        assertClose(expected(Setup.lr(0.1), sgd(0.9, false)), momentum);
        double[][] nesterov = actual(new SGD(0.1).momentum(0.9).nesterov(true));
        assertClose(expected(Setup.lr(0.1), sgd(0.9, true)), nesterov);
        assertNotEquals(momentum[2][0], nesterov[2][0]);
        assertClose(expected(Setup.lr(0.1), sgd(1.0, false)), actual(new SGD(0.1).momentum(1.0)));
        // nesterov without momentum is plain SGD, as in Keras
        assertClose(expected(Setup.lr(0.1), sgd(0, false)), actual(new SGD(0.1).nesterov(true)));
    }

    @Test
    void rmsprop() {
        assertClose(expected(Setup.lr(0.001), rmsprop(0.9, 0, EPS, false)), actual(new RMSprop()));
        assertClose(expected(Setup.lr(0.01), rmsprop(0.9, 0, EPS, false)), actual(new RMSprop(0.01)));
        assertClose(expected(Setup.lr(0.01), rmsprop(0.9, 0.5, EPS, false)), actual(new RMSprop(0.01).momentum(0.5)));
        double[][] centered = actual(new RMSprop(0.01).centered(true));
        assertClose(expected(Setup.lr(0.01), rmsprop(0.9, 0, EPS, true)), centered);
        assertClose(expected(Setup.lr(0.01), rmsprop(0.8, 0.5, 1e-3, true)),
                actual(new RMSprop(0.01).rho(0.8).centered(true).momentum(0.5).epsilon(1e-3)));
        assertNotEquals(actual(new RMSprop(0.01))[2][0], centered[2][0]);
    }

    @Test
    void adamAndAmsgrad() {
        assertClose(expected(Setup.lr(0.001), adam(0.9, 0.999, EPS, false)), actual(new Adam()));
        double[][] plain = actual(new Adam(0.01));
        assertClose(expected(Setup.lr(0.01), adam(0.9, 0.999, EPS, false)), plain);
        double[][] ams = actual(new Adam(0.01).amsgrad(true));
        assertClose(expected(Setup.lr(0.01), adam(0.9, 0.999, EPS, true)), ams);
        // with beta_2 = 0.5 the second moment of element 1 shrinks at step 2, so AMSGrad's running max differs
        double[][] plainFast = actual(new Adam(0.01).beta2(0.5));
        double[][] amsFast = actual(new Adam(0.01).beta2(0.5).amsgrad(true));
        assertClose(expected(Setup.lr(0.01), adam(0.9, 0.5, EPS, false)), plainFast);
        assertClose(expected(Setup.lr(0.01), adam(0.9, 0.5, EPS, true)), amsFast);
        assertNotEquals(plainFast[1][1], amsFast[1][1]);
        assertNotEquals(plainFast[2][1], amsFast[2][1]);
        assertClose(expected(Setup.lr(0.02), adam(0.8, 0.99, 1e-4, false)), actual(new Adam(0.02).beta1(0.8).beta2(0.99).epsilon(1e-4)));
    }

    @Test
    void adamWDecaysWeightsBeforeTheAdamStep() {
        double[][] w = actual(new AdamW(0.01));
        assertClose(expected(Setup.lr(0.01).weightDecay(0.004), adam(0.9, 0.999, EPS, false)), w);
        assertNotEquals(actual(new Adam(0.01))[2][0], w[2][0]);
        assertClose(expected(Setup.lr(0.01).weightDecay(0.1), adam(0.9, 0.999, EPS, true)),
                actual(new AdamW(0.01).weightDecay(0.1).amsgrad(true)));
        assertClose(expected(Setup.lr(0.001).weightDecay(0.004), adam(0.9, 0.999, EPS, false)), actual(new AdamW()));
    }

    @Test
    void weightDecayOnAnyOptimizer() {
        assertClose(expected(Setup.lr(0.1).weightDecay(0.05), sgd(0.9, false)), actual(new SGD(0.1).momentum(0.9).weightDecay(0.05)));
        assertClose(expected(Setup.lr(0.01).weightDecay(0.2), rmsprop(0.9, 0, EPS, false)), actual(new RMSprop(0.01).weightDecay(0.2)));
        // weight_decay 0 is no decay
        assertClose(expected(Setup.lr(0.01), adam(0.9, 0.999, EPS, false)), actual(new AdamW(0.01).weightDecay(0)));
    }

    @Test
    void adagrad() {
        assertClose(expected(Setup.lr(0.001).init(0.1), adagrad(EPS)), actual(new Adagrad()));
        assertClose(expected(Setup.lr(0.05).init(0.1), adagrad(EPS)), actual(new Adagrad(0.05)));
        assertClose(expected(Setup.lr(0.05).init(0.5), adagrad(1e-3)), actual(new Adagrad(0.05).initialAccumulatorValue(0.5).epsilon(1e-3)));
    }

    @Test
    void adadelta() {
        assertClose(expected(Setup.lr(0.001), adadelta(0.95, EPS)), actual(new Adadelta()));
        double[][] w = actual(new Adadelta(1.0));
        assertClose(expected(Setup.lr(1.0), adadelta(0.95, EPS)), w);
        assertMoves(w);
        assertClose(expected(Setup.lr(1.0), adadelta(0.5, 1e-4)), actual(new Adadelta(1.0).rho(0.5).epsilon(1e-4)));
    }

    @Test
    void adamax() {
        assertClose(expected(Setup.lr(0.001), adamax(0.9, 0.999, EPS)), actual(new Adamax()));
        assertClose(expected(Setup.lr(0.05), adamax(0.9, 0.999, EPS)), actual(new Adamax(0.05)));
        assertClose(expected(Setup.lr(0.05), adamax(0.8, 0.9, 1e-3)), actual(new Adamax(0.05).beta1(0.8).beta2(0.9).epsilon(1e-3)));
    }

    @Test
    void nadam() {
        assertClose(expected(Setup.lr(0.001), nadam(0.9, 0.999, EPS)), actual(new Nadam()));
        double[][] w = actual(new Nadam(0.05));
        assertClose(expected(Setup.lr(0.05), nadam(0.9, 0.999, EPS)), w);
        assertMoves(w);
        assertClose(expected(Setup.lr(0.05), nadam(0.8, 0.99, 1e-4)), actual(new Nadam(0.05).beta1(0.8).beta2(0.99).epsilon(1e-4)));
    }

    @Test
    void float32VariablesStayFloat32AndTrackTheReference() {
        assertClose(expected(Setup.lr(0.01), adam(0.9, 0.999, EPS, false)), actual(new Adam(0.01), DType.FLOAT32), 1e-5);
        assertClose(expected(Setup.lr(0.01), rmsprop(0.9, 0.5, EPS, true)), actual(new RMSprop(0.01).centered(true).momentum(0.5),
                DType.FLOAT32), 1e-5);
        assertClose(expected(Setup.lr(0.1), sgd(0.9, true)), actual(new SGD(0.1).momentum(0.9).nesterov(true), DType.FLOAT32), 1e-5);
        assertClose(expected(Setup.lr(0.05), nadam(0.9, 0.999, EPS)), actual(new Nadam(0.05), DType.FLOAT32), 1e-5);
    }

    @Test
    void slotsAreMadeOncePerVariableAndShapedLikeIt() {
        RMSprop opt = new RMSprop(0.01).centered(true).momentum(0.9);
        Variable a = Variable.of(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2), "a", true);
        Variable b = Variable.of(Tensor.of(new double[] {1}, 1), "b", true);
        opt.apply(List.of(Tensor.of(new double[] {1, 1, 1, 1}, 2, 2), Tensor.of(new double[] {1}, 1)), List.of(a, b));
        opt.apply(List.of(Tensor.of(new double[] {1, 1, 1, 1}, 2, 2), Tensor.of(new double[] {1}, 1)), List.of(a, b));
        assertEquals(6, opt.variables().size());
        assertEquals(a.shape(), opt.variables().get(0).shape());
        assertEquals(b.shape(), opt.variables().get(5).shape());
        assertEquals(1, slotCount(new SGD(0.1).momentum(0.9)));
        assertEquals(0, slotCount(new SGD(0.1)));
        assertEquals(2, slotCount(new Adam()));
        assertEquals(3, slotCount(new Adam().amsgrad(true)));
        assertEquals(2, slotCount(new Nadam()));
    }

    private static int slotCount(dev.kiln.api.optimizers.Optimizer opt) {
        Variable w = Variable.of(Tensor.of(new double[] {1, 2}, 2), "w", true);
        opt.apply(List.of(Tensor.of(new double[] {1, 1}, 2)), List.of(w));
        return opt.variables().size();
    }

    @Test
    void optionsThatShapeSlotsCannotChangeAfterTheFirstUpdate() {
        SGD sgd = new SGD(0.1);
        slotCount(sgd);
        IllegalStateKilnException e = assertThrows(IllegalStateKilnException.class, () -> sgd.momentum(0.9));
        assertEquals(true, e.getMessage().contains("momentum"), e.getMessage());
        RMSprop rms = new RMSprop();
        slotCount(rms);
        assertThrows(IllegalStateKilnException.class, () -> rms.centered(true));
        Adam adam = new Adam();
        slotCount(adam);
        assertThrows(IllegalStateKilnException.class, () -> adam.amsgrad(true));
        // options that do not change the slots still can
        adam.beta1(0.8);
        new SGD(0.1).momentum(0.5).momentum(0.9);
    }

    @Test
    void optimizerUsesItsScheduleAtTheCurrentStep() {
        ExponentialDecay decay = new ExponentialDecay(0.1, 2, 0.5);
        assertClose(expected(Setup.lr(0).schedule(decay::at), sgd(0.9, false)), actual(new SGD(decay).momentum(0.9)));
        assertClose(expected(Setup.lr(0).schedule(decay::at), adam(0.9, 0.999, EPS, false)), actual(new Adam(decay)));
        // decoupled weight decay uses the scheduled rate too
        assertClose(expected(Setup.lr(0).schedule(decay::at).weightDecay(0.004), adam(0.9, 0.999, EPS, false)), actual(new AdamW(decay)));

        LearningRateSchedule s = new PiecewiseConstantDecay(new double[] {0, 1}, new double[] {1.0, 0.5, 0.1});
        SGD sgd = new SGD(s);
        Variable w = Variable.of(Tensor.of(new double[] {0}, 1), "w", true);
        double[] expectedLr = {1.0, 0.5, 0.1, 0.1};
        double expectedW = 0;
        for (int i = 0; i < 4; i++) {
            assertEquals(i, sgd.iterations());
            assertEquals(expectedLr[i], sgd.learningRate(), 0);
            assertEquals(s.at(sgd.iterations()), sgd.learningRate(), 0);
            sgd.apply(List.of(Tensor.of(new double[] {1}, 1)), List.of(w));
            expectedW -= expectedLr[i];
            assertEquals(expectedW, w.value().toDoubleArray()[0], 1e-15);
        }
        sgd.setIterations(1);
        assertEquals(0.5, sgd.learningRate(), 0);
        assertThrows(IllegalStateKilnException.class, () -> sgd.setLearningRate(0.5));
    }

    @Test
    void nadamRecomputesItsMomentumProductFromTheStepCount() {
        // A restored step count (checkpoint resume), then one set back: u_1...u_t must follow iterations().
        Rule rule = nadam(0.9, 0.999, EPS);
        Nadam opt = new Nadam(0.05);
        Variable w = Variable.of(Tensor.of(Reference.W0.clone(), 2), "w", true);
        double[][] state = new double[2][8];
        double[] ref = Reference.W0.clone();
        int[] steps = {3, 4, 1};
        for (int k = 0; k < steps.length; k++) {
            opt.setIterations(steps[k] - 1);
            opt.apply(List.of(Tensor.of(Reference.G[k].clone(), 2)), List.of(w));
            for (int i = 0; i < 2; i++) {
                ref[i] = rule.step(steps[k], 0.05, Reference.G[k][i], ref[i], state[i]);
            }
            assertClose(new double[][] {ref.clone()}, new double[][] {w.value().toDoubleArray()});
        }
    }
}
