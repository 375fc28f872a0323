package dev.kiln.backend.spi;

/**
 * What a backend can do; the runtime chooses a backend per model at {@code compile} by these.
 *
 * <pre>{@code
 * if (backend.capabilities().contains(Capability.TRAINING)) { ... }
 * }</pre>
 */
public enum Capability {
    /** Implements every operator and gradient kernel training needs. */
    TRAINING,
    /** Implements gradient kernels that no composition covers (convolution, pooling backprop). */
    AUTODIFF_KERNELS,
    /** Runs on a GPU. */
    GPU,
    /** Kernels may be called from several threads at once. */
    THREAD_SAFE,
    /** Supports float64 (needed for gradient checks). */
    FLOAT64
}
