package dev.kiln.layers;

import java.util.Map;

/**
 * Average pooling over 2-D windows, as Keras's {@code AveragePooling2D}: each output is the mean of a
 * {@code pool_size} window, moved by {@code strides} (default: the pool size). With {@code "same"} padding the padded
 * positions are left out of the mean, as Keras does.
 *
 * <pre>{@code
 * Tensor x = Input.of(26, 26, 32);
 * Tensor p = new AveragePooling2D(2).apply(x);                                      // (None, 13, 13, 32)
 * }</pre>
 */
public final class AveragePooling2D extends Pooling2D {
    /** A square window of {@code poolSize}, strides equal to it, no padding. */
    public AveragePooling2D(int poolSize) { this(new int[] {poolSize, poolSize}, null, "valid", "channels_last"); }

    /**
     * @param strides    {@code null} for the pool size
     * @param padding    {@code "valid"} or {@code "same"}
     * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
     */
    public AveragePooling2D(int[] poolSize, int[] strides, String padding, String dataFormat) {
        super(poolSize, strides, padding, dataFormat);
    }

    /** From a config written by {@link #getConfig()} (Keras's keys). */
    public AveragePooling2D(Map<String, Object> config) { super(config); }

    /** The registered factory: the same as {@link #AveragePooling2D(Map)}. */
    public static AveragePooling2D fromConfig(Map<String, Object> config) { return new AveragePooling2D(config); }

    @Override
    String onnxOp() { return "AveragePool"; }

    @Override
    void addAttributes(Map<String, Object> attrs) { attrs.put("count_include_pad", 0L); }
}
