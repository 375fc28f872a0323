package dev.kiln.layers.internal;

import dev.kiln.activations.Activations;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.activations.Activation;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import dev.kiln.api.regularizers.Regularizer;
import java.util.Map;

/**
 * Reads and writes the component arguments of layer configs: a Keras identifier string or
 * {@code {"class_name": ..., "config": {...}}}, as Keras serializes them. Internal to the plugin.
 *
 * <pre>{@code
 * Activation a = Specs.activation("relu");                                  // Activations.RELU
 * Object saved = Specs.write(ComponentKind.ACTIVATION, a);                   // "relu"
 * }</pre>
 */
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

    /** An activation from a spec; {@code null} or {@code ""} is linear. */
    public static Activation activation(Object spec) {
        if (spec == null || "".equals(spec)) {
            return Activations.LINEAR;
        }
        return resolve(ComponentKind.ACTIVATION, spec, Activation.class);
    }

    /** An initializer from a spec; {@code null} fails (a weight needs one). */
    public static Initializer initializer(Object spec, String what) {
        Initializer i = resolve(ComponentKind.INITIALIZER, spec, Initializer.class);
        if (i == null) {
            throw new InvalidArgumentException(KilnException.message("Invalid " + what + ".", "an initializer", "null",
                    "pass one such as new GlorotUniform() or \"zeros\""));
        }
        return i;
    }

    /** A regularizer from a spec; {@code null} means none. */
    public static Regularizer regularizer(Object spec) { return resolve(ComponentKind.REGULARIZER, spec, Regularizer.class); }

    /** Keras writes parameterless activations as their name, others as {@code {class_name, config}}. */
    public static Object write(ComponentKind kind, Object component) {
        if (component == null) {
            return null;
        }
        if (component instanceof Activations.Named n && n.getConfig().isEmpty()) {
            return n.name();
        }
        return Registry.get().serialize(kind, component);
    }

    /** Fails when a setter is used after the layer created its weights. */
    public static void requireUnbuilt(Layer layer, String setting) {
        if (layer.isBuilt()) {
            throw new IllegalStateKilnException("Cannot set `" + setting + "` of layer `" + layer.name() + "`: it is already built. "
                    + "Expected the setting before the layer's first call. Received: a built layer. "
                    + "To fix: configure the layer before applying it to a tensor.");
        }
    }
}
