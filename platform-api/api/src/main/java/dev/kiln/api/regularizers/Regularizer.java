package dev.kiln.api.regularizers;

import dev.kiln.api.Tensor;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configurable;
import dev.kiln.api.registry.Registry;
import java.util.Map;

/**
 * A penalty on a weight (or on a layer's output, as an activity regularizer) added to the training loss.
 *
 * <pre>{@code
 * Regularizer l2 = Regularizer.get("l2");              // 0.01 * sum(w^2), as Keras
 * Tensor penalty = l2.apply(Tensor.of(new float[] {1, 2}, 2));   // 0.05
 * }</pre>
 */
@FunctionalInterface
public interface Regularizer extends Configurable {

    /** The scalar penalty for {@code x}. */
    Tensor apply(Tensor x);

    static Regularizer get(String id) {
        return Registry.get().create(ComponentKind.REGULARIZER, id, Map.of(), Regularizer.class);
    }
}
