package dev.kiln.api.registry;

import java.util.Map;

/**
 * Builds a component from its config (see {@link Configurable#getConfig()}).
 *
 * <pre>{@code
 * ComponentFactory<Loss> f = cfg -> new MeanSquaredError(Configs.string(cfg, "reduction", "sum_over_batch_size"));
 * }</pre>
 *
 * @param <T> the component type
 */
@FunctionalInterface
public interface ComponentFactory<T> {
    T create(Map<String, Object> config);
}
