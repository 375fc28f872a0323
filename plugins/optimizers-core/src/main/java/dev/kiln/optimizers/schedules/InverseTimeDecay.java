package dev.kiln.optimizers.schedules;

import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import dev.kiln.optimizers.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras 3's InverseTimeDecay: {@code initial_learning_rate / (1 + decay_rate * step / decay_steps)}, the ratio
 * {@code step / decay_steps} floored when {@code staircase} (default false). Registered as
 * {@code core>InverseTimeDecay}, alias {@code "inverse_time_decay"}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new InverseTimeDecay(0.1, 1000, 0.5);
 * Optimizer opt = new Adam(s);
 * }</pre>
 */
public final class InverseTimeDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;
    private final String name;

    /** Smooth decay ({@code staircase=false}). */
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this(initialLearningRate, decaySteps, decayRate, staircase, "InverseTimeDecay");
    }

    private InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase, String name) {
        this.initialLearningRate = Checks.nonNegative("InverseTimeDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = Checks.positiveSteps("InverseTimeDecay", "decay_steps", decaySteps);
        this.decayRate = Checks.nonNegative("InverseTimeDecay", "decay_rate", decayRate);
        this.staircase = staircase;
        this.name = name;
    }

    /** From a config: {@code initial_learning_rate}, {@code decay_steps}, {@code decay_rate} (required), {@code staircase}, {@code name}. */
    public InverseTimeDecay(Map<String, Object> config) {
        this(Schedules.required(config, "InverseTimeDecay", "initial_learning_rate"),
                Schedules.required(config, "InverseTimeDecay", "decay_steps"),
                Schedules.required(config, "InverseTimeDecay", "decay_rate"), Configs.bool(config, "staircase", false),
                Configs.string(config, "name", "InverseTimeDecay"));
    }

    /** The schedule a config describes (as Keras's {@code from_config}). */
    public static InverseTimeDecay fromConfig(Map<String, Object> config) { return new InverseTimeDecay(config); }

    @Override
    public double at(long step) {
        double p = (double) step / decaySteps;
        return initialLearningRate / (1 + decayRate * (staircase ? Math.floor(p) : p));
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
    public String toString() { return "InverseTimeDecay" + getConfig(); }
}
