package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.layers.internal.Windows;
import java.util.List;
import java.util.Map;

/**
 * The shared work of {@link MaxPooling2D} and {@link AveragePooling2D}: a window of {@code pool_size} moved by
 * {@code strides} (default: the pool size) with {@code "valid"} or {@code "same"} padding, run as the ONNX pooling
 * operator in NCHW order.
 */
abstract class Pooling2D extends Layer {
    private final int[] poolSize;
    private final int[] strides;
    private final String padding;
    private final String dataFormat;

    Pooling2D(int[] poolSize, int[] strides, String padding, String dataFormat) {
        this.poolSize = Windows.pair("pool_size", poolSize);
        this.strides = strides == null ? this.poolSize.clone() : Windows.pair("strides", strides);
        this.padding = Windows.padding(padding);
        this.dataFormat = Windows.dataFormat(dataFormat);
    }

    Pooling2D(Map<String, Object> config) {
        super(config);
        this.poolSize = Windows.pair(config, "pool_size", new int[] {2, 2});
        this.strides = Windows.pair(config, "strides", poolSize.clone());
        this.padding = Windows.padding(Configs.string(config, "padding", "valid"));
        this.dataFormat = Windows.dataFormat(Configs.string(config, "data_format", "channels_last"));
    }

    /** The ONNX operator ({@code MaxPool}, {@code AveragePool}). */
    abstract String onnxOp();

    /** Operator-specific attributes beyond the window. */
    void addAttributes(Map<String, Object> attrs) {}

    public final int[] poolSize() { return poolSize.clone(); }

    public final int[] strides() { return strides.clone(); }

    public final String padding() { return padding; }

    public final String dataFormat() { return dataFormat; }

    @Override
    protected void build(Shape inputShape) { Windows.spatial(inputShape, dataFormat, name()); }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        int[] hwc = Windows.spatial(input.shape(), dataFormat, name());
        if (padding.equals("valid") && (hwc[0] < poolSize[0] || hwc[1] < poolSize[1])) {
            throw new ShapeMismatchException(KilnException.message(getClass().getSimpleName() + " `" + name() + "`: the input is "
                    + "smaller than the pool with padding=\"valid\".", "height >= " + poolSize[0] + " and width >= " + poolSize[1],
                    input.shape(), "use padding=\"same\" or a smaller pool_size"));
        }
        if (!input.dtype().isFloating()) {
            throw new InvalidArgumentException(KilnException.message(getClass().getSimpleName() + " `" + name() + "` needs a "
                    + "floating-point input.", "float32 or float64", input.dtype(), "cast the input, e.g. x.cast(DType.FLOAT32)"));
        }
        boolean last = dataFormat.equals("channels_last");
        Tensor x = last ? input.transpose(0, 3, 1, 2) : input;
        Map<String, Object> attrs = Windows.onnxAttributes(poolSize, strides, null, padding);
        addAttributes(attrs);
        Tensor y = KilnRuntime.get().op(onnxOp(), attrs, x);
        return last ? y.transpose(0, 2, 3, 1) : y;
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        Shape s = inputShapes.get(0);
        int[] hwc = Windows.spatial(s, dataFormat, name());
        int h = Windows.outputLength(hwc[0], poolSize[0], strides[0], 1, padding);
        int w = Windows.outputLength(hwc[1], poolSize[1], strides[1], 1, padding);
        return Windows.outputShape(s, dataFormat, h, w, hwc[2]);
    }

    /** {@code pool_size}, {@code strides}, {@code padding}, {@code data_format}, plus name, trainable, dtype. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("pool_size", Configs.list(poolSize));
        c.put("strides", Configs.list(strides));
        c.put("padding", padding);
        c.put("data_format", dataFormat);
        return c;
    }
}
