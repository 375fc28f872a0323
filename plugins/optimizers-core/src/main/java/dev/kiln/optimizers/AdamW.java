package dev.kiln.optimizers;

import dev.kiln.api.optimizers.LearningRateSchedule;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (default 0.004, as Keras): each step also subtracts {@code lr * decay * w}.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(1e-3).weightDecay(0.01);
 * }</pre>
 */
public final class AdamW extends Adam {
    public AdamW() { this(0.001); }

    public AdamW(double learningRate) {
        super("adamw", learningRate);
        weightDecay(0.004);
    }

    public AdamW(LearningRateSchedule schedule) {
        super("adamw", schedule);
        weightDecay(0.004);
    }

    public AdamW(Map<String, Object> c) { super(withDefaultDecay(c), "adamw"); }

    private static Map<String, Object> withDefaultDecay(Map<String, Object> c) {
        if (c.get("weight_decay") != null) {
            return c;
        }
        Map<String, Object> m = new HashMap<>(c);
        m.put("weight_decay", 0.004);
        return m;
    }
}
