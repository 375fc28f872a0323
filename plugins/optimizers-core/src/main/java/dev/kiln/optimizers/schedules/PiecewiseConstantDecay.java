package dev.kiln.optimizers.schedules;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras 3's PiecewiseConstantDecay: {@code values[0]} while {@code step <= boundaries[0]}, {@code values[i]} while
 * {@code boundaries[i-1] < step <= boundaries[i]}, and {@code values[n]} once {@code step > boundaries[n-1]};
 * there is one more value than boundaries, and boundaries strictly increase. Registered as
 * {@code core>PiecewiseConstantDecay}, alias {@code "piecewise_constant_decay"}.
 *
 * <pre>{@code
 * // 1.0 for steps 0..100000, 0.5 for the next 10000 steps, then 0.1
 * LearningRateSchedule s = new PiecewiseConstantDecay(new double[] {100000, 110000}, new double[] {1.0, 0.5, 0.1});
 * }</pre>
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
    private final double[] boundaries;
    private final double[] values;
    private final String name;

    public PiecewiseConstantDecay(double[] boundaries, double[] values) { this(boundaries, values, "PiecewiseConstant"); }

    private PiecewiseConstantDecay(double[] boundaries, double[] values, String name) {
        if (boundaries == null || values == null) {
            throw new InvalidArgumentException(KilnException.message("PiecewiseConstantDecay needs `boundaries` and `values`.",
                    "two lists of numbers, one more value than boundaries",
                    "boundaries=" + Arrays.toString(boundaries) + ", values=" + Arrays.toString(values), "pass both lists"));
        }
        if (values.length != boundaries.length + 1) {
            throw new InvalidArgumentException(KilnException.message(
                    "The length of boundaries should be 1 less than the length of values.",
                    (boundaries.length + 1) + " values for " + boundaries.length + " boundaries",
                    "boundaries=" + Arrays.toString(boundaries) + " of length " + boundaries.length + ", and values="
                            + Arrays.toString(values) + " of length " + values.length,
                    "give one value per interval: before the first boundary, between each pair, after the last"));
        }
        for (int i = 0; i < boundaries.length; i++) {
            if (!Double.isFinite(boundaries[i]) || (i > 0 && boundaries[i] <= boundaries[i - 1])) {
                throw new InvalidArgumentException(KilnException.message("PiecewiseConstantDecay boundaries must strictly increase.",
                        "finite, strictly increasing boundaries", Arrays.toString(boundaries), "sort the boundaries and drop repeats"));
            }
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new InvalidArgumentException(KilnException.message("PiecewiseConstantDecay values must be finite.",
                        "finite learning rates", Arrays.toString(values), null));
            }
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
        this.name = name;
    }

    /** From a config: {@code boundaries} and {@code values} (lists of numbers), {@code name}. */
    public PiecewiseConstantDecay(Map<String, Object> config) {
        this(Configs.doubleArray(config, "boundaries", null), Configs.doubleArray(config, "values", null),
                Configs.string(config, "name", "PiecewiseConstant"));
    }

    /** The schedule a config describes (as Keras's {@code from_config}). */
    public static PiecewiseConstantDecay fromConfig(Map<String, Object> config) { return new PiecewiseConstantDecay(config); }

    @Override
    public double at(long step) {
        for (int i = 0; i < boundaries.length; i++) {
            if (step <= boundaries[i]) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("boundaries", Configs.list(boundaries));
        c.put("values", Configs.list(values));
        c.put("name", name);
        return c;
    }

    @Override
    public String toString() { return "PiecewiseConstantDecay" + getConfig(); }
}
