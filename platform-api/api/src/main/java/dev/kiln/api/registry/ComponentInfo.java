package dev.kiln.api.registry;

import java.util.List;

/**
 * What the registry knows of one component: its kind, its full name {@code package>Name}, its Keras aliases,
 * the Java type, and the plugin that contributed it.
 *
 * <pre>{@code
 * ComponentInfo info = Registry.get().lookup(ComponentKind.OPTIMIZER, "rmsprop").orElseThrow();
 * assert info.name().equals("core>RMSprop");
 * }</pre>
 */
public record ComponentInfo(ComponentKind kind, String name, List<String> aliases, Class<?> type, String plugin) {
    public ComponentInfo {
        aliases = List.copyOf(aliases);
    }
}
