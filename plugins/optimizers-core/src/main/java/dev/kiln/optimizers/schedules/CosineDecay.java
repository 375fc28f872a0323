package dev.kiln.optimizers.schedules;

import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.registry.Configs;
import dev.kiln.optimizers.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay from {@code initial} (or, after a linear warmup of {@code warmupSteps}, from {@code warmupTarget})
 * to {@code alpha} times it over {@code decaySteps}, as Keras 3's CosineDecay.
 *
 * <pre>{@code
 * LearningRateSchedule s = new CosineDecay(0.0, 10000, 0.0, 0.1, 1000);   // warm up to 0.1, then decay
 * }</pre>
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double alpha;
    private final Double warmupTarget;
    private final long warmupSteps;

    public CosineDecay(double initialLearningRate, long decaySteps) { this(initialLearningRate, decaySteps, 0.0, null, 0); }

    public CosineDecay(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget, long warmupSteps) {
        this.initial = Checks.range("CosineDecay", "initial_learning_rate", initialLearningRate, 0, Double.MAX_VALUE, true);
        this.decaySteps = (long) Checks.positive("CosineDecay", "decay_steps", decaySteps);
        this.alpha = Checks.range("CosineDecay", "alpha", alpha, 0, 1, true);
        this.warmupTarget = warmupTarget;
        this.warmupSteps = (long) Checks.range("CosineDecay", "warmup_steps", warmupSteps, 0, Double.MAX_VALUE, true);
    }

    public CosineDecay(Map<String, Object> c) {
        this(Configs.number(c, "initial_learning_rate", Double.NaN), (long) Configs.number(c, "decay_steps", Double.NaN),
                Configs.number(c, "alpha", 0.0), Configs.optionalNumber(c, "warmup_target"), (long) Configs.number(c, "warmup_steps", 0));
    }

    @Override
    public double at(long step) {
        if (warmupTarget == null) {
            return decay(step, initial);
        }
        if (step < warmupSteps) {
            return initial + (warmupTarget - initial) * ((double) step / warmupSteps);
        }
        return decay(step - warmupSteps, warmupTarget);
    }

    private double decay(long step, double from) {
        double s = Math.min(step, decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initial);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("warmup_target", warmupTarget);
        c.put("warmup_steps", warmupSteps);
        return c;
    }
}
