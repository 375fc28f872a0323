package dev.kiln.api.registry;

import dev.kiln.api.spi.KilnRuntime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Every component Kiln can build by name, fed by plugins. Names are {@code package>Name} ({@code core>Dense})
 * plus Keras aliases ({@code "dense"}, {@code "rmsprop"}); lookups ignore case, so {@code "RMSprop"} and
 * {@code "rmsprop"} both work.
 *
 * <pre>{@code
 * Optimizer opt = Registry.get().create(ComponentKind.OPTIMIZER, "rmsprop", Map.of(), Optimizer.class);
 * Map<String, Object> saved = Registry.get().serialize(ComponentKind.OPTIMIZER, opt);
 * Optimizer again = Registry.get().deserialize(ComponentKind.OPTIMIZER, saved, Optimizer.class);
 * }</pre>
 */
@ProviderType
public interface Registry {

    static Registry get() { return KilnRuntime.get().registry(); }

    /**
     * Builds the component named {@code id} from {@code config}. An unknown name fails with
     * {@link dev.kiln.api.UnknownIdentifierException} listing what is registered of that kind.
     */
    <T> T create(ComponentKind kind, String id, Map<String, Object> config, Class<T> type);

    default <T> T create(ComponentKind kind, String id, Class<T> type) { return create(kind, id, Map.of(), type); }

    Optional<ComponentInfo> lookup(ComponentKind kind, String id);

    List<ComponentInfo> list(ComponentKind kind);

    /** The registered name of {@code component}'s class, if any. */
    Optional<String> nameOf(ComponentKind kind, Object component);

    /** {@code {"class_name": "core>Dense", "config": {...}}}, as Keras serializes objects. */
    Map<String, Object> serialize(ComponentKind kind, Object component);

    /** The inverse of {@link #serialize}. */
    <T> T deserialize(ComponentKind kind, Map<String, Object> serialized, Class<T> type);

    /** Adds a plugin's components; fails if a name is already taken by another plugin. */
    void addPlugin(Plugin plugin);

    /** Removes exactly the components {@code pluginName} registered. */
    void removePlugin(String pluginName);
}
