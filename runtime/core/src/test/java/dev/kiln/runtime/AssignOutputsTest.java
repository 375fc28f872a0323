package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.backend.spi.TensorScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator's outputs become variables' values (fused optimizer updates), outliving the scope they ran in. */
class AssignOutputsTest {
    @Test
    void outputsBecomeTheVariablesValues() {
        Variable w = Variable.of(Tensor.of(new float[] {1, 2}, 2), "w", true);
        Variable v = Variable.of(Tensor.of(new float[] {0, 0}, 2), "v", false);
        Tensor g = Tensor.of(new float[] {1, -1}, 2);
        try (TensorScope step = TensorScope.open()) {
            KilnRuntime.get().assignOutputs("RMSpropUpdate", Map.of("learning_rate", 0.1, "rho", 0.5, "epsilon", 0.0),
                    List.of(w, v), w, g, v);
        }
        // v = 0.5 * g^2; w -= 0.1 * g / sqrt(v)
        assertArrayEquals(new float[] {0.5f, 0.5f}, v.toFloatArray());
        float step = (float) (0.1 / Math.sqrt(0.5));
        assertArrayEquals(new float[] {1 - step, 2 + step}, w.toFloatArray(), 1e-6f);
    }

    @Test
    void aMismatchChangesNoVariable() {
        Variable a = Variable.of(Tensor.of(new float[] {1, 2, 3}, 3), "a", true);
        Variable b = Variable.of(Tensor.of(new float[] {4, 5}, 2), "b", true);
        Tensor x = Tensor.of(new float[] {1, 1, 1}, 3);
        // TopK gives values (2,) and indices (2,) int64: the first fits b, the second does not fit a
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> KilnRuntime.get().assignOutputs("TopK",
                Map.of(), List.of(b, a), x, Tensor.of(new long[] {2}, 1)));
        assertTrue(e.getMessage().contains("`a`"), e.getMessage());
        assertArrayEquals(new float[] {1, 2, 3}, a.toFloatArray());
        assertArrayEquals(new float[] {4, 5}, b.toFloatArray());
    }
}
