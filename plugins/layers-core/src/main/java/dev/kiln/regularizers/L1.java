package dev.kiln.regularizers;

import dev.kiln.api.registry.Configs;
import java.util.Map;

/**
 * {@code l1 * sum(|x|)}, as Keras's {@code L1} (default l1 = 0.01).
 *
 * <pre>{@code
 * Dense d = new Dense(64).kernelRegularizer(new L1(1e-4));
 * double p = new L1().apply(Tensor.of(new float[] {1, -2}, 2)).item();   // 0.03
 * }</pre>
 */
public final class L1 extends L1L2 {
    /** Keras's default factor 0.01. */
    public L1() { this(0.01); }

    public L1(double l1) { super(l1, 0.0); }

    /** From a config with key {@code l1} (default 0.01). */
    public static L1 fromConfig(Map<String, Object> config) { return new L1(Configs.number(config, "l1", 0.01)); }

    @Override
    public Map<String, Object> getConfig() { return new java.util.LinkedHashMap<>(Map.of("l1", l1())); }
}
