package dev.kiln.optimizers;

import dev.kiln.api.optimizers.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay, as Keras 3's AdamW: before each Adam update every weight loses
 * {@code lr * weight_decay * w} (default {@code weight_decay=0.004}). Other arguments and defaults as {@link Adam};
 * registered as {@code core>AdamW}, alias {@code "adamw"}.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(1e-3).weightDecay(0.01).amsgrad(true);
 * }</pre>
 */
public final class AdamW extends Adam {
    /** Keras's default decoupled weight decay. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.004;

    /** Keras's defaults: learning rate 0.001, weight decay 0.004. */
    public AdamW() { this(0.001); }

    public AdamW(double learningRate) {
        super("adamw", learningRate);
        weightDecay(DEFAULT_WEIGHT_DECAY);
    }

    public AdamW(LearningRateSchedule schedule) {
        super("adamw", schedule);
        weightDecay(DEFAULT_WEIGHT_DECAY);
    }

    /** From a config: as {@link Adam}, with {@code weight_decay} defaulting to 0.004. */
    public AdamW(Map<String, Object> config) { super(withDefaultDecay(config), "adamw"); }

    /** The optimizer a config describes (as Keras's {@code from_config}). */
    public static AdamW fromConfig(Map<String, Object> config) { return new AdamW(config); }

    private static Map<String, Object> withDefaultDecay(Map<String, Object> c) {
        if (c.get("weight_decay") != null) {
            return c;
        }
        Map<String, Object> m = new LinkedHashMap<>(c);
        m.put("weight_decay", DEFAULT_WEIGHT_DECAY);
        return m;
    }

    @Override
    public AdamW beta1(double beta1) {
        super.beta1(beta1);
        return this;
    }

    @Override
    public AdamW beta2(double beta2) {
        super.beta2(beta2);
        return this;
    }

    @Override
    public AdamW epsilon(double epsilon) {
        super.epsilon(epsilon);
        return this;
    }

    @Override
    public AdamW amsgrad(boolean amsgrad) {
        super.amsgrad(amsgrad);
        return this;
    }

    @Override
    public AdamW clipnorm(double value) {
        super.clipnorm(value);
        return this;
    }

    @Override
    public AdamW clipvalue(double value) {
        super.clipvalue(value);
        return this;
    }

    @Override
    public AdamW globalClipnorm(double value) {
        super.globalClipnorm(value);
        return this;
    }

    @Override
    public AdamW weightDecay(double decay) {
        super.weightDecay(decay);
        return this;
    }
}
