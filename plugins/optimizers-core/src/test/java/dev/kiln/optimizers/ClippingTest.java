package dev.kiln.optimizers;

import static dev.kiln.optimizers.Reference.actual;
import static dev.kiln.optimizers.Reference.assertClose;
import static dev.kiln.optimizers.Reference.expected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.optimizers.Reference.Setup;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** clipnorm, clipvalue and global_clipnorm, applied by the base class before the update rule (as Keras). */
class ClippingTest {

    private static UnaryOperator<double[]> clipNorm(double c) {
        return g -> {
            double n = Math.sqrt(g[0] * g[0] + g[1] * g[1]);
            return n > c ? new double[] {g[0] * c / n, g[1] * c / n} : g;
        };
    }

    private static UnaryOperator<double[]> clipValue(double c) {
        return g -> new double[] {Math.max(-c, Math.min(c, g[0])), Math.max(-c, Math.min(c, g[1]))};
    }

    @Test
    void clipnormScalesEachGradientAboveTheNorm() {
        // gradient norms are 0.224, 0.304, 0.472: with 0.25 the first step is left alone, the others scaled
        assertClose(expected(Setup.lr(0.1).grad(clipNorm(0.25)), OptimizerUpdatesTest.sgd(0, false)), actual(new SGD(0.1).clipnorm(0.25)));
        assertClose(expected(Setup.lr(0.1).grad(clipNorm(0.1)), OptimizerUpdatesTest.sgd(0.9, true)),
                actual(new SGD(0.1).momentum(0.9).nesterov(true).clipnorm(0.1)));
        // the clipped gradient is what enters Adam's moments
        assertClose(expected(Setup.lr(0.01).grad(clipNorm(0.25)), OptimizerUpdatesTest.adam(0.9, 0.999, 1e-7, false)),
                actual(new Adam(0.01).clipnorm(0.25)));
        // a large clipnorm changes nothing
        assertClose(expected(Setup.lr(0.1), OptimizerUpdatesTest.sgd(0, false)), actual(new SGD(0.1).clipnorm(10)));
    }

    @Test
    void clipvalueClipsEachElement() {
        assertClose(expected(Setup.lr(0.1).grad(clipValue(0.15)), OptimizerUpdatesTest.sgd(0, false)), actual(new SGD(0.1).clipvalue(0.15)));
        assertClose(expected(Setup.lr(0.01).grad(clipValue(0.15)), OptimizerUpdatesTest.rmsprop(0.9, 0, 1e-7, false)),
                actual(new RMSprop(0.01).clipvalue(0.15)));
    }

    @Test
    void globalClipnormOnOneVariableIsClipnorm() {
        assertClose(expected(Setup.lr(0.1).grad(clipNorm(0.25)), OptimizerUpdatesTest.sgd(0, false)), actual(new SGD(0.1).globalClipnorm(0.25)));
    }

    @Test
    void globalClipnormScalesAllGradientsTogether() {
        Variable a = Variable.of(Tensor.of(new double[] {0, 0}, 2), "a", true);
        Variable b = Variable.of(Tensor.of(new double[] {0}, 1), "b", true);
        // joint norm 5, so both gradients are scaled by 1/5
        new SGD(1.0).globalClipnorm(1.0).apply(List.of(Tensor.of(new double[] {3, 0}, 2), Tensor.of(new double[] {4}, 1)), List.of(a, b));
        assertClose(new double[][] {{-0.6, 0}}, new double[][] {a.value().toDoubleArray()});
        assertClose(new double[][] {{-0.8}}, new double[][] {b.value().toDoubleArray()});

        // per-gradient clipnorm on the same gradients clips each to norm 1 separately
        Variable c = Variable.of(Tensor.of(new double[] {0, 0}, 2), "c", true);
        Variable d = Variable.of(Tensor.of(new double[] {0}, 1), "d", true);
        new SGD(1.0).clipnorm(1.0).apply(List.of(Tensor.of(new double[] {3, 0}, 2), Tensor.of(new double[] {4}, 1)), List.of(c, d));
        assertClose(new double[][] {{-1, 0}}, new double[][] {c.value().toDoubleArray()});
        assertClose(new double[][] {{-1}}, new double[][] {d.value().toDoubleArray()});

        // under the limit nothing changes
        Variable e = Variable.of(Tensor.of(new double[] {0, 0}, 2), "e", true);
        new SGD(1.0).globalClipnorm(10).apply(List.of(Tensor.of(new double[] {3, 0}, 2)), List.of(e));
        assertEquals(-3, e.value().toDoubleArray()[0], 0);
    }
}
