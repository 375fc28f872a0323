package dev.kiln.regularizers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.regularizers.Regularizer;
import dev.kiln.api.registry.Configs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code l1 * sum(|x|) + l2 * sum(x^2)}, as Keras's L1L2; {@link L1} and {@link L2} fix one term.
 *
 * <pre>{@code
 * Dense d = new Dense(64, "relu").kernelRegularizer(new L2(1e-4));
 * }</pre>
 */
public class L1L2 implements Regularizer {
    private final double l1;
    private final double l2;

    public L1L2(double l1, double l2) {
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new InvalidArgumentException(KilnException.message("Invalid regularization factors.", "finite numbers >= 0",
                    "l1=" + l1 + ", l2=" + l2, null));
        }
        this.l1 = l1;
        this.l2 = l2;
    }

    public L1L2(Map<String, Object> config) { this(Configs.number(config, "l1", 0.0), Configs.number(config, "l2", 0.0)); }

    public double l1() { return l1; }

    public double l2() { return l2; }

    @Override
    public Tensor apply(Tensor x) {
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
    public boolean equals(Object o) { return o != null && o.getClass() == getClass() && ((L1L2) o).l1 == l1 && ((L1L2) o).l2 == l2; }

    @Override
    public int hashCode() { return Double.hashCode(l1) * 31 + Double.hashCode(l2); }
}
