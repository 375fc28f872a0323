package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.GradientTape;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.ForwardingBackend;
import dev.kiln.backend.spi.TensorScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Transpose runs when its output is read, and not at all when the next Transpose undoes it. */
class LazyTransposeTest {
    /** The java backend, counting Transpose calls. */
    private static final class CountingBackend extends ForwardingBackend {
        int transposes;

        CountingBackend() {
            super(TinyComponents.javaBackend());
        }

        @Override
        public BackendArray[] execute(String opType, Map<String, Object> attributes, int outputs, BackendArray... inputs) {
            if (opType.equals("Transpose")) {
                transposes++;
            }
            return super.execute(opType, attributes, outputs, inputs);
        }
    }

    private final CountingBackend backend = new CountingBackend();
    private final float[] values = {1, 2, 3, 4, 5, 6};

    @BeforeEach
    void install() { KilnRuntime.install(new DefaultKilnRuntime(backend)); }

    @AfterEach
    void restore() { KilnRuntime.install(null); }

    @Test
    void runsWhenRead() {
        Tensor t = Tensor.of(values, 2, 3).transpose(1, 0);
        assertEquals(0, backend.transposes);
        assertEquals(List.of(3, 2), List.of(t.shape().dims()[0], t.shape().dims()[1]));
        assertEquals(DType.FLOAT32, t.dtype());
        assertEquals(0, backend.transposes, "shape and dtype are known without the values");
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
        assertEquals(1, backend.transposes, "computed once");
        Tensor printed = Tensor.of(values, 2, 3).transpose(1, 0);
        assertTrue(printed.toString().startsWith("Tensor(shape=(3, 2)"), printed.toString());
    }

    @Test
    void aTransposeUndoneIsNeverComputed() {
        Tensor x = Tensor.of(values, 1, 2, 3, 1); // NHWC
        Tensor nchw = x.transpose(0, 3, 1, 2);
        Tensor back = nchw.transpose(0, 2, 3, 1);
        assertArrayEquals(values, back.toFloatArray());
        assertEquals(0, backend.transposes);
    }

    @Test
    void gradientsFlowThroughUncomputedTransposes() {
        Variable w = Variable.of(Tensor.of(values, 2, 3), "w", true);
        try (GradientTape tape = GradientTape.open()) {
            Tensor y = w.mul(2.0).transpose(1, 0).transpose(1, 0).square().sum();
            assertArrayEquals(new float[] {8, 16, 24, 32, 40, 48}, tape.gradient(y, List.of(w)).get(0).toFloatArray(), 0);
        }
        assertEquals(0, backend.transposes, "the inverse pair cancels forward and backward");
    }

    @Test
    void aVariableIsTransposedAtOnce() {
        // A variable's value changes on assign: its transpose cannot wait.
        Variable v = Variable.of(Tensor.of(values, 2, 3), "v", false);
        Tensor t = v.transpose(1, 0);
        v.assign(Tensor.zeros(v.shape(), DType.FLOAT32));
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
    }

    @Test
    void readingAfterItsScopeClosedFailsAsAnEagerTensorWould() {
        Tensor x = Tensor.of(values, 2, 3);
        Tensor t;
        try (TensorScope step = TensorScope.open()) {
            t = x.transpose(1, 0);
        }
        IllegalStateKilnException e = assertThrows(IllegalStateKilnException.class, t::toFloatArray);
        assertTrue(e.getMessage().contains("was freed"), e.getMessage());
        assertEquals(0, backend.transposes);
    }

    @Test
    void computedInsideALaterScopeStillBelongsToItsOwn() {
        Tensor x = Tensor.of(values, 2, 3);
        Tensor t = x.transpose(1, 0); // no scope open: nobody frees it
        try (TensorScope later = TensorScope.open()) {
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
            assertEquals(0, later.ownedCount(), "the later scope does not own it");
        }
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
    }
}
