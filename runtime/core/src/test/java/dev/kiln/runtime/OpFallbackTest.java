package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.api.Tensor;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.ForwardingBackend;
import dev.kiln.backend.spi.UnsupportedOpException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An operator the chosen backend lacks runs on the reference backend, with copies in and out. */
class OpFallbackTest {
    /** The java backend under another name, without Softmax (or without any op in {@code hidden}). */
    private static final class PartialBackend extends ForwardingBackend {
        private final Set<String> hidden;
        int calls;
        int lastOutputs;

        PartialBackend(Set<String> hidden) {
            super(TinyComponents.javaBackend());
            this.hidden = hidden;
        }

        @Override
        public String name() { return "partial"; }

        @Override
        public Set<String> supportedOps() {
            Set<String> s = new HashSet<>(delegate().supportedOps());
            s.removeAll(hidden);
            return s;
        }

        @Override
        public BackendArray[] execute(String opType, Map<String, Object> attributes, int outputs, BackendArray... inputs) {
            if (hidden.contains(opType)) {
                throw new UnsupportedOpException(name(), opType, null);
            }
            calls++;
            lastOutputs = outputs;
            return super.execute(opType, attributes, outputs, inputs);
        }
    }

    @AfterEach
    void restore() { KilnRuntime.install(null); }

    @Test
    void missingOperatorRunsOnTheReferenceBackend() {
        Tensor logits = Tensor.of(new float[] {1, 2, 3, -1, 0, 1}, 2, 3);
        float[] expected = logits.softmax(-1).toFloatArray();
        PartialBackend partial = new PartialBackend(Set.of("Softmax"));
        KilnRuntime.install(new DefaultKilnRuntime(partial));
        Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0, 1}, 2, 3);
        Tensor y = x.softmax(-1).mul(2.0);
        assertArrayEquals(multiply(expected, 2), y.toFloatArray(), 1e-6f);
        assertEquals(1, partial.calls, "Mul ran on the partial backend itself");
    }

    @Test
    void anOperatorNoBackendHasFailsClearly() {
        KilnRuntime.install(new DefaultKilnRuntime(new PartialBackend(Set.of())));
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> KilnRuntime.get().op("NoSuchOp", Map.of(), x));
        assertEquals(true, e.getMessage().contains("NoSuchOp"), e.getMessage());
    }

    private static float[] multiply(float[] a, float k) {
        float[] o = a.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] *= k;
        }
        return o;
    }

    @Test
    void opAsksTheBackendForOneOutputAndExecuteForAll() {
        PartialBackend backend = new PartialBackend(Set.of());
        KilnRuntime.install(new DefaultKilnRuntime(backend));
        Tensor x = Tensor.of(new float[] {1, 4, 2, 3}, 1, 1, 2, 2);
        Map<String, Object> k2 = Map.of("kernel_shape", new long[] {2, 2});
        assertEquals(2, KilnRuntime.get().execute("MaxPool", k2, x).length, "Y and Indices");
        assertArrayEquals(new float[] {4}, KilnRuntime.get().op("MaxPool", k2, x).toFloatArray());
        assertEquals(1, backend.lastOutputs, "the pooling layers' path: Indices are never computed");
    }
}
