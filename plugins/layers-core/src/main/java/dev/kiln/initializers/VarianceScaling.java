package dev.kiln.initializers;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.registry.Configs;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's VarianceScaling: samples whose variance is {@code scale / n}, where {@code n} is the fan-in, the fan-out
 * or their mean ({@link Initializer#fans}). A {@code truncated_normal} draws from a normal truncated at two
 * standard deviations with stddev {@code sqrt(scale / n) / 0.87962566103423978}, an {@code untruncated_normal} with
 * stddev {@code sqrt(scale / n)}, a {@code uniform} within {@code ±sqrt(3 * scale / n)}. The base of the Glorot,
 * He and LeCun initializers. Samples come from Kiln's seeded generator ({@code Kiln.setSeed}).
 *
 * <pre>{@code
 * Initializer heNormal = new VarianceScaling(2.0, "fan_in", "truncated_normal");
 * Tensor w = heNormal.initialize(Shape.of(784, 64), DType.FLOAT32);
 * }</pre>
 */
public class VarianceScaling implements Initializer {
    /** Keras: the standard deviation of a unit normal truncated to [-2, 2]. */
    static final double TRUNCATION_STDDEV = 0.87962566103423978;

    private final double scale;
    private final String mode;
    private final String distribution;

    /** Keras's defaults: scale 1.0, mode {@code fan_in}, distribution {@code truncated_normal}. */
    public VarianceScaling() { this(1.0, "fan_in", "truncated_normal"); }

    /**
     * @param scale        a positive scaling factor
     * @param mode         {@code fan_in}, {@code fan_out} or {@code fan_avg}
     * @param distribution {@code truncated_normal}, {@code untruncated_normal} or {@code uniform}
     */
    public VarianceScaling(double scale, String mode, String distribution) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new InvalidArgumentException(KilnException.message("Argument `scale` must be positive float.", "a positive number",
                    "scale=" + scale, "pass e.g. scale=1.0"));
        }
        String m = mode == null ? null : mode.toLowerCase(Locale.ROOT);
        if (!"fan_in".equals(m) && !"fan_out".equals(m) && !"fan_avg".equals(m)) {
            throw new InvalidArgumentException(KilnException.message("Invalid `mode` argument for VarianceScaling.",
                    "one of fan_in, fan_out, fan_avg", "mode=" + mode, null));
        }
        String d = distribution == null ? null : distribution.toLowerCase(Locale.ROOT);
        if (!"truncated_normal".equals(d) && !"untruncated_normal".equals(d) && !"uniform".equals(d)) {
            throw new InvalidArgumentException(KilnException.message("Invalid `distribution` argument for VarianceScaling.",
                    "one of truncated_normal, untruncated_normal, uniform", "distribution=" + distribution, null));
        }
        this.scale = scale;
        this.mode = m;
        this.distribution = d;
    }

    /** From a config with keys {@code scale}, {@code mode} and {@code distribution} (Keras's defaults when absent). */
    public static VarianceScaling fromConfig(Map<String, Object> config) {
        return new VarianceScaling(Configs.number(config, "scale", 1.0), Configs.string(config, "mode", "fan_in"),
                Configs.string(config, "distribution", "truncated_normal"));
    }

    public final double scale() { return scale; }

    public final String mode() { return mode; }

    public final String distribution() { return distribution; }

    @Override
    public final Tensor initialize(Shape shape, DType dtype) {
        double[] fans = Initializer.fans(shape);
        double n = switch (mode) {
            case "fan_in" -> fans[0];
            case "fan_out" -> fans[1];
            default -> (fans[0] + fans[1]) / 2;
        };
        double s = scale / Math.max(1.0, n);
        return switch (distribution) {
            case "truncated_normal" -> Tensor.truncatedNormal(shape, 0, Math.sqrt(s) / TRUNCATION_STDDEV, dtype);
            case "untruncated_normal" -> Tensor.randomNormal(shape, 0, Math.sqrt(s), dtype);
            default -> {
                double limit = Math.sqrt(3 * s);
                yield Tensor.randomUniform(shape, -limit, limit, dtype);
            }
        };
    }

    /** {@code scale}, {@code mode}, {@code distribution}; the named subclasses have no arguments. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("scale", scale);
        c.put("mode", mode);
        c.put("distribution", distribution);
        return c;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((VarianceScaling) o).scale == scale && ((VarianceScaling) o).mode.equals(mode)
                && ((VarianceScaling) o).distribution.equals(distribution);
    }

    @Override
    public final int hashCode() { return (getClass().hashCode() * 31 + Double.hashCode(scale)) * 31 + mode.hashCode() * 7 + distribution.hashCode(); }

    @Override
    public String toString() { return getClass().getSimpleName() + "(scale=" + scale + ", mode=" + mode + ", distribution=" + distribution + ")"; }
}
