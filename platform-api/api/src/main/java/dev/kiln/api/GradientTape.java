package dev.kiln.api;

import java.util.List;

/**
 * Records the operations run while it is open so that gradients can be computed, as TensorFlow's
 * {@code tf.GradientTape}. Trainable variables are watched automatically; {@link #watch} adds other tensors.
 *
 * <pre>{@code
 * Variable w = Variable.of(Tensor.of(new float[] {2f}, 1), "w", true);
 * Tensor loss;
 * try (GradientTape tape = GradientTape.open()) {
 *     loss = w.square().sum();
 *     List<Tensor> grads = tape.gradient(loss, List.of(w));   // [4.0]
 * }
 * }</pre>
 */
public interface GradientTape extends AutoCloseable {

    /** Opens a tape on the current thread; tapes nest. */
    static GradientTape open() { return dev.kiln.api.spi.KilnRuntime.get().openTape(false); }

    /** Opens a tape whose {@link #gradient} may be called more than once. */
    static GradientTape openPersistent() { return dev.kiln.api.spi.KilnRuntime.get().openTape(true); }

    /** Records operations on {@code tensor} too (trainable variables are watched already). */
    void watch(Tensor tensor);

    /**
     * Gradients of the scalar (or summed) {@code target} with respect to each source, in order. A source the
     * target does not depend on gets a zero gradient.
     */
    List<Tensor> gradient(Tensor target, List<? extends Tensor> sources);

    /** Stops recording. */
    @Override
    void close();
}
