package dev.kiln.api.registry;

/**
 * What a {@link Plugin} registers its components with.
 *
 * <pre>{@code
 * registrar.register(ComponentKind.OPTIMIZER, "core>RMSprop", RMSprop.class, RMSprop::fromConfig, "rmsprop");
 * }</pre>
 */
public interface Registrar {
    /**
     * Registers a component.
     *
     * @param name    full name {@code package>Name}, e.g. {@code core>Dense}
     * @param type    the class of the instances the factory returns (used to name instances when saving)
     * @param aliases Keras identifiers that also resolve to it ({@code "dense"}, {@code "rmsprop"})
     */
    <T> Registrar register(ComponentKind kind, String name, Class<T> type, ComponentFactory<? extends T> factory, String... aliases);
}
