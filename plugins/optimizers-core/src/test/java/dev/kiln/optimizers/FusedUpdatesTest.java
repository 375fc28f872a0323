package dev.kiln.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.BackendProvider;
import dev.kiln.backend.spi.ForwardingBackend;
import java.util.HashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RMSprop and Adam use their fused update kernels where the backend has them and the rule's operators where it does
 * not, with the same float32 values either way.
 */
class FusedUpdatesTest {
    /** The java backend, optionally without the fused kernels, counting the fused calls. */
    private static final class Java extends ForwardingBackend {
        private final boolean fused;
        int fusedCalls;

        Java(boolean fused) {
            super(ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.name().equals("java")).findFirst().orElseThrow().create());
            this.fused = fused;
        }

        @Override
        public Set<String> supportedOps() {
            Set<String> s = new HashSet<>(delegate().supportedOps());
            if (!fused) {
                s.removeAll(Set.of("RMSpropUpdate", "AdamUpdate"));
            }
            return s;
        }

        @Override
        public BackendArray[] execute(String op, Map<String, Object> attrs, int outputs, BackendArray... inputs) {
            if (op.endsWith("Update")) {
                fusedCalls++;
            }
            return super.execute(op, attrs, outputs, inputs);
        }
    }

    @AfterEach
    void restore() { KilnRuntime.install(null); }

    private static double[][] run(boolean fused, Supplier<Optimizer> optimizer, int[] fusedCalls) throws ReflectiveOperationException {
        Java backend = new Java(fused);
        KilnRuntime.install((KilnRuntime) Class.forName("dev.kiln.runtime.DefaultKilnRuntime").getConstructor(Backend.class)
                .newInstance(backend));
        double[][] out = Reference.actual(optimizer.get(), DType.FLOAT32);
        fusedCalls[0] = backend.fusedCalls;
        return out;
    }

    @Test
    void fusedAndUnfusedAgreeExactly() throws ReflectiveOperationException {
        for (Supplier<Optimizer> o : java.util.List.<Supplier<Optimizer>>of(() -> new RMSprop(0.01), () -> new Adam(0.01),
                () -> new AdamW(0.01))) {
            int[] withKernels = new int[1];
            int[] without = new int[1];
            double[][] fused = run(true, o, withKernels);
            double[][] unfused = run(false, o, without);
            String name = o.get().getClass().getSimpleName();
            assertTrue(withKernels[0] > 0, name + " used its fused kernel");
            assertEquals(0, without[0], name + " composed the rule where the backend has no fused kernel");
            for (int t = 0; t < fused.length; t++) {
                assertArrayEquals(unfused[t], fused[t], 0, name + " step " + (t + 1));
            }
        }
    }
}
