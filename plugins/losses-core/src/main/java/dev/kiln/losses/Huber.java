package dev.kiln.losses;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Huber loss: quadratic for errors up to {@code delta}, linear beyond.
 *
 * <pre>{@code
 * Loss robust = new Huber(0.5);
 * }</pre>
 */
public final class Huber extends Loss {
    private final double delta;

    public Huber() { this(1.0); }

    public Huber(double delta) {
        super("huber_loss", Reduction.SUM_OVER_BATCH_SIZE);
        this.delta = check(delta);
    }

    public Huber(Map<String, Object> c) {
        super(c, "huber_loss");
        this.delta = check(Configs.number(c, "delta", 1.0));
    }

    private static double check(double d) {
        if (!(d > 0)) {
            throw new InvalidArgumentException(KilnException.message("Invalid delta for Huber.", "a positive number", d, null));
        }
        return d;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor err = yPred.sub(LossMath.matchShape(name(), yTrue, yPred)).abs();
        Tensor quadratic = err.minimum(delta);
        Tensor linear = err.sub(quadratic);
        return quadratic.square().mul(0.5).add(linear.mul(delta)).mean(-1, false);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("delta", delta);
        return c;
    }
}
