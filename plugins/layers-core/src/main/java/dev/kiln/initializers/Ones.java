package dev.kiln.initializers;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.initializers.Initializer;
import java.util.Map;

/**
 * Fills with ones (Keras {@code "ones"}).
 *
 * <pre>{@code
 * Tensor gamma = new Ones().initialize(Shape.of(64), DType.FLOAT32);   // 64 ones
 * }</pre>
 */
public final class Ones implements Initializer {
    public Ones() {}

    /** From a config; there are no arguments. */
    public static Ones fromConfig(Map<String, Object> config) { return new Ones(); }

    @Override
    public Tensor initialize(Shape shape, DType dtype) { return Tensor.ones(shape, dtype); }

    @Override
    public boolean equals(Object o) { return o instanceof Ones; }

    @Override
    public int hashCode() { return Ones.class.hashCode(); }

    @Override
    public String toString() { return "Ones()"; }
}
