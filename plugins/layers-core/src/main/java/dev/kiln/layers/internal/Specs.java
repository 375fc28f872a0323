package dev.kiln.layers.internal;

import dev.kiln.activations.Activations;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.activations.Activation;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import dev.kiln.api.regularizers.Regularizer;
import java.util.Map;

/** Reading and writing component arguments of layer configs: a Keras string, or {@code {class_name, config}}. */
public final class Specs {
    private Specs() {}

    @SuppressWarnings("unchecked")
    private static <T> T resolve(ComponentKind kind, Object spec, Class<T> type) {
        if (spec == null) {
            return null;
        }
        if (type.isInstance(spec)) {
            return type.cast(spec);
        }
        if (spec instanceof String s) {
            return Registry.get().create(kind, s, Map.of(), type);
        }
        if (spec instanceof Map<?, ?> m) {
            return Registry.get().deserialize(kind, (Map<String, Object>) m, type);
        }
        throw new InvalidArgumentException(KilnException.message("Invalid " + kind.label() + ".",
                "a " + type.getSimpleName() + ", an identifier string or {class_name, config}", spec, null));
    }

    public static Activation activation(Object spec) {
        Activation a = resolve(ComponentKind.ACTIVATION, spec, Activation.class);
        return a == null ? Activations.LINEAR : a;
    }

    public static Initializer initializer(Object spec) { return resolve(ComponentKind.INITIALIZER, spec, Initializer.class); }

    public static Regularizer regularizer(Object spec) { return resolve(ComponentKind.REGULARIZER, spec, Regularizer.class); }

    /** Keras writes parameterless activations as their name. */
    public static Object write(ComponentKind kind, Object component) {
        if (component == null) {
            return null;
        }
        if (component instanceof Activations.Named n && n.getConfig().isEmpty()) {
            return n.name();
        }
        return Registry.get().serialize(kind, component);
    }
}
