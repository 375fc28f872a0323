package dev.kiln.layers;

import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.Configs;
import dev.kiln.layers.internal.Windows;
import java.util.List;
import java.util.Map;

/**
 * The shared work of {@link GlobalAveragePooling2D} and {@link GlobalMaxPooling2D}: one reduction over both spatial
 * axes, giving {@code (batch, channels)}, or {@code (batch, 1, 1, channels)} with {@code keepdims}.
 */
abstract class GlobalPooling2D extends Layer {
    private final String dataFormat;
    private final boolean keepDims;

    GlobalPooling2D(String dataFormat, boolean keepDims) {
        this.dataFormat = Windows.dataFormat(dataFormat);
        this.keepDims = keepDims;
    }

    GlobalPooling2D(Map<String, Object> config) {
        super(config);
        this.dataFormat = Windows.dataFormat(Configs.string(config, "data_format", "channels_last"));
        this.keepDims = Configs.bool(config, "keepdims", false);
    }

    /** Reduces {@code x} over {@code axes}. */
    abstract Tensor reduce(Tensor x, int[] axes, boolean keepDims);

    public final String dataFormat() { return dataFormat; }

    public final boolean keepDims() { return keepDims; }

    private int[] axes() { return dataFormat.equals("channels_last") ? new int[] {1, 2} : new int[] {2, 3}; }

    @Override
    protected void build(Shape inputShape) { Windows.spatial(inputShape, dataFormat, name()); }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        Windows.spatial(input.shape(), dataFormat, name());
        return reduce(input, axes(), keepDims);
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        Shape s = inputShapes.get(0);
        int c = Windows.spatial(s, dataFormat, name())[2];
        if (!keepDims) {
            return Shape.of(s.dim(0), c);
        }
        return Windows.outputShape(s, dataFormat, 1, 1, c);
    }

    /** {@code data_format}, {@code keepdims}, plus name, trainable, dtype. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", dataFormat);
        c.put("keepdims", keepDims);
        return c;
    }
}
