package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.Configs;
import java.util.List;
import java.util.Map;

/**
 * Inverted dropout: while training, zeroes each input with probability {@code rate} and scales the rest by
 * {@code 1 / (1 - rate)}; at inference it passes inputs through. Masks come from Kiln's seeded generator.
 *
 * <pre>{@code
 * Tensor h = new Dropout(0.5).apply(new Dense(64, "relu").apply(x));
 * }</pre>
 */
public final class Dropout extends Layer {
    private final double rate;

    public Dropout(double rate) { this.rate = checkRate(rate); }

    public Dropout(Map<String, Object> config) {
        super(config);
        this.rate = checkRate(Configs.number(config, "rate", Double.NaN));
    }

    private static double checkRate(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new InvalidArgumentException(KilnException.message("Invalid dropout rate.", "a number in [0, 1)", rate,
                    "pass the fraction of inputs to drop, e.g. new Dropout(0.5)"));
        }
        return rate;
    }

    public double rate() { return rate; }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        if (!ctx.training() || rate == 0) {
            return input;
        }
        Tensor keep = Tensor.randomUniform(input.shape(), 0, 1, input.dtype().isFloating() ? input.dtype()
                : dev.kiln.api.DType.FLOAT32).greaterEqual(Tensor.scalar(rate, input.dtype())).cast(input.dtype());
        return input.mul(keep).div(1 - rate);
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) { return inputShapes.get(0); }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        return c;
    }
}
