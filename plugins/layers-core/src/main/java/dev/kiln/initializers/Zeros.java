package dev.kiln.initializers;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.initializers.Initializer;
import java.util.Map;

/**
 * Fills with zeros (Keras {@code "zeros"}); the default bias initializer.
 *
 * <pre>{@code
 * Tensor b = new Zeros().initialize(Shape.of(64), DType.FLOAT32);   // 64 zeros
 * }</pre>
 */
public final class Zeros implements Initializer {
    public Zeros() {}

    /** From a config; there are no arguments. */
    public static Zeros fromConfig(Map<String, Object> config) { return new Zeros(); }

    @Override
    public Tensor initialize(Shape shape, DType dtype) { return Tensor.zeros(shape, dtype); }

    @Override
    public boolean equals(Object o) { return o instanceof Zeros; }

    @Override
    public int hashCode() { return Zeros.class.hashCode(); }

    @Override
    public String toString() { return "Zeros()"; }
}
