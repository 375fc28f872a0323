package dev.kiln.layers;

import java.util.Map;

/**
 * Max pooling over 2-D windows, as Keras's {@code MaxPooling2D}: each output is the largest value of a
 * {@code pool_size} window, moved by {@code strides} (default: the pool size). Input {@code (batch, h, w, channels)}
 * ({@code channels_last}, the default) or {@code (batch, channels, h, w)}.
 *
 * <pre>{@code
 * Tensor x = Input.of(26, 26, 32);
 * Tensor p = new MaxPooling2D(2).apply(x);                                          // (None, 13, 13, 32)
 * Tensor q = new MaxPooling2D(new int[] {3, 3}, new int[] {2, 2}, "same", "channels_last").apply(x); // (None, 13, 13, 32)
 * }</pre>
 */
public final class MaxPooling2D extends Pooling2D {
    /** A square window of {@code poolSize}, strides equal to it, no padding. */
    public MaxPooling2D(int poolSize) { this(new int[] {poolSize, poolSize}, null, "valid", "channels_last"); }

    /**
     * @param strides    {@code null} for the pool size
     * @param padding    {@code "valid"} or {@code "same"}
     * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
     */
    public MaxPooling2D(int[] poolSize, int[] strides, String padding, String dataFormat) {
        super(poolSize, strides, padding, dataFormat);
    }

    /** From a config written by {@link #getConfig()} (Keras's keys). */
    public MaxPooling2D(Map<String, Object> config) { super(config); }

    /** The registered factory: the same as {@link #MaxPooling2D(Map)}. */
    public static MaxPooling2D fromConfig(Map<String, Object> config) { return new MaxPooling2D(config); }

    @Override
    String onnxOp() { return "MaxPool"; }
}
