package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import java.util.List;
import java.util.Map;

/**
 * Adds several inputs of the same shape element-wise (a residual connection).
 *
 * <pre>{@code
 * Tensor residual = new Add().apply(x, new Dense(64).apply(x));
 * }</pre>
 */
public final class Add extends Layer {
    public Add() {}

    public Add(Map<String, Object> config) { super(config); }

    @Override
    protected void build(List<Shape> inputShapes) { computeOutputShape(inputShapes); }

    @Override
    protected Tensor call(List<Tensor> inputs, CallContext ctx) {
        Tensor sum = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            sum = sum.add(inputs.get(i));
        }
        return sum;
    }

    @Override
    public Shape computeOutputShape(List<Shape> shapes) {
        if (shapes.size() < 2) {
            throw new InvalidArgumentException(KilnException.message("Add `" + name() + "` needs at least two inputs.",
                    "2 or more tensors", shapes.size(), null));
        }
        for (Shape s : shapes) {
            if (!s.isCompatibleWith(shapes.get(0))) {
                throw new ShapeMismatchException(KilnException.message("Add `" + name() + "` got inputs of different shapes.",
                        "equal shapes", shapes, "make the branches produce the same shape"));
            }
        }
        return shapes.get(0);
    }
}
