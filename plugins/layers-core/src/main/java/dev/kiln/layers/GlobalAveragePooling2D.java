package dev.kiln.layers;

import dev.kiln.api.Tensor;
import java.util.Map;

/**
 * The mean over both spatial axes, as Keras's {@code GlobalAveragePooling2D}: {@code (batch, h, w, channels)} gives
 * {@code (batch, channels)}, or {@code (batch, 1, 1, channels)} with {@code keepdims}.
 *
 * <pre>{@code
 * Tensor v = new GlobalAveragePooling2D().apply(Input.of(7, 7, 64));     // (None, 64)
 * }</pre>
 */
public final class GlobalAveragePooling2D extends GlobalPooling2D {
    public GlobalAveragePooling2D() { this("channels_last", false); }

    /** {@code dataFormat}: {@code "channels_last"} or {@code "channels_first"}; {@code keepDims} keeps 1-sized axes. */
    public GlobalAveragePooling2D(String dataFormat, boolean keepDims) { super(dataFormat, keepDims); }

    /** From a config written by {@link #getConfig()} (Keras's keys). */
    public GlobalAveragePooling2D(Map<String, Object> config) { super(config); }

    /** The registered factory: the same as {@link #GlobalAveragePooling2D(Map)}. */
    public static GlobalAveragePooling2D fromConfig(Map<String, Object> config) { return new GlobalAveragePooling2D(config); }

    @Override
    Tensor reduce(Tensor x, int[] axes, boolean keepDims) { return x.mean(axes, keepDims); }
}
