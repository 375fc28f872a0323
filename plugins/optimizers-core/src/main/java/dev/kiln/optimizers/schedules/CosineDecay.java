package dev.kiln.optimizers.schedules;

import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import dev.kiln.optimizers.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras 3's CosineDecay with optional linear warmup. Without {@code warmup_target}:
 * {@code initial * ((1 - alpha) * 0.5 (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)}. With it, the
 * rate first rises linearly from {@code initial_learning_rate} to {@code warmup_target} over {@code warmup_steps},
 * then decays from {@code warmup_target} as above over the next {@code decay_steps}. Defaults {@code alpha=0.0,
 * warmup_target=null, warmup_steps=0}. Registered as {@code core>CosineDecay}, alias {@code "cosine_decay"}.
 *
 * <pre>{@code
 * LearningRateSchedule plain = new CosineDecay(0.1, 10000);
 * LearningRateSchedule warm = new CosineDecay(0.0, 10000, 0.0, 0.1, 1000);   // warm up to 0.1, then decay
 * }</pre>
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double alpha;
    private final Double warmupTarget;
    private final long warmupSteps;
    private final String name;

    /** Keras's defaults: decay to 0, no warmup. */
    public CosineDecay(double initialLearningRate, long decaySteps) { this(initialLearningRate, decaySteps, 0.0); }

    /** Decay to {@code alpha * initialLearningRate}, no warmup. */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, null, 0);
    }

    /**
     * @param warmupTarget the rate reached at the end of warmup, or {@code null} for no warmup
     * @param warmupSteps  steps of linear warmup (ignored when {@code warmupTarget} is {@code null})
     */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget, long warmupSteps) {
        this(initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps, "CosineDecay");
    }

    private CosineDecay(double initialLearningRate, double decaySteps, double alpha, Double warmupTarget, double warmupSteps,
            String name) {
        this.initialLearningRate = Checks.nonNegative("CosineDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = Checks.positiveSteps("CosineDecay", "decay_steps", decaySteps);
        this.alpha = Checks.range("CosineDecay", "alpha", alpha, 0, 1, true);
        this.warmupTarget = warmupTarget == null ? null : Checks.nonNegative("CosineDecay", "warmup_target", warmupTarget);
        this.warmupSteps = Checks.nonNegativeSteps("CosineDecay", "warmup_steps", warmupSteps);
        this.name = name;
    }

    /**
     * From a config: {@code initial_learning_rate}, {@code decay_steps} (required), {@code alpha},
     * {@code warmup_target}, {@code warmup_steps}, {@code name}.
     */
    public CosineDecay(Map<String, Object> config) {
        this(Schedules.required(config, "CosineDecay", "initial_learning_rate"), Schedules.required(config, "CosineDecay", "decay_steps"),
                Configs.number(config, "alpha", 0.0), Configs.optionalNumber(config, "warmup_target"),
                Configs.number(config, "warmup_steps", 0), Configs.string(config, "name", "CosineDecay"));
    }

    /** The schedule a config describes (as Keras's {@code from_config}). */
    public static CosineDecay fromConfig(Map<String, Object> config) { return new CosineDecay(config); }

    @Override
    public double at(long step) {
        if (warmupTarget == null) {
            return decay(Math.min(step, decaySteps), initialLearningRate);
        }
        long s = Math.min(step, decaySteps + warmupSteps);
        if (s < warmupSteps) {
            return (warmupTarget - initialLearningRate) * ((double) s / warmupSteps) + initialLearningRate;
        }
        return decay(s - warmupSteps, warmupTarget);
    }

    private double decay(long step, double from) {
        double cosine = 0.5 * (1 + Math.cos(Math.PI * ((double) step / decaySteps)));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("name", name);
        c.put("warmup_target", warmupTarget);
        c.put("warmup_steps", warmupSteps);
        return c;
    }

    @Override
    public String toString() { return "CosineDecay" + getConfig(); }
}
