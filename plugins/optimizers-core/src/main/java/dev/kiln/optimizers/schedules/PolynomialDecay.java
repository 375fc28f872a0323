package dev.kiln.optimizers.schedules;

import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import dev.kiln.optimizers.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decays from {@code initial} to {@code end} over {@code decaySteps} along {@code (1 - step/decaySteps)^power};
 * with {@code cycle} the horizon grows to the next multiple of {@code decaySteps}, else the rate stays at {@code end}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new PolynomialDecay(0.1, 10000, 0.0001, 1.0, false);
 * }</pre>
 */
public final class PolynomialDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double end;
    private final double power;
    private final boolean cycle;

    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate, double power, boolean cycle) {
        this.initial = Checks.positive("PolynomialDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = (long) Checks.positive("PolynomialDecay", "decay_steps", decaySteps);
        this.end = Checks.range("PolynomialDecay", "end_learning_rate", endLearningRate, 0, Double.MAX_VALUE, true);
        this.power = power;
        this.cycle = cycle;
    }

    public PolynomialDecay(Map<String, Object> c) {
        this(Configs.number(c, "initial_learning_rate", Double.NaN), (long) Configs.number(c, "decay_steps", Double.NaN),
                Configs.number(c, "end_learning_rate", 0.0001), Configs.number(c, "power", 1.0), Configs.bool(c, "cycle", false));
    }

    @Override
    public double at(long step) {
        double steps = decaySteps;
        double s = step;
        if (cycle) {
            steps = decaySteps * Math.max(1, Math.ceil(s / decaySteps));
        } else {
            s = Math.min(s, decaySteps);
        }
        return (initial - end) * Math.pow(1 - s / steps, power) + end;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initial);
        c.put("decay_steps", decaySteps);
        c.put("end_learning_rate", end);
        c.put("power", power);
        c.put("cycle", cycle);
        return c;
    }
}
