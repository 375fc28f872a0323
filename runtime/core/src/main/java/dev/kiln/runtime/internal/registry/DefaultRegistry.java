package dev.kiln.runtime.internal.registry;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.registry.ComponentFactory;
import dev.kiln.api.registry.ComponentInfo;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configurable;
import dev.kiln.api.registry.Plugin;
import dev.kiln.api.registry.Registrar;
import dev.kiln.api.registry.Registry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registry: components by kind, full name and alias; each remembers the plugin that gave it. */
public final class DefaultRegistry implements Registry {
    private record Entry(ComponentInfo info, ComponentFactory<?> factory) {}

    /** Which artifact usually provides each kind, for "unknown identifier" messages. */
    private static final Map<ComponentKind, String> USUAL_PLUGIN = Map.of(ComponentKind.LAYER, "kiln-layers-core",
            ComponentKind.ACTIVATION, "kiln-layers-core", ComponentKind.INITIALIZER, "kiln-layers-core",
            ComponentKind.REGULARIZER, "kiln-layers-core", ComponentKind.LOSS, "kiln-losses-core",
            ComponentKind.METRIC, "kiln-metrics-core", ComponentKind.OPTIMIZER, "kiln-optimizers-core",
            ComponentKind.SCHEDULE, "kiln-optimizers-core", ComponentKind.DATA_SOURCE, "kiln-data-core");

    private final Map<ComponentKind, Map<String, Entry>> byName = new EnumMap<>(ComponentKind.class);
    private final Map<ComponentKind, Map<String, String>> aliases = new EnumMap<>(ComponentKind.class);
    private final Map<String, String> pluginVersions = new LinkedHashMap<>();

    public DefaultRegistry() {
        for (ComponentKind k : ComponentKind.values()) {
            byName.put(k, new LinkedHashMap<>());
            aliases.put(k, new LinkedHashMap<>());
        }
    }

    /** Adds every plugin ServiceLoader finds through {@code loader}. */
    public void loadServices(ClassLoader loader) {
        for (Plugin p : ServiceLoader.load(Plugin.class, loader)) {
            if (!pluginVersions.containsKey(p.name())) {
                addPlugin(p);
            }
        }
    }

    private static String key(String id) { return id.toLowerCase(Locale.ROOT); }

    @Override
    public synchronized void addPlugin(Plugin plugin) {
        String pluginName = plugin.name();
        if (pluginVersions.containsKey(pluginName)) {
            throw new InvalidArgumentException(KilnException.message("Plugin `" + pluginName + "` is already installed.",
                    "a plugin name not in use", pluginName, "remove the installed one first"));
        }
        List<Entry> added = new ArrayList<>();
        Registrar r = new Registrar() {
            @Override
            public <T> Registrar register(ComponentKind kind, String name, Class<T> type, ComponentFactory<? extends T> factory,
                                          String... names) {
                if (kind == null || name == null || type == null || factory == null) {
                    throw new InvalidArgumentException("Plugin `" + pluginName + "` registered a component with a null kind, name, "
                            + "type or factory. Expected all four. Received: kind=" + kind + ", name=" + name + ".");
                }
                added.add(new Entry(new ComponentInfo(kind, name, List.of(names), type, pluginName), factory));
                return this;
            }
        };
        plugin.register(r);
        for (Entry e : added) {
            ComponentKind k = e.info().kind();
            Entry clash = byName.get(k).get(key(e.info().name()));
            if (clash != null) {
                throw new InvalidArgumentException(KilnException.message("Plugin `" + pluginName + "` registers " + k.label() + " `"
                        + e.info().name() + "`, already registered by plugin `" + clash.info().plugin() + "`.",
                        "unique component names", e.info().name(), "use the package>Name form with your own package"));
            }
        }
        for (Entry e : added) {
            ComponentKind k = e.info().kind();
            byName.get(k).put(key(e.info().name()), e);
            for (String a : e.info().aliases()) {
                aliases.get(k).putIfAbsent(key(a), key(e.info().name()));
            }
        }
        pluginVersions.put(pluginName, plugin.version());
    }

