package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.activations.Activation;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.layers.internal.Specs;
import dev.kiln.layers.internal.Windows;
import java.util.List;
import java.util.Map;

/**
 * 2-D convolution over images: {@code activation(conv(input, kernel) + bias)}, as Keras's {@code Conv2D}. Input is
 * {@code (batch, height, width, channels)} (Keras's default {@code channels_last}) or, with
 * {@code dataFormat("channels_first")}, {@code (batch, channels, height, width)}. The kernel has Keras's layout
 * {@code (kernel_h, kernel_w, channels / groups, filters)} so weights move between Kiln and Keras unchanged; it starts
 * Glorot-uniform and the bias zeros. The layer runs the ONNX {@code Conv} operator, so it trains on every backend
 * with convolution kernels and exports as one node.
 *
 * <pre>{@code
 * Tensor x = Input.of(28, 28, 1);
 * Tensor h = new Conv2D(32, 3, "relu").apply(x);                                  // (None, 26, 26, 32)
 * Tensor s = new Conv2D(64, 3).padding("same").strides(2).apply(h);               // (None, 13, 13, 64)
 * }</pre>
 */
public final class Conv2D extends KernelLayer<Conv2D> {
    private final int filters;
    private final int[] kernelSize;
    private final Activation activation;
    private int[] strides = {1, 1};
    private String padding = "valid";
    private String dataFormat = "channels_last";
    private int[] dilationRate = {1, 1};
    private int groups = 1;

    /** Built-in activations that act element by element, so the layout they see does not matter. */
    private static final java.util.Set<String> ELEMENT_WISE = java.util.Set.of("linear", "relu", "sigmoid", "tanh", "elu", "selu",
            "gelu", "swish", "silu", "softplus", "softsign", "hard_sigmoid", "exponential", "relu6", "leaky_relu", "mish");

    private String activationName() {
        return activation instanceof dev.kiln.activations.Activations.Named n ? n.name() : "";
    }

    /** A linear convolution with {@code filters} output channels and a square kernel. */
    public Conv2D(int filters, int kernelSize) { this(filters, new int[] {kernelSize, kernelSize}, (Activation) null); }

    /** With an activation by Keras name ({@code "relu"}); {@code null} or {@code ""} means linear. */
    public Conv2D(int filters, int kernelSize, String activation) {
        this(filters, new int[] {kernelSize, kernelSize}, Specs.activation(activation));
    }

    /** A kernel of {@code (height, width)} and an activation function ({@code null} means linear). */
    public Conv2D(int filters, int[] kernelSize, Activation activation) {
        this.filters = checkFilters(filters);
        this.kernelSize = Windows.pair("kernel_size", kernelSize);
        this.activation = Specs.activation(activation);
    }

    /** From a config written by {@link #getConfig()} (Keras's keys). */
    public Conv2D(Map<String, Object> config) {
        super(config);
        this.filters = checkFilters(Configs.integer(config, "filters", 0));
        if (config.get("kernel_size") == null) {
            throw new InvalidArgumentException(KilnException.message("Conv2D config has no `kernel_size`.",
                    "an integer or a pair", "none", "add \"kernel_size\": 3"));
        }
        this.kernelSize = Windows.pair("kernel_size", config.get("kernel_size"));
        this.activation = Specs.activation(config.get("activation"));
        this.strides = Windows.pair(config, "strides", strides);
        this.padding = Windows.padding(Configs.string(config, "padding", padding));
        this.dataFormat = Windows.dataFormat(Configs.string(config, "data_format", dataFormat));
        this.dilationRate = Windows.pair(config, "dilation_rate", dilationRate);
        this.groups = checkGroups(Configs.integer(config, "groups", 1));
        readKernelConfig(config);
        checkStridesAndDilation();
    }

    /** The registered factory: the same as {@link #Conv2D(Map)}. */
    public static Conv2D fromConfig(Map<String, Object> config) { return new Conv2D(config); }

    private static int checkFilters(int filters) {
        if (filters <= 0) {
            throw new InvalidArgumentException(KilnException.message("Received an invalid value for `filters`.",
                    "a positive integer", "filters=" + filters, "pass the number of output channels, e.g. new Conv2D(32, 3)"));
        }
        return filters;
    }

    private int checkGroups(int g) {
        if (g <= 0 || filters % g != 0) {
            throw new InvalidArgumentException(KilnException.message("Received an invalid value for `groups`.",
                    "a positive integer that divides filters=" + filters, "groups=" + g, null));
        }
        return g;
    }

    private void checkStridesAndDilation() {
        // Keras: strides > 1 cannot be combined with a dilation rate > 1.
        if ((strides[0] > 1 || strides[1] > 1) && (dilationRate[0] > 1 || dilationRate[1] > 1)) {
            throw new InvalidArgumentException(KilnException.message("Conv2D `" + name() + "`: strides > 1 are not compatible "
                    + "with dilation_rate > 1.", "strides of 1 or a dilation_rate of 1",
                    "strides=" + java.util.Arrays.toString(strides) + ", dilation_rate=" + java.util.Arrays.toString(dilationRate),
                    "use one of the two"));
        }
    }

    /** Step of the window; an int is used for both axes (default 1). */
    public Conv2D strides(int... s) {
        Specs.requireUnbuilt(this, "strides");
        this.strides = Windows.pair("strides", s.length == 1 ? new int[] {s[0], s[0]} : s);
        checkStridesAndDilation();
        return this;
    }

