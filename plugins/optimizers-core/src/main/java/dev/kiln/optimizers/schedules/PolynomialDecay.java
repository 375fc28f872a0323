package dev.kiln.optimizers.schedules;

import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import dev.kiln.optimizers.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras 3's PolynomialDecay: {@code (initial - end) * (1 - step / decay_steps)^power + end}, with {@code step}
 * capped at {@code decay_steps}; with {@code cycle} the horizon instead grows to the first multiple of
 * {@code decay_steps} at or above {@code step} (1x at step 0). Defaults {@code end_learning_rate=0.0001,
 * power=1.0, cycle=false}. Registered as {@code core>PolynomialDecay}, alias {@code "polynomial_decay"}.
 *
 * <pre>{@code
 * LearningRateSchedule linear = new PolynomialDecay(0.1, 10000);                 // to 1e-4 in 10k steps
 * LearningRateSchedule sqrt = new PolynomialDecay(0.1, 10000, 0.01, 0.5, false);
 * }</pre>
 */
public final class PolynomialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double endLearningRate;
    private final double power;
    private final boolean cycle;
    private final String name;

    /** Keras's defaults: linear decay to 0.0001, no cycling. */
    public PolynomialDecay(double initialLearningRate, long decaySteps) { this(initialLearningRate, decaySteps, 0.0001, 1.0, false); }

    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate, double power, boolean cycle) {
        this(initialLearningRate, decaySteps, endLearningRate, power, cycle, "PolynomialDecay");
    }

    private PolynomialDecay(double initialLearningRate, double decaySteps, double endLearningRate, double power, boolean cycle,
            String name) {
        this.initialLearningRate = Checks.nonNegative("PolynomialDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = Checks.positiveSteps("PolynomialDecay", "decay_steps", decaySteps);
        this.endLearningRate = Checks.nonNegative("PolynomialDecay", "end_learning_rate", endLearningRate);
        this.power = Checks.finite("PolynomialDecay", "power", power);
        this.cycle = cycle;
        this.name = name;
    }

    /**
     * From a config: {@code initial_learning_rate}, {@code decay_steps} (required), {@code end_learning_rate},
     * {@code power}, {@code cycle}, {@code name}.
     */
    public PolynomialDecay(Map<String, Object> config) {
        this(Schedules.required(config, "PolynomialDecay", "initial_learning_rate"),
                Schedules.required(config, "PolynomialDecay", "decay_steps"), Configs.number(config, "end_learning_rate", 0.0001),
                Configs.number(config, "power", 1.0), Configs.bool(config, "cycle", false),
                Configs.string(config, "name", "PolynomialDecay"));
    }

    /** The schedule a config describes (as Keras's {@code from_config}). */
    public static PolynomialDecay fromConfig(Map<String, Object> config) { return new PolynomialDecay(config); }

    @Override
    public double at(long step) {
        double steps = decaySteps;
        double s = step;
        if (cycle) {
            steps = decaySteps * (s == 0 ? 1 : Math.ceil(s / decaySteps));
        } else {
            s = Math.min(s, decaySteps);
        }
        return (initialLearningRate - endLearningRate) * Math.pow(1 - s / steps, power) + endLearningRate;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("end_learning_rate", endLearningRate);
        c.put("power", power);
        c.put("cycle", cycle);
        c.put("name", name);
        return c;
    }

    @Override
    public String toString() { return "PolynomialDecay" + getConfig(); }
}