    @Override
    public synchronized void removePlugin(String pluginName) {
        for (ComponentKind k : ComponentKind.values()) {
            byName.get(k).values().removeIf(e -> e.info().plugin().equals(pluginName));
            aliases.get(k).values().removeIf(n -> !byName.get(k).containsKey(n));
        }
        pluginVersions.remove(pluginName);
    }

    /** Installed plugins and their versions. */
    public synchronized Map<String, String> plugins() { return new LinkedHashMap<>(pluginVersions); }

    private synchronized Entry find(ComponentKind kind, String id) {
        if (id == null) {
            return null;
        }
        Map<String, Entry> names = byName.get(kind);
        Entry e = names.get(key(id));
        if (e == null) {
            String n = aliases.get(kind).get(key(id));
            e = n == null ? null : names.get(n);
        }
        return e;
    }

    @Override
    public <T> T create(ComponentKind kind, String id, Map<String, Object> config, Class<T> type) {
        Entry e = find(kind, id);
        if (e == null) {
            throw unknown(kind, id);
        }
        Object o = e.factory().create(config == null ? Map.of() : config);
        if (!type.isInstance(o)) {
            throw new InvalidArgumentException(KilnException.message("`" + id + "` is not a " + type.getSimpleName() + ".",
                    "a " + type.getSimpleName(), o.getClass().getName(), null));
        }
        return type.cast(o);
    }

    private UnknownIdentifierException unknown(ComponentKind kind, String id) {
        List<String> known = new ArrayList<>();
        synchronized (this) {
            for (Entry e : byName.get(kind).values()) {
                known.addAll(e.info().aliases().isEmpty() ? List.of(e.info().name()) : e.info().aliases());
            }
        }
        known.sort(Comparator.naturalOrder());
        String usual = USUAL_PLUGIN.get(kind);
        return new UnknownIdentifierException("Unknown " + kind.label() + ": '" + id + "'. Expected one of the registered "
                + kind.plural() + ": " + (known.isEmpty() ? "(none registered)" : String.join(", ", known)) + ". Received: '" + id
                + "'. To fix: check the spelling" + (usual == null ? "" : ", or add the plugin that provides " + kind.plural()
                + " (usually " + usual + ")") + ".");
    }

    @Override
    public Optional<ComponentInfo> lookup(ComponentKind kind, String id) {
        Entry e = find(kind, id);
        return Optional.ofNullable(e == null ? null : e.info());
    }

    @Override
    public synchronized List<ComponentInfo> list(ComponentKind kind) {
        List<ComponentInfo> out = new ArrayList<>();
        for (Entry e : byName.get(kind).values()) {
            out.add(e.info());
        }
        return out;
    }

    @Override
    public synchronized Optional<String> nameOf(ComponentKind kind, Object component) {
        if (component == null) {
            return Optional.empty();
        }
        if (component instanceof dev.kiln.api.registry.NamedComponent n) {
            Entry e = byName.get(kind).get(key(n.registeredName()));
            return Optional.ofNullable(e == null ? null : e.info().name());
        }
        for (Entry e : byName.get(kind).values()) {
            if (e.info().type() == component.getClass()) {
                return Optional.of(e.info().name());
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, Object> serialize(ComponentKind kind, Object component) {
        String name = nameOf(kind, component).orElseThrow(() -> new InvalidArgumentException(KilnException.message(
                "Cannot serialize " + kind.label() + " " + component + ": its class is not registered.",
                "a registered " + kind.label(), component == null ? "null" : component.getClass().getName(),
                "register the class from a plugin, or pass a registered " + kind.label())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", name);
        out.put("config", component instanceof Configurable c ? c.getConfig() : Map.of());
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T deserialize(ComponentKind kind, Map<String, Object> serialized, Class<T> type) {
        Object name = serialized == null ? null : serialized.get("class_name");
        if (!(name instanceof String)) {
            throw new InvalidArgumentException(KilnException.message("Invalid serialized " + kind.label() + ".",
                    "{\"class_name\": ..., \"config\": {...}}", serialized, null));
        }
        Object cfg = serialized.get("config");
        return create(kind, (String) name, cfg instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(), type);
    }
}
