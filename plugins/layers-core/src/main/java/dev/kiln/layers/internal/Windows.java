package dev.kiln.layers.internal;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import java.util.List;
import java.util.Map;

/**
 * The arguments shared by the sliding-window layers (convolution and pooling): Keras's {@code (int or pair)}
 * tuples, {@code padding} and {@code data_format}, the output length rule, and the ONNX attributes they map to.
 * Internal to the plugin.
 *
 * <pre>{@code
 * int[] k = Windows.pair("kernel_size", 3);                   // {3, 3}
 * int out = Windows.outputLength(28, 3, 1, 1, "valid");       // 26
 * }</pre>
 */
public final class Windows {
    private Windows() {}

    /** A pair from an int (used for both axes), an {@code int[2]} or a list of two integers; each must be positive. */
    public static int[] pair(String key, Object value) {
        int[] p;
        if (value instanceof Number n) {
            p = new int[] {n.intValue(), n.intValue()};
        } else if (value instanceof int[] a) {
            p = a.clone();
        } else if (value instanceof List<?> l && l.stream().allMatch(Number.class::isInstance)) {
            p = l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        } else {
            throw new InvalidArgumentException(KilnException.message("Invalid `" + key + "`.",
                    "an integer or a pair of integers", value, null));
        }
        if (p.length != 2 || p[0] <= 0 || p[1] <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid `" + key + "`.",
                    "a positive integer or a pair of positive integers", java.util.Arrays.toString(p),
                    "pass e.g. " + key + "=3 or (3, 3)"));
        }
        return p;
    }

    /** A pair from a config key, or the default. */
    public static int[] pair(Map<String, Object> config, String key, int[] dflt) {
        Object v = config.get(key);
        return v == null ? dflt : pair(key, v);
    }

    /** {@code "valid"} or {@code "same"}, case-insensitive, as Keras. */
    public static String padding(String padding) {
        String p = padding == null ? "" : padding.toLowerCase(java.util.Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same")) {
            throw new InvalidArgumentException(KilnException.message("Invalid `padding`.", "\"valid\" or \"same\"", padding, null));
        }
        return p;
    }

    /** {@code "channels_last"} (Keras's default, NHWC) or {@code "channels_first"} (NCHW). */
    public static String dataFormat(String format) {
        if (!"channels_last".equals(format) && !"channels_first".equals(format)) {
            throw new InvalidArgumentException(KilnException.message("Invalid `data_format`.", "channels_last or channels_first",
                    format, null));
        }
        return format;
    }

    /** Output length along one axis ({@code UNKNOWN} stays unknown), as Keras's {@code conv_output_length}. */
    public static int outputLength(int in, int kernel, int stride, int dilation, String padding) {
        if (in == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        if (padding.equals("same")) {
            return (in + stride - 1) / stride;
        }
        int extent = (kernel - 1) * dilation + 1;
        return in < extent ? 0 : (in - extent) / stride + 1;
    }

    /** The ONNX attributes of a 2-D window: kernel_shape, strides, auto_pad and, when given, dilations. */
    public static Map<String, Object> onnxAttributes(int[] kernel, int[] strides, int[] dilations, String padding) {
        Map<String, Object> a = new java.util.HashMap<>();
        a.put("kernel_shape", new long[] {kernel[0], kernel[1]});
        a.put("strides", new long[] {strides[0], strides[1]});
        // Keras's "same" puts the odd pixel at the end, which is ONNX's SAME_UPPER.
        a.put("auto_pad", padding.equals("same") ? "SAME_UPPER" : "VALID");
        if (dilations != null) {
            a.put("dilations", new long[] {dilations[0], dilations[1]});
        }
        return a;
    }

    /** Checks a 4-D input (batch + 2 spatial + channels) and returns its (height, width, channels) in that order. */
    public static int[] spatial(Shape input, String dataFormat, String layer) {
        if (input.rank() != 4) {
            throw new InvalidArgumentException(KilnException.message("Input 0 of layer `" + layer + "` is incompatible with the layer: "
                    + "expected ndim=4, found ndim=" + input.rank() + ".", dataFormat.equals("channels_last")
                    ? "(batch, height, width, channels)" : "(batch, channels, height, width)", input,
                    "reshape the input to 4 dimensions, e.g. images of (28, 28) to (28, 28, 1)"));
        }
        return dataFormat.equals("channels_last")
                ? new int[] {input.dim(1), input.dim(2), input.dim(3)}
                : new int[] {input.dim(2), input.dim(3), input.dim(1)};
    }

    /** The output shape of a 2-D window layer with {@code channels} output channels. */
    public static Shape outputShape(Shape input, String dataFormat, int h, int w, int channels) {
        return dataFormat.equals("channels_last") ? Shape.of(input.dim(0), h, w, channels) : Shape.of(input.dim(0), channels, h, w);
    }
}
