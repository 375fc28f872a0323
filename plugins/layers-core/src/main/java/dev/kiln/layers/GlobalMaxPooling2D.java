package dev.kiln.layers;

import dev.kiln.api.Tensor;
import java.util.Map;

/**
 * The maximum over both spatial axes, as Keras's {@code GlobalMaxPooling2D}: {@code (batch, h, w, channels)} gives
 * {@code (batch, channels)}, or {@code (batch, 1, 1, channels)} with {@code keepdims}.
 *
 * <pre>{@code
 * Tensor v = new GlobalMaxPooling2D().apply(Input.of(7, 7, 64));     // (None, 64)
 * }</pre>
 */
public final class GlobalMaxPooling2D extends GlobalPooling2D {
    public GlobalMaxPooling2D() { this("channels_last", false); }

    /** {@code dataFormat}: {@code "channels_last"} or {@code "channels_first"}; {@code keepDims} keeps 1-sized axes. */
    public GlobalMaxPooling2D(String dataFormat, boolean keepDims) { super(dataFormat, keepDims); }

    /** From a config written by {@link #getConfig()} (Keras's keys). */
    public GlobalMaxPooling2D(Map<String, Object> config) { super(config); }

    /** The registered factory: the same as {@link #GlobalMaxPooling2D(Map)}. */
    public static GlobalMaxPooling2D fromConfig(Map<String, Object> config) { return new GlobalMaxPooling2D(config); }

    @Override
    Tensor reduce(Tensor x, int[] axes, boolean keepDims) { return x.max(axes, keepDims); }
}
