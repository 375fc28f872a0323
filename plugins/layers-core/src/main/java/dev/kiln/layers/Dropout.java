package dev.kiln.layers;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.Configs;
import dev.kiln.layers.internal.Specs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Inverted dropout, as Keras: while training ({@link CallContext#training()}), zeroes each input with probability
 * {@code rate} and scales the others by {@code 1 / (1 - rate)}; at inference it passes inputs through unchanged.
 * Masks come from Kiln's seeded generator ({@code Kiln.setSeed}); a layer given its own {@code seed} draws from a
 * generator of its own instead, so its masks do not depend on other random draws. A {@code noiseShape} (entries
 * -1 taken from the input) shares one mask entry along the axes where it is 1.
 *
 * <pre>{@code
 * Tensor h = new Dropout(0.5).apply(new Dense(64, "relu").apply(x));
 * Dropout perChannel = new Dropout(0.2, 1337).noiseShape(-1, 1, -1);   // one mask per (sample, channel)
 * }</pre>
 */
public final class Dropout extends Layer {
    private final double rate;
    private final Long seed;
    private int[] noiseShape;
    private SplittableRandom generator;

    /** Drops a fraction {@code rate} in {@code [0, 1)} of the inputs while training. */
    public Dropout(double rate) { this(rate, null); }

    /** With a seed of its own. */
    public Dropout(double rate, long seed) { this(rate, Long.valueOf(seed)); }

    private Dropout(double rate, Long seed) {
        this.rate = checkRate(rate);
        this.seed = seed;
    }

    /** From a config with keys {@code rate}, {@code seed} (may be null) and {@code noise_shape} (may be null). */
    public Dropout(Map<String, Object> config) {
        super(config);
        this.rate = checkRate(Configs.number(config, "rate", Double.NaN));
        Object s = config.get("seed");
        if (s != null && !(s instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
            throw new InvalidArgumentException(KilnException.message("Invalid value for config key `seed`.", "an integer or null", s, null));
        }
        this.seed = s == null ? null : ((Number) s).longValue();
        Object ns = config.get("noise_shape");
        if (ns != null) {
            if (!(ns instanceof List<?> l)) {
                throw new InvalidArgumentException(KilnException.message("Invalid value for config key `noise_shape`.",
                        "a list of integers (null for an input dimension) or null", ns, null));
            }
            int[] d = new int[l.size()];
            for (int i = 0; i < d.length; i++) {
                Object v = l.get(i);
                if (v != null && !(v instanceof Number)) {
                    throw new InvalidArgumentException(KilnException.message("Invalid value for config key `noise_shape`.",
                            "a list of integers (null for an input dimension)", ns, null));
                }
                d[i] = v == null ? -1 : ((Number) v).intValue();
            }
            noiseShape(d);
        }
    }

    /** The registered factory: the same as {@link #Dropout(Map)}. */
    public static Dropout fromConfig(Map<String, Object> config) { return new Dropout(config); }

    private static double checkRate(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new InvalidArgumentException(KilnException.message("Invalid value received for argument `rate`.",
                    "a float value between 0 and 1 (0 included, 1 excluded)", "rate=" + rate,
                    "pass the fraction of inputs to drop, e.g. new Dropout(0.5)"));
        }
        return rate;
    }

    /**
     * The shape of the mask, batch dimension included; -1 takes the input's dimension, 1 shares the mask along
     * that axis (Keras's {@code noise_shape}).
     */
    public Dropout noiseShape(int... shape) {
        Specs.requireUnbuilt(this, "noise_shape");
        if (shape != null) {
            for (int d : shape) {
                if (d < -1 || d == 0) {
                    throw new InvalidArgumentException(KilnException.message("Invalid noise_shape for Dropout.",
                            "positive sizes or -1 (the input's dimension)", Arrays.toString(shape), null));
                }
            }
        }
        this.noiseShape = shape == null ? null : shape.clone();
        return this;
    }

    public double rate() { return rate; }

    /** The layer's own seed, or {@code null} when it draws from Kiln's global generator. */
    public Long seed() { return seed; }

    /** The mask shape, or {@code null} for the input's shape. */
    public int[] noiseShape() { return noiseShape == null ? null : noiseShape.clone(); }

    private Shape maskShape(Shape in) {
        if (noiseShape == null) {
            return in;
        }
        boolean ok = noiseShape.length == in.rank();
        int[] d = in.dims();
        for (int i = 0; ok && i < d.length; i++) {
            if (noiseShape[i] != -1) {
                ok = noiseShape[i] == 1 || d[i] == Shape.UNKNOWN || noiseShape[i] == d[i];
                d[i] = noiseShape[i];
            }
        }
        if (!ok) {
            throw new ShapeMismatchException(KilnException.message("The noise_shape of Dropout `" + name()
                    + "` does not broadcast to the input.", "a shape of rank " + in.rank() + " whose entries are -1, 1 or the input's",
                    "noise_shape=" + Arrays.toString(noiseShape) + ", input shape " + in, "fix the noise shape"));
        }
        return Shape.of(d);
    }

    @Override
    protected void build(Shape inputShape) { maskShape(inputShape); }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        if (!ctx.training() || rate == 0) {
            return input;
        }
        DType ft = input.dtype().isFloating() ? input.dtype() : dtype();
        Tensor x = input.cast(ft);
        Shape ms = maskShape(x.shape());
        Tensor uniform = seed == null ? Tensor.randomUniform(ms, 0, 1, ft) : ownUniform(ms, ft);
        Tensor keep = uniform.greaterEqual(Tensor.scalar(rate, ft)).cast(ft).div(1 - rate);
        return x.mul(keep);
    }

    private Tensor ownUniform(Shape shape, DType ft) {
        long n = shape.size();
        if (n > Integer.MAX_VALUE) {
            throw new InvalidArgumentException(KilnException.message("Dropout mask too large.", "at most " + Integer.MAX_VALUE
                    + " elements", n, "use a noise shape or smaller batches"));
        }
        SplittableRandom g;
        synchronized (this) {
            if (generator == null) {
                generator = new SplittableRandom(seed);
            }
            g = generator.split();
        }
        if (ft == DType.FLOAT64) {
            double[] u = new double[(int) n];
            for (int i = 0; i < u.length; i++) {
                u[i] = g.nextDouble();
            }
            return Tensor.of(u, shape.dims());
        }
        float[] u = new float[(int) n];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) g.nextDouble();
        }
        return Tensor.of(u, shape.dims());
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) { return inputShapes.get(0); }

    /** {@code rate}, {@code seed} (null without one), {@code noise_shape} (null for the input's; null entries for -1). */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", seed);
        List<Integer> ns = null;
        if (noiseShape != null) {
            ns = new ArrayList<>();
            for (int d : noiseShape) {
                ns.add(d == -1 ? null : d);
            }
        }
        c.put("noise_shape", ns);
        return c;
    }
}
