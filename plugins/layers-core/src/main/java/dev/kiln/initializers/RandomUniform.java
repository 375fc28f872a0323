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
 * Uniform samples in {@code [minval, maxval)} (Keras defaults -0.05 and 0.05), drawn from Kiln's seeded generator.
 *
 * <pre>{@code
 * Dense d = new Dense(64).kernelInitializer(new RandomUniform(-0.1, 0.1));
 * }</pre>
 */
public final class RandomUniform implements Initializer {
    private final double minval;
    private final double maxval;

    /** Keras's defaults: minval -0.05, maxval 0.05. */
    public RandomUniform() { this(-0.05, 0.05); }

    public RandomUniform(double minval, double maxval) {
        Checks.finite("RandomUniform", "minval", minval);
        Checks.finite("RandomUniform", "maxval", maxval);
        if (!(minval < maxval)) {
            throw new InvalidArgumentException(KilnException.message("Invalid bounds for RandomUniform.", "minval < maxval",
                    "minval=" + minval + ", maxval=" + maxval, "pass a lower bound below the upper bound"));
        }
        this.minval = minval;
        this.maxval = maxval;
    }

    /** From a config with keys {@code minval} and {@code maxval}. */
    public static RandomUniform fromConfig(Map<String, Object> c) {
        return new RandomUniform(Configs.number(c, "minval", -0.05), Configs.number(c, "maxval", 0.05));
    }

    public double minval() { return minval; }

    public double maxval() { return maxval; }

    @Override
    public Tensor initialize(Shape shape, DType dtype) { return Tensor.randomUniform(shape, minval, maxval, dtype); }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("minval", minval);
        c.put("maxval", maxval);
        return c;
    }

    @Override
    public boolean equals(Object o) { return o instanceof RandomUniform r && r.minval == minval && r.maxval == maxval; }

    @Override
    public int hashCode() { return Double.hashCode(minval) * 31 + Double.hashCode(maxval); }

    @Override
    public String toString() { return "RandomUniform(minval=" + minval + ", maxval=" + maxval + ")"; }
}
