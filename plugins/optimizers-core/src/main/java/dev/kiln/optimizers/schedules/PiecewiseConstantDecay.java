package dev.kiln.optimizers.schedules;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code values[0]} while {@code step <= boundaries[0]}, {@code values[1]} while {@code step <= boundaries[1]},
 * ..., {@code values[n]} afterwards.
 *
 * <pre>{@code
 * LearningRateSchedule s = new PiecewiseConstantDecay(new double[] {1000, 2000}, new double[] {0.1, 0.01, 0.001});
 * }</pre>
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
    private final double[] boundaries;
    private final double[] values;

    public PiecewiseConstantDecay(double[] boundaries, double[] values) {
        if (boundaries == null || values == null || values.length != boundaries.length + 1) {
            throw new InvalidArgumentException(KilnException.message("PiecewiseConstantDecay needs one more value than boundaries.",
                    (boundaries == null ? "?" : boundaries.length + 1) + " values", values == null ? "null" : values.length + " values", null));
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new InvalidArgumentException(KilnException.message("PiecewiseConstantDecay boundaries must increase.",
                        "increasing boundaries", Arrays.toString(boundaries), null));
            }
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    public PiecewiseConstantDecay(Map<String, Object> c) {
        this(Configs.doubleArray(c, "boundaries", null), Configs.doubleArray(c, "values", null));
    }

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
        return c;
    }
}
