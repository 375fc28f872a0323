package dev.kiln.layers;

import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import java.util.List;
import java.util.Map;

/**
 * Flattens each sample to one dimension: {@code (batch, d1, d2, ...)} → {@code (batch, d1*d2*...)}.
 *
 * <pre>{@code
 * Tensor flat = new Flatten().apply(Input.of(28, 28, 1));   // (None, 784)
 * }</pre>
 */
public final class Flatten extends Layer {
    public Flatten() {}

    public Flatten(Map<String, Object> config) { super(config); }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        return input.reshape(input.shape().rank() == 0 ? 1 : input.shape().dim(0), -1);
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        Shape s = inputShapes.get(0);
        int n = 1;
        for (int i = 1; i < s.rank(); i++) {
            if (s.dim(i) == Shape.UNKNOWN) {
                return Shape.of(s.dim(0), Shape.UNKNOWN);
            }
            n *= s.dim(i);
        }
        return Shape.of(s.dim(0), n);
    }
}
