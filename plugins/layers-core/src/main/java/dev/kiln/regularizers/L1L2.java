package dev.kiln.regularizers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.regularizers.Regularizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code l1 * sum(|x|) + l2 * sum(x^2)}, as Keras's {@code L1L2} (defaults 0.0 and 0.0); {@link L1} and {@link L2}
 * keep one term.
 *
 * <pre>{@code
 * Regularizer r = new L1L2(1e-5, 1e-4);
 * Dense d = new Dense(64, "relu").kernelRegularizer(r);
 * }</pre>
 */
public class L1L2 implements Regularizer {
    private final double l1;
    private final double l2;

    /** Both factors 0.0, as Keras. */
    public L1L2() { this(0.0, 0.0); }

    /** Both factors must be finite and non-negative. */
    public L1L2(double l1, double l2) {
        this.l1 = check("l1", l1);
        this.l2 = check("l2", l2);
    }

    static double check(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Invalid value for argument " + name + ".",
                    "a non-negative float", name + "=" + v, "pass a regularization factor such as 0.01"));
        }
        return v;
    }

    /** From a config with keys {@code l1} and {@code l2} (each 0.0 when absent). */
    public static L1L2 fromConfig(Map<String, Object> config) {
        return new L1L2(Configs.number(config, "l1", 0.0), Configs.number(config, "l2", 0.0));
    }

    public final double l1() { return l1; }

    public final double l2() { return l2; }

    @Override
    public final Tensor apply(Tensor x) {
        Tensor penalty = Tensor.scalar(0, x.dtype());
        if (l1 > 0) {
            penalty = penalty.add(x.abs().sum().mul(l1));
        }
        if (l2 > 0) {
            penalty = penalty.add(x.square().sum().mul(l2));
        }
        return penalty;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("l1", l1);
        c.put("l2", l2);
        return c;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((L1L2) o).l1 == l1 && ((L1L2) o).l2 == l2;
    }

    @Override
    public final int hashCode() { return (getClass().hashCode() * 31 + Double.hashCode(l1)) * 31 + Double.hashCode(l2); }

    @Override
    public String toString() { return getClass().getSimpleName() + getConfig(); }
}
