package dev.kiln.optimizers.schedules;

import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import dev.kiln.optimizers.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code initial / (1 + rate * step / decaySteps)}, the ratio floored when {@code staircase}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new InverseTimeDecay(0.1, 1000, 0.5, false);
 * }</pre>
 */
public final class InverseTimeDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this.initial = Checks.positive("InverseTimeDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = (long) Checks.positive("InverseTimeDecay", "decay_steps", decaySteps);
        this.decayRate = Checks.range("InverseTimeDecay", "decay_rate", decayRate, 0, Double.MAX_VALUE, true);
        this.staircase = staircase;
    }

    public InverseTimeDecay(Map<String, Object> c) {
        this(Configs.number(c, "initial_learning_rate", Double.NaN), (long) Configs.number(c, "decay_steps", Double.NaN),
                Configs.number(c, "decay_rate", Double.NaN), Configs.bool(c, "staircase", false));
    }

    @Override
    public double at(long step) {
        double p = (double) step / decaySteps;
        return initial / (1 + decayRate * (staircase ? Math.floor(p) : p));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initial);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        return c;
    }
}
