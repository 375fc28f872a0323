package dev.kiln.optimizers.schedules;

import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import dev.kiln.optimizers.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras 3's ExponentialDecay: {@code initial_learning_rate * decay_rate^(step / decay_steps)}, the exponent
 * floored when {@code staircase} (default false). Registered as {@code core>ExponentialDecay}, alias
 * {@code "exponential_decay"}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(new ExponentialDecay(0.1, 1000, 0.96, true));   // x0.96 every 1000 steps
 * }</pre>
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;
    private final String name;

    /** Smooth decay ({@code staircase=false}). */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this(initialLearningRate, decaySteps, decayRate, staircase, "ExponentialDecay");
    }

    private ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase, String name) {
        this.initialLearningRate = Checks.nonNegative("ExponentialDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = Checks.positiveSteps("ExponentialDecay", "decay_steps", decaySteps);
        this.decayRate = Checks.positive("ExponentialDecay", "decay_rate", decayRate);
        this.staircase = staircase;
        this.name = name;
    }

    /** From a config: {@code initial_learning_rate}, {@code decay_steps}, {@code decay_rate} (required), {@code staircase}, {@code name}. */
    public ExponentialDecay(Map<String, Object> config) {
        this(Schedules.required(config, "ExponentialDecay", "initial_learning_rate"),
                Schedules.required(config, "ExponentialDecay", "decay_steps"),
                Schedules.required(config, "ExponentialDecay", "decay_rate"), Configs.bool(config, "staircase", false),
                Configs.string(config, "name", "ExponentialDecay"));
    }

    /** The schedule a config describes (as Keras's {@code from_config}). */
    public static ExponentialDecay fromConfig(Map<String, Object> config) { return new ExponentialDecay(config); }

    @Override
    public double at(long step) {
        double p = (double) step / decaySteps;
        return initialLearningRate * Math.pow(decayRate, staircase ? Math.floor(p) : p);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        c.put("name", name);
        return c;
    }

    @Override
    public String toString() { return "ExponentialDecay" + getConfig(); }
}
