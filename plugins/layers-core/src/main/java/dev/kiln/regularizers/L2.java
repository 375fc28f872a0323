package dev.kiln.regularizers;

import dev.kiln.api.registry.Configs;
import java.util.Map;

/**
 * {@code l2 * sum(x^2)} (Keras default l2 = 0.01).
 *
 * <pre>{@code
 * Regularizer r = new L2(1e-4);
 * }</pre>
 */
public final class L2 extends L1L2 {
    public L2(double l2) { super(0, l2); }

    public L2() { this(0.01); }

    public L2(Map<String, Object> config) { this(Configs.number(config, "l2", 0.01)); }

    @Override
    public Map<String, Object> getConfig() { return Map.of("l2", l2()); }
}
