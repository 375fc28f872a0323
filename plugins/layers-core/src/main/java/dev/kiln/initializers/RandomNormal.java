package dev.kiln.initializers;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.registry.Configs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Normal samples with {@code mean} and {@code stddev} (Keras defaults 0.0 and 0.05), drawn from Kiln's seeded
 * generator ({@code Kiln.setSeed}).
 *
 * <pre>{@code
 * Dense d = new Dense(64).kernelInitializer(new RandomNormal(0.0, 0.01));
 * }</pre>
 */
public final class RandomNormal implements Initializer {
    private final double mean;
    private final double stddev;

    /** Keras's defaults: mean 0.0, stddev 0.05. */
    public RandomNormal() { this(0.0, 0.05); }

    public RandomNormal(double mean, double stddev) {
        this.mean = Checks.finite("RandomNormal", "mean", mean);
        this.stddev = Checks.positive("RandomNormal", "stddev", stddev);
    }

    /** From a config with keys {@code mean} and {@code stddev}. */
    public static RandomNormal fromConfig(Map<String, Object> c) {
        return new RandomNormal(Configs.number(c, "mean", 0.0), Configs.number(c, "stddev", 0.05));
    }

    public double mean() { return mean; }

    public double stddev() { return stddev; }

    @Override
    public Tensor initialize(Shape shape, DType dtype) { return Tensor.randomNormal(shape, mean, stddev, dtype); }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mean", mean);
        c.put("stddev", stddev);
        return c;
    }

    @Override
    public boolean equals(Object o) { return o instanceof RandomNormal r && r.mean == mean && r.stddev == stddev; }

    @Override
    public int hashCode() { return Double.hashCode(mean) * 31 + Double.hashCode(stddev); }

    @Override
    public String toString() { return "RandomNormal(mean=" + mean + ", stddev=" + stddev + ")"; }
}
