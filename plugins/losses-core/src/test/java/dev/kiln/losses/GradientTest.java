package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.testkit.GradientCheck;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Float64 finite-difference checks of each loss's gradient with respect to the predictions, with sample weights, away
 * from kinks (binary cross-entropy from logits includes a logit of exactly 0, where |x| has one).
 */
class GradientTest {
    private static Tensor regTrue() { return Tensor.of(new double[] {0.3, 1, 2, 1, 0.2, 0.5}, 2, 3); }
    private static Tensor regPred() { return Tensor.of(new double[] {0.55, 0.9, 1.2, 0.25, 0.45, 1.35}, 2, 3); }
    private static Tensor distTrue() { return Tensor.of(new double[] {0.2, 0.3, 0.5, 0.1, 0.6, 0.3}, 2, 3); }
    private static Tensor probs() { return Tensor.of(new double[] {0.1, 0.6, 0.3, 0.4, 0.4, 0.2}, 2, 3); }
    private static Tensor oneHot() { return Tensor.of(new double[] {0, 1, 0, 0, 0, 1}, 2, 3); }
    private static Tensor binary() { return Tensor.of(new double[] {0, 1, 1, 1, 0, 0}, 2, 3); }
    private static Tensor logits() { return Tensor.of(new double[] {1.0, 2.0, 0.5, -1.0, 0.0, 3.0}, 2, 3); }
    private static Tensor labels() { return Tensor.of(new int[] {1, 2}, 2); }

    private static Named<Loss> named(Loss l) { return Named.of(l.getClass().getSimpleName() + " " + l.getConfig(), l); }

    private static Supplier<Tensor> sup(Supplier<Tensor> s) { return s; }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(named(new MeanSquaredError()), sup(() -> regTrue()), sup(() -> regPred())),
                Arguments.of(named(new MeanAbsoluteError()), sup(() -> regTrue()), sup(() -> regPred())),
                Arguments.of(named(new MeanAbsolutePercentageError()), sup(() -> regTrue()), sup(() -> regPred())),
                Arguments.of(named(new MeanSquaredLogarithmicError()), sup(() -> regTrue()), sup(() -> regPred())),
                Arguments.of(named(new Huber(0.6, Reduction.SUM_OVER_BATCH_SIZE, null)), sup(() -> regTrue()), sup(() -> regPred())),
                Arguments.of(named(new LogCosh()), sup(() -> regTrue()), sup(() -> regPred())),
                Arguments.of(named(new Poisson()), sup(() -> regTrue()), sup(() -> regPred())),
                Arguments.of(named(new KLDivergence()), sup(() -> distTrue()), sup(() -> probs())),
                Arguments.of(named(new CosineSimilarity()), sup(() -> regTrue()), sup(() -> regPred())),
                Arguments.of(named(new Hinge()), sup(() -> binary()), sup(() -> logits().mul(0.3))),
                Arguments.of(named(new SquaredHinge()), sup(() -> binary()), sup(() -> logits().mul(0.3))),
                Arguments.of(named(new CategoricalHinge()), sup(() -> oneHot()), sup(() -> regPred())),
                Arguments.of(named(new BinaryCrossentropy()), sup(() -> binary()), sup(() -> probs())),
                Arguments.of(named(new BinaryCrossentropy(true, 0.2)), sup(() -> binary()), sup(() -> logits())),
                Arguments.of(named(new CategoricalCrossentropy()), sup(() -> oneHot()), sup(() -> probs())),
                Arguments.of(named(new CategoricalCrossentropy(true, 0.1)), sup(() -> oneHot()), sup(() -> logits())),
                Arguments.of(named(new SparseCategoricalCrossentropy()), sup(() -> labels()), sup(() -> probs())),
                Arguments.of(named(new SparseCategoricalCrossentropy(true)), sup(() -> labels()), sup(() -> logits())),
                Arguments.of(named(new SparseCategoricalCrossentropy(true, 0)), sup(() -> Tensor.of(new int[] {0, 2}, 2)),
                        sup(() -> logits())));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(Loss loss, Supplier<Tensor> trueData, Supplier<Tensor> predData) {
        Tensor yTrue = trueData.get();
        Tensor yPred = predData.get();
        Tensor w = Tensor.of(new double[] {0.7, 1.3}, 2);
        GradientCheck.check(in -> loss.compute(yTrue, in.get(0), w), List.of(yPred), 1e-6, 1e-5);
    }
}
