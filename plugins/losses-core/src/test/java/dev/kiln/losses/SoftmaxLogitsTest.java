package dev.kiln.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.api.GradientTape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cross-entropy of a softmax's output is computed from its logits, as Keras does with {@code _keras_logits}: exact
 * where a probability underflows to 0, with the from-logits gradient.
 */
class SoftmaxLogitsTest {
    private final Tensor logits = Tensor.of(new float[] {1000, 0, 0, 2, 1, 0.5f}, 2, 3);
    private final Tensor labels = Tensor.of(new long[] {1, 0}, 2);
    private final Tensor oneHot = Tensor.of(new float[] {0, 1, 0, 1, 0, 0}, 2, 3);

    private static double expected() {
        double second = -(2 - Math.log(Math.exp(2) + Math.exp(1) + Math.exp(0.5)));
        return (1000 + second) / 2; // the first sample's true class has probability e^-1000
    }

    @Test
    void aSoftmaxOutputIsScoredFromItsLogits() {
        Tensor probs = logits.softmax(-1);
        assertEquals(expected(), new SparseCategoricalCrossentropy().compute(labels, probs, null).item(), 1e-3);
        assertEquals(expected(), new CategoricalCrossentropy().compute(oneHot, probs, null).item(), 1e-3);
        assertEquals(expected(), new SparseCategoricalCrossentropy(true).compute(labels, logits, null).item(), 1e-3);
    }

    @Test
    void otherProbabilitiesAreClippedAsBefore() {
        // The same values, not produced by a softmax: Keras clips the 0 to 1e-7
        Tensor probs = Tensor.of(logits.softmax(-1).toFloatArray(), 2, 3);
        double clipped = -Math.log(1e-7);
        double second = -(2 - Math.log(Math.exp(2) + Math.exp(1) + Math.exp(0.5)));
        assertEquals((clipped + second) / 2, new SparseCategoricalCrossentropy().compute(labels, probs, null).item(), 1e-3);
    }

    @Test
    void theGradientIsTheFromLogitsGradient() {
        Variable w = Variable.of(Tensor.of(new float[] {0.3f, -1, 2, 0.1f, 0.2f, -0.4f}, 2, 3), "w", true);
        float[] viaSoftmax;
        float[] viaLogits;
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = new SparseCategoricalCrossentropy().compute(labels, w.mul(1.0).softmax(-1), null);
            viaSoftmax = tape.gradient(loss, List.of(w)).get(0).toFloatArray();
        }
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = new SparseCategoricalCrossentropy(true).compute(labels, w.mul(1.0), null);
            viaLogits = tape.gradient(loss, List.of(w)).get(0).toFloatArray();
        }
        assertArrayEquals(viaLogits, viaSoftmax, 1e-7f);
    }
}
