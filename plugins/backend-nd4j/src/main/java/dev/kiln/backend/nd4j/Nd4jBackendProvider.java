package dev.kiln.backend.nd4j;

import dev.kiln.backend.java.JavaBackendProvider;
import dev.kiln.backend.nd4j.internal.Nd4jRuntime;
import dev.kiln.backend.nd4j.internal.OpenBlasKernels;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendProvider;
import dev.kiln.backend.spi.BackendUnavailableException;
import dev.kiln.backend.spi.Capability;
import java.util.EnumSet;
import java.util.Set;

/**
 * Provides the native CPU backend ({@code "nd4j"}): every matrix product (dense layers, convolutions through
 * im2col, batched MatMul) runs in the OpenBLAS that ND4J 1.0.0-M2.1 ships, its operands copied into reused native
 * buffers (a layer's weights kept there across calls); element-wise, reduction and shape kernels are the java
 * backend's, on the heap arrays. Preferred over the pure-Java backend (priority 20 against 10).
 *
 * <p>Why not ND4J's own op dispatch: measured on this project's 2-core reference machine, each small libnd4j op
 * costs 20-80 us (custom-op dispatch plus a native allocation) against 2-15 us for the same op on the heap, and the
 * guide's MLP trained 4x slower through it. The products are where native code wins (3x on a 64x784x64 product),
 * so that is what this backend takes from the native stack.
 *
 * <p>Threads: the java kernels' pool, {@code -Dkiln.threads} or {@code KILN_THREADS} (default: the cores the JVM sees);
 * OpenBLAS runs one thread per call, and products of at least 4 M (2^22) multiply-adds split their rows across the
 * kernel threads, one call each. JavaCPP extracts the native libraries into {@code org.bytedeco.javacpp.cachedir}
 * (default {@code ~/.kiln/javacpp-cache}).
 *
 * <pre>{@code
 * Backend nd4j = new Nd4jBackendProvider().create();   // BackendUnavailableException if the natives cannot load
 * BackendArray product = nd4j.execute("MatMul", Map.of(), a, b)[0];
 * }</pre>
 */
public final class Nd4jBackendProvider implements BackendProvider {
    @Override
    public String name() { return "nd4j"; }

    @Override
    public int priority() { return 20; }

    @Override
    public Set<Capability> capabilities() { return EnumSet.of(Capability.TRAINING, Capability.AUTODIFF_KERNELS, Capability.FLOAT64, Capability.THREAD_SAFE); }

    @Override
    public Backend create() throws BackendUnavailableException {
        Nd4jRuntime.initialise(Nd4jBackendProvider.class.getClassLoader());
        return JavaBackendProvider.create(name(), new OpenBlasKernels());
    }
}
