package dev.kiln.optimizers.schedules;

import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import dev.kiln.optimizers.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code initial * rate^(step / decaySteps)}, with the exponent floored when {@code staircase}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(new ExponentialDecay(0.1, 1000, 0.96, true));
 * }</pre>
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this.initial = Checks.positive("ExponentialDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = (long) Checks.positive("ExponentialDecay", "decay_steps", decaySteps);
        this.decayRate = Checks.positive("ExponentialDecay", "decay_rate", decayRate);
        this.staircase = staircase;
    }

    public ExponentialDecay(Map<String, Object> c) {
        this(Configs.number(c, "initial_learning_rate", Double.NaN), (long) Configs.number(c, "decay_steps", Double.NaN),
                Configs.number(c, "decay_rate", Double.NaN), Configs.bool(c, "staircase", false));
    }

    @Override
    public double at(long step) {
        double p = (double) step / decaySteps;
        return initial * Math.pow(decayRate, staircase ? Math.floor(p) : p);
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
