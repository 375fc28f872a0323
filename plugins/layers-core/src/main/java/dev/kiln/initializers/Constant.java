package dev.kiln.initializers;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.registry.Configs;
import java.util.Map;

/**
 * Fills with one value; {@link #zeros()} and {@link #ones()} are the Keras {@code Zeros} and {@code Ones}.
 *
 * <pre>{@code
 * Tensor b = new Constant(0.1).initialize(Shape.of(64), DType.FLOAT32);
 * }</pre>
 */
public class Constant implements Initializer {
    private final double value;

    public Constant(double value) { this.value = value; }

    public Constant(Map<String, Object> config) { this(Configs.number(config, "value", 0.0)); }

    public static Zeros zeros() { return new Zeros(); }

    public static Ones ones() { return new Ones(); }

    @Override
    public Tensor initialize(Shape shape, DType dtype) { return Tensor.full(shape, value, dtype); }

    @Override
    public Map<String, Object> getConfig() { return Map.of("value", value); }

    @Override
    public boolean equals(Object o) { return o != null && o.getClass() == getClass() && ((Constant) o).value == value; }

    @Override
    public int hashCode() { return Double.hashCode(value); }

    /** All zeros (Keras {@code "zeros"}). */
    public static final class Zeros extends Constant {
        public Zeros() { super(0.0); }

        @Override
        public Map<String, Object> getConfig() { return Map.of(); }
    }

    /** All ones (Keras {@code "ones"}). */
    public static final class Ones extends Constant {
        public Ones() { super(1.0); }

        @Override
        public Map<String, Object> getConfig() { return Map.of(); }
    }
}
