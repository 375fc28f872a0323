package dev.kiln.backend.java;

import dev.kiln.backend.java.internal.JavaBackend;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendProvider;
import dev.kiln.backend.spi.Capability;
import java.util.EnumSet;
import java.util.Set;

/**
 * Provides the pure-Java backend ({@code "java"}): plain arrays on the heap, multithreaded matrix products
 * (threads: {@code -Dkiln.threads}, default the cores the JVM sees). Low priority, so a native backend wins when
 * one is installed.
 *
 * <pre>{@code
 * Backend java = new JavaBackendProvider().create();
 * BackendArray sum = java.execute("Add", Map.of(), a, b)[0];
 * }</pre>
 */
public final class JavaBackendProvider implements BackendProvider {
    @Override
    public String name() { return "java"; }

    @Override
    public int priority() { return 10; }

    @Override
    public Set<Capability> capabilities() { return EnumSet.of(Capability.TRAINING, Capability.AUTODIFF_KERNELS, Capability.FLOAT64, Capability.THREAD_SAFE); }

    @Override
    public Backend create() { return new JavaBackend(); }

    /**
     * A backend named {@code name} with these kernels on heap arrays, but every matrix product (MatMul, Gemm,
     * convolutions) done by {@code matrixKernels}: how a native BLAS plugs in without another copy of the kernels.
     */
    public static Backend create(String name, MatrixKernels matrixKernels) {
        if (name == null || name.isBlank() || matrixKernels == null) {
            throw new IllegalArgumentException("A backend built on the java kernels needs a name and matrix kernels.");
        }
        return new JavaBackend(name, matrixKernels);
    }
}
