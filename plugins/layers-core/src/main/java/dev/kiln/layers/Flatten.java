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
 * Flattens each sample to one dimension: {@code (batch, d1, d2, ...)} becomes {@code (batch, d1*d2*...)}; the batch
 * dimension is kept. With {@code data_format = "channels_first"} samples are first moved to channels-last order, as
 * Keras does, so weights trained either way line up.
 *
 * <pre>{@code
 * Tensor flat = new Flatten().apply(Input.of(28, 28, 1));   // (None, 784)
 * }</pre>
 */
public final class Flatten extends Layer {
    private final String dataFormat;

    public Flatten() { this("channels_last"); }

    /** {@code "channels_last"} (default) or {@code "channels_first"}. */
    public Flatten(String dataFormat) { this.dataFormat = checkFormat(dataFormat); }

    /** From a config with key {@code data_format} (default channels_last). */
    public Flatten(Map<String, Object> config) {
        super(config);
        this.dataFormat = checkFormat(Configs.string(config, "data_format", "channels_last"));
    }

    /** The registered factory: the same as {@link #Flatten(Map)}. */
    public static Flatten fromConfig(Map<String, Object> config) { return new Flatten(config); }

    private static String checkFormat(String f) {
        if (!"channels_last".equals(f) && !"channels_first".equals(f)) {
            throw new InvalidArgumentException(KilnException.message("Invalid data_format for Flatten.",
                    "channels_last or channels_first", f, null));
        }
        return f;
    }

    public String dataFormat() { return dataFormat; }

    @Override
    protected void build(Shape inputShape) {
        if (inputShape.rank() < 1) {
            throw new InvalidArgumentException(KilnException.message("Flatten `" + name() + "` needs a batch dimension.",
                    "an input of rank >= 1", inputShape, null));
        }
    }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        int rank = input.shape().rank();
        Tensor x = input;
        if (dataFormat.equals("channels_first") && rank > 2) {
            int[] perm = new int[rank];
            for (int i = 1; i < rank - 1; i++) {
                perm[i] = i + 1;
            }
            perm[rank - 1] = 1;
            x = x.transpose(perm);
        }
        long n = 1;
        for (int i = 1; i < rank; i++) {
            n *= input.shape().dim(i);
        }
        return x.reshape(input.shape().dim(0), (int) n);
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        Shape s = inputShapes.get(0);
        int n = 1;
        for (int i = 1; i < s.rank(); i++) {
            if (s.dim(i) == Shape.UNKNOWN) {
                return Shape.of(s.dim(0), Shape.UNKNOWN);
            }
            n = Math.multiplyExact(n, s.dim(i));
        }
        return Shape.of(s.dim(0), n);
    }

    /** {@code data_format}, plus name, trainable, dtype. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", dataFormat);
        return c;
    }
}
