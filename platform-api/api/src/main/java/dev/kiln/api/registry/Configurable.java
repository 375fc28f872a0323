package dev.kiln.api.registry;

import java.util.Map;

/**
 * A component that round-trips through config: {@link #getConfig()} returns its constructor arguments as
 * JSON-compatible values (numbers, strings, booleans, lists, maps), and its registered factory rebuilds it.
 *
 * <pre>{@code
 * Map<String, Object> cfg = new RMSprop(1e-3).getConfig();    // {"learning_rate": 0.001, "rho": 0.9, ...}
 * Optimizer copy = Registry.get().create(ComponentKind.OPTIMIZER, "rmsprop", cfg, Optimizer.class);
 * }</pre>
 */
public interface Configurable {
    /** Constructor arguments as JSON-compatible values, keyed by Keras's snake_case names. */
    default Map<String, Object> getConfig() { return Map.of(); }
}
