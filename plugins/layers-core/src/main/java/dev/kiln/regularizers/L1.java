package dev.kiln.regularizers;

import dev.kiln.api.registry.Configs;
import java.util.Map;

/**
 * {@code l1 * sum(|x|)} (Keras default l1 = 0.01).
 *
 * <pre>{@code
 * Regularizer r = new L1(0.001);
 * }</pre>
 */
public final class L1 extends L1L2 {
    public L1(double l1) { super(l1, 0); }

    public L1() { this(0.01); }

    public L1(Map<String, Object> config) { this(Configs.number(config, "l1", 0.01)); }

    @Override
    public Map<String, Object> getConfig() { return Map.of("l1", l1()); }
}
