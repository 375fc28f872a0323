package dev.kiln.api.optimizers;

import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configurable;
import dev.kiln.api.registry.Registry;
import java.util.Map;

/**
 * The learning rate as a function of the optimizer's step count (the number of updates applied so far).
 *
 * <pre>{@code
 * LearningRateSchedule halving = step -> 0.1 * Math.pow(0.5, step / 1000);
 * Optimizer sgd = new SGD(halving);
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule extends Configurable {

    /** The learning rate for the update made after {@code step} earlier updates. */
    double at(long step);

    static LearningRateSchedule get(String id, Map<String, Object> config) {
        return Registry.get().create(ComponentKind.SCHEDULE, id, config, LearningRateSchedule.class);
    }
}
