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
 * Keras's VarianceScaling: samples with variance {@code scale / n}, where {@code n} is fan-in, fan-out or their
 * mean; the base of Glorot, He and LeCun initializers.
 *
 * <pre>{@code
 * Initializer init = new VarianceScaling(2.0, "fan_in", "truncated_normal");   // He normal
 * Tensor w = init.initialize(Shape.of(784, 64), DType.FLOAT32);
 * }</pre>
 */
public class VarianceScaling implements Initializer {
    /** Keras: the standard deviation of a unit normal truncated to two standard deviations. */
    private static final double TRUNCATION_STDDEV = 0.87962566103423978;

    private final double scale;
    private final String mode;
    private final String distribution;

    public VarianceScaling(double scale, String mode, String distribution) {
        if (!(scale > 0)) {
            throw new InvalidArgumentException(KilnException.message("Invalid scale for VarianceScaling.", "a positive number", scale, null));
        }
        if (!mode.equals("fan_in") && !mode.equals("fan_out") && !mode.equals("fan_avg")) {
            throw new InvalidArgumentException(KilnException.message("Invalid mode for VarianceScaling.", "fan_in, fan_out or fan_avg", mode, null));
        }
        if (!distribution.equals("truncated_normal") && !distribution.equals("untruncated_normal") && !distribution.equals("uniform")) {
            throw new InvalidArgumentException(KilnException.message("Invalid distribution for VarianceScaling.",
                    "truncated_normal, untruncated_normal or uniform", distribution, null));
        }
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
    }

    public VarianceScaling(Map<String, Object> config) {
        this(Configs.number(config, "scale", 1.0), Configs.string(config, "mode", "fan_in"),
                Configs.string(config, "distribution", "truncated_normal"));
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        double[] fans = Initializer.fans(shape);
        double n = switch (mode) {
            case "fan_in" -> fans[0];
            case "fan_out" -> fans[1];
            default -> (fans[0] + fans[1]) / 2;
        };
        double s = scale / Math.max(1, n);
        return switch (distribution) {
            case "truncated_normal" -> Tensor.truncatedNormal(shape, 0, Math.sqrt(s) / TRUNCATION_STDDEV, dtype);
            case "untruncated_normal" -> Tensor.randomNormal(shape, 0, Math.sqrt(s), dtype);
            default -> {
                double limit = Math.sqrt(3 * s);
                yield Tensor.randomUniform(shape, -limit, limit, dtype);
            }
        };
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("scale", scale);
        c.put("mode", mode);
        c.put("distribution", distribution);
        return c;
    }

    @Override
    public boolean equals(Object o) { return o != null && o.getClass() == getClass() && ((VarianceScaling) o).getConfig().equals(getConfig()); }

    @Override
    public int hashCode() { return getConfig().hashCode(); }
}
