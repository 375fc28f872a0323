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
 * Keras's RandomNormal, RandomUniform and TruncatedNormal, drawn from Kiln's seeded generator.
 *
 * <pre>{@code
 * Initializer init = RandomInitializer.normal(0.0, 0.05);
 * }</pre>
 */
public final class RandomInitializer implements Initializer, dev.kiln.api.registry.NamedComponent {
    /** The distributions. */
    public enum Kind { NORMAL, UNIFORM, TRUNCATED_NORMAL }

    private final Kind kind;
    private final double a;
    private final double b;

    private RandomInitializer(Kind kind, double a, double b) {
        if (kind != Kind.UNIFORM && !(b > 0)) {
            throw new InvalidArgumentException(KilnException.message("Invalid stddev.", "a positive number", b, null));
        }
        if (kind == Kind.UNIFORM && !(b > a)) {
            throw new InvalidArgumentException(KilnException.message("Invalid bounds for RandomUniform.", "minval < maxval",
                    "minval=" + a + ", maxval=" + b, null));
        }
        this.kind = kind;
        this.a = a;
        this.b = b;
    }

    public static RandomInitializer normal(double mean, double stddev) { return new RandomInitializer(Kind.NORMAL, mean, stddev); }

    public static RandomInitializer uniform(double minval, double maxval) { return new RandomInitializer(Kind.UNIFORM, minval, maxval); }

    public static RandomInitializer truncatedNormal(double mean, double stddev) {
        return new RandomInitializer(Kind.TRUNCATED_NORMAL, mean, stddev);
    }

    /** From a config of the given kind. */
    public static RandomInitializer fromConfig(Kind kind, Map<String, Object> c) {
        return kind == Kind.UNIFORM ? uniform(Configs.number(c, "minval", -0.05), Configs.number(c, "maxval", 0.05))
                : new RandomInitializer(kind, Configs.number(c, "mean", 0.0), Configs.number(c, "stddev", 0.05));
    }

    public Kind kind() { return kind; }

    @Override
    public String registeredName() {
        return switch (kind) {
            case NORMAL -> "core>RandomNormal";
            case UNIFORM -> "core>RandomUniform";
            case TRUNCATED_NORMAL -> "core>TruncatedNormal";
        };
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        return switch (kind) {
            case NORMAL -> Tensor.randomNormal(shape, a, b, dtype);
            case UNIFORM -> Tensor.randomUniform(shape, a, b, dtype);
            case TRUNCATED_NORMAL -> Tensor.truncatedNormal(shape, a, b, dtype);
        };
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(kind == Kind.UNIFORM ? "minval" : "mean", a);
        c.put(kind == Kind.UNIFORM ? "maxval" : "stddev", b);
        return c;
    }
}
