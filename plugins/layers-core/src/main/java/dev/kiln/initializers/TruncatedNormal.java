package dev.kiln.initializers;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.registry.Configs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Normal samples with {@code mean} and {@code stddev} (Keras defaults 0.0 and 0.05), re-drawn when more than two
 * standard deviations from the mean, as Keras; drawn from Kiln's seeded
 * generator ({@code Kiln.setSeed}).
 *
 * <pre>{@code
 * Dense d = new Dense(64).kernelInitializer(new TruncatedNormal(0.0, 0.01));
 * }</pre>
 */
public final class TruncatedNormal implements Initializer {
    private final double mean;
    private final double stddev;

    /** Keras's defaults: mean 0.0, stddev 0.05. */
    public TruncatedNormal() { this(0.0, 0.05); }

    public TruncatedNormal(double mean, double stddev) {
        this.mean = Checks.finite("TruncatedNormal", "mean", mean);
        this.stddev = Checks.positive("TruncatedNormal", "stddev", stddev);
    }

    /** From a config with keys {@code mean} and {@code stddev}. */
    public static TruncatedNormal fromConfig(Map<String, Object> c) {
        return new TruncatedNormal(Configs.number(c, "mean", 0.0), Configs.number(c, "stddev", 0.05));
    }

    public double mean() { return mean; }

    public double stddev() { return stddev; }

    @Override
    public Tensor initialize(Shape shape, DType dtype) { return Tensor.truncatedNormal(shape, mean, stddev, dtype); }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mean", mean);
        c.put("stddev", stddev);
        return c;
    }

    @Override
    public boolean equals(Object o) { return o instanceof TruncatedNormal r && r.mean == mean && r.stddev == stddev; }

    @Override
    public int hashCode() { return Double.hashCode(mean) * 31 + Double.hashCode(stddev); }

    @Override
    public String toString() { return "TruncatedNormal(mean=" + mean + ", stddev=" + stddev + ")"; }
}
