package dev.kiln.initializers;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.registry.Configs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills with one value (Keras {@code Constant(value=0.0)}).
 *
 * <pre>{@code
 * Tensor b = new Constant(0.1).initialize(Shape.of(64), DType.FLOAT32);   // 64 times 0.1
 * }</pre>
 */
public final class Constant implements Initializer {
    private final double value;

    /** {@code value} must be finite. */
    public Constant(double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidArgumentException(KilnException.message("Invalid value for Constant initializer.", "a finite number",
                    value, "pass e.g. new Constant(0.1)"));
        }
        this.value = value;
    }

    /** From a config with key {@code value} (default 0.0). */
    public static Constant fromConfig(Map<String, Object> config) { return new Constant(Configs.number(config, "value", 0.0)); }

    public double value() { return value; }

    @Override
    public Tensor initialize(Shape shape, DType dtype) { return Tensor.full(shape, value, dtype); }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("value", value);
        return c;
    }

    @Override
    public boolean equals(Object o) { return o instanceof Constant c && Double.compare(c.value, value) == 0; }

    @Override
    public int hashCode() { return Double.hashCode(value); }

    @Override
    public String toString() { return "Constant(" + value + ")"; }
}