    /** {@code "valid"} (default: no padding) or {@code "same"} (output size = ceil(input / stride)). */
    public Conv2D padding(String p) {
        Specs.requireUnbuilt(this, "padding");
        this.padding = Windows.padding(p);
        return this;
    }

    /** {@code "channels_last"} (default) or {@code "channels_first"}. */
    public Conv2D dataFormat(String f) {
        Specs.requireUnbuilt(this, "data_format");
        this.dataFormat = Windows.dataFormat(f);
        return this;
    }

    /** Spacing of the kernel taps (atrous convolution); an int is used for both axes (default 1). */
    public Conv2D dilationRate(int... d) {
        Specs.requireUnbuilt(this, "dilation_rate");
        this.dilationRate = Windows.pair("dilation_rate", d.length == 1 ? new int[] {d[0], d[0]} : d);
        checkStridesAndDilation();
        return this;
    }

    /** Splits channels into groups convolved separately; must divide both input channels and filters (default 1). */
    public Conv2D groups(int g) {
        Specs.requireUnbuilt(this, "groups");
        this.groups = checkGroups(g);
        return this;
    }


    public int filters() { return filters; }

    public int[] kernelSize() { return kernelSize.clone(); }

    public int[] strides() { return strides.clone(); }

    public String padding() { return padding; }

    public String dataFormat() { return dataFormat; }

    public int[] dilationRate() { return dilationRate.clone(); }

    public int groups() { return groups; }

    public Activation activation() { return activation; }


    @Override
    protected void build(Shape inputShape) {
        int channels = Windows.spatial(inputShape, dataFormat, name())[2];
        if (channels == Shape.UNKNOWN) {
            throw new ShapeMismatchException(KilnException.message("The channel dimension of the input to Conv2D `" + name()
                    + "` should be defined.", "a known number of channels", inputShape, "give the input a known channel count"));
        }
        if (channels % groups != 0) {
            throw new ShapeMismatchException(KilnException.message("Conv2D `" + name() + "`: the number of input channels must be "
                    + "divisible by groups.", "channels divisible by groups=" + groups, inputShape, null));
        }
        addKernelAndBias(Shape.of(kernelSize[0], kernelSize[1], channels / groups, filters), filters);
    }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        Variable kernel = kernel();
        Variable bias = bias();
        int[] hwc = Windows.spatial(input.shape(), dataFormat, name());
        int channels = kernel.shape().dim(2) * groups;
        if (hwc[2] != channels) {
            throw new ShapeMismatchException(KilnException.message("Input 0 of layer `" + name() + "` is incompatible with the layer: "
                    + "expected " + channels + " channels.", channels + " channels", input.shape(),
                    "pass inputs with " + channels + " channels"));
        }
        int extentH = (kernelSize[0] - 1) * dilationRate[0] + 1;
        int extentW = (kernelSize[1] - 1) * dilationRate[1] + 1;
        if (padding.equals("valid") && (hwc[0] < extentH || hwc[1] < extentW)) {
            throw new ShapeMismatchException(KilnException.message("Conv2D `" + name() + "`: the input is smaller than the kernel "
                    + "with padding=\"valid\".", "height >= " + extentH + " and width >= " + extentW, input.shape(),
                    "use padding(\"same\") or a larger input"));
        }
        Tensor x = input.dtype() == kernel.dtype() ? input : input.cast(kernel.dtype());
        boolean last = dataFormat.equals("channels_last");
        if (last) {
            x = x.transpose(0, 3, 1, 2);
        }
        Map<String, Object> attrs = Windows.onnxAttributes(kernelSize, strides, dilationRate, padding);
        attrs.put("group", (long) groups);
        Tensor w = kernel.transpose(3, 2, 0, 1); // Keras (kh, kw, in, out) -> ONNX (out, in, kh, kw)
        Tensor y = bias == null ? KilnRuntime.get().op("Conv", attrs, x, w) : KilnRuntime.get().op("Conv", attrs, x, w, bias);
        if (!last) {
            return activation.apply(y);
        }
        if (ELEMENT_WISE.contains(activationName())) {
            // Before the transpose back, so that a following channels-last layer's transpose to NCHW cancels against
            // it (the runtime skips a transpose of a transpose that restores the order).
            return activation.apply(y).transpose(0, 2, 3, 1);
        }
        return activation.apply(y.transpose(0, 2, 3, 1)); // softmax and custom activations see channels last
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        Shape s = inputShapes.get(0);
        int[] hwc = Windows.spatial(s, dataFormat, name());
        int h = Windows.outputLength(hwc[0], kernelSize[0], strides[0], dilationRate[0], padding);
        int w = Windows.outputLength(hwc[1], kernelSize[1], strides[1], dilationRate[1], padding);
        return Windows.outputShape(s, dataFormat, h, w, filters);
    }

    /**
     * {@code filters}, {@code kernel_size}, {@code strides}, {@code padding}, {@code data_format},
     * {@code dilation_rate}, {@code groups}, {@code activation}, {@code use_bias}, initializers and regularizers, plus
     * name, trainable, dtype.
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("kernel_size", Configs.list(kernelSize));
        c.put("strides", Configs.list(strides));
        c.put("padding", padding);
        c.put("data_format", dataFormat);
        c.put("dilation_rate", Configs.list(dilationRate));
        c.put("groups", groups);
        c.put("activation", Specs.write(ComponentKind.ACTIVATION, activation));
        writeKernelConfig(c);
        return c;
    }
}
