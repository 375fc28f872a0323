package dev.kiln.api;

/**
 * A named, mutable tensor that lives across training steps: a layer weight, an optimizer slot or metric state.
 * Trainable variables are watched by every {@link GradientTape} automatically.
 *
 * <pre>{@code
 * Variable w = Variable.of(Tensor.zeros(Shape.of(3), DType.FLOAT32), "w", true);
 * w.assign(w.add(1.0));                     // w is now [1, 1, 1]
 * }</pre>
 */
public interface Variable extends Tensor {

    /** Creates a variable holding a copy of {@code initial}, kept until closed. */
    static Variable of(Tensor initial, String name, boolean trainable) {
        return dev.kiln.api.spi.KilnRuntime.get().variable(initial, name, trainable);
    }

    /** The name, unique within its layer ({@code "kernel"}, {@code "bias"}); a model prefixes the layer path. */
    String name();

    /** Whether optimizers update it. */
    boolean trainable();

    /** Replaces the value; the new value must have the same shape and dtype. */
    void assign(Tensor value);

    /** A snapshot of the current value that later assignments do not change. */
    Tensor value();
}
