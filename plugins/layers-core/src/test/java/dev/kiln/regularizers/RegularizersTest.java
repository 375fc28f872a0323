package dev.kiln.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Tensor;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import dev.kiln.api.regularizers.Regularizer;
import dev.kiln.testkit.GradientCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegularizersTest {
    private final Tensor w = Tensor.of(new double[] {1, -2, 0.5}, 3);

    @Test
    void kerasFormulasAndDefaults() {
        assertEquals(0.01 * 3.5, Regularizer.get("l1").apply(w).item(), 1e-15);
        assertEquals(0.01 * 5.25, Regularizer.get("l2").apply(w).item(), 1e-15);
        assertEquals(0.0, Regularizer.get("l1_l2").apply(w).item(), 0);
        assertEquals(0.1 * 3.5 + 0.2 * 5.25, new L1L2(0.1, 0.2).apply(w).item(), 1e-15);
        assertEquals(3 * 3.5, new L1(3).apply(w).item(), 1e-12);
        assertEquals(0.5 * 5.25, new L2(0.5).apply(w).item(), 1e-12);
        Tensor f = Tensor.of(new float[] {1, -2}, 2);
        assertEquals(DType.FLOAT32, new L2().apply(f).dtype());
        assertEquals(0, new L2().apply(f).shape().rank());
        assertEquals(0.05, new L2().apply(f).item(), 1e-7);
        GradientCheck.check(in -> new L1L2(0.1, 0.2).apply(in.get(0)), List.of(w));
    }

    @Test
    void configsRoundTrip() {
        for (Regularizer r : List.of(new L1(), new L2(), new L1L2(), new L1(0.3), new L2(1e-4), new L1L2(0.1, 0.2))) {
            Map<String, Object> saved = Registry.get().serialize(ComponentKind.REGULARIZER, r);
            assertEquals(r, Registry.get().deserialize(ComponentKind.REGULARIZER, saved, Regularizer.class), saved.toString());
        }
        assertEquals(Map.of("l2", 0.01), new L2().getConfig());
        assertEquals(Map.of("l1", 0.01, "l2", 0.0), new L1L2(0.01, 0).getConfig());
        assertEquals("core>L1L2", Registry.get().serialize(ComponentKind.REGULARIZER, new L1L2()).get("class_name"));
        assertEquals(new L1L2(0.5, 0.25), Registry.get().create(ComponentKind.REGULARIZER, "l1_l2", Map.of("l1", 0.5, "l2", 0.25), Regularizer.class));
        assertEquals(new L2(), Regularizer.get("core>L2"));
        assertNotEquals(new L1(0.01), new L1L2(0.01, 0));
    }

    @Test
    void rejectsNegativeOrNonFiniteFactors() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new L1L2(-1, 0));
        assertTrue(e.getMessage().contains("l1=-1.0"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new L2(Double.NaN));
        assertThrows(InvalidArgumentException.class, () -> new L1(Double.POSITIVE_INFINITY));
        assertThrows(InvalidArgumentException.class, () -> L2.fromConfig(Map.of("l2", "big")));
    }
}
