package dev.kiln.api.activations;

import dev.kiln.api.Tensor;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configurable;
import dev.kiln.api.registry.Registry;
import java.util.Map;

/**
 * An element-wise (or per-axis, for softmax) function applied to a layer's output.
 *
 * <pre>{@code
 * Activation relu = Activation.get("relu");
 * Tensor y = relu.apply(Tensor.of(new float[] {-1, 2}, 2));   // [0, 2]
 * Activation custom = x -> x.mul(x.sigmoid());                 // a lambda works too
 * }</pre>
 */
@FunctionalInterface
public interface Activation extends Configurable {

    Tensor apply(Tensor x);

    /** The activation registered under {@code id} ({@code "relu"}, {@code "core>relu"}); {@code null} or "" gives linear. */
    static Activation get(String id) {
        if (id == null || id.isEmpty()) {
            id = "linear";
        }
        return Registry.get().create(ComponentKind.ACTIVATION, id, Map.of(), Activation.class);
    }
}
