package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds its inputs element-wise (Keras's {@code layers.Add}), e.g. for a residual connection. All inputs must have
 * the same shape; otherwise a {@link ShapeMismatchException} names them.
 *
 * <pre>{@code
 * Tensor h = new Dense(64, "relu").apply(x);
 * Tensor residual = new Add().apply(x, new Dense(64).apply(h));
 * }</pre>
 */
public final class Add extends Layer {
    public Add() {}

    /** From a config (name, trainable, dtype only). */
    public Add(Map<String, Object> config) { super(config); }

    /** The registered factory: the same as {@link #Add(Map)}. */
    public static Add fromConfig(Map<String, Object> config) { return new Add(config); }

    @Override
    protected void build(List<Shape> inputShapes) { computeOutputShape(inputShapes); }

    @Override
    protected Tensor call(List<Tensor> inputs, CallContext ctx) {
        List<Shape> shapes = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            shapes.add(t.shape());
        }
        computeOutputShape(shapes);
        Tensor sum = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            Tensor t = inputs.get(i);
            sum = sum.add(t.dtype() == sum.dtype() ? t : t.cast(sum.dtype()));
        }
        return sum;
    }

    /** Checks that the shapes agree; unknown dimensions take a known size from another input. */
    @Override
    public Shape computeOutputShape(List<Shape> shapes) {
        if (shapes.isEmpty()) {
            throw new InvalidArgumentException(KilnException.message("A merge layer should be called on a list of at least 1 input.",
                    "1 or more tensors", "0 inputs", null));
        }
        int[] out = shapes.get(0).dims();
        for (Shape s : shapes) {
            boolean ok = s.rank() == out.length;
            for (int i = 0; ok && i < out.length; i++) {
                if (out[i] == Shape.UNKNOWN) {
                    out[i] = s.dim(i);
                } else {
                    ok = s.dim(i) == Shape.UNKNOWN || s.dim(i) == out[i];
                }
            }
            if (!ok) {
                throw new ShapeMismatchException(KilnException.message("Inputs of layer `" + name() + "` (Add) have incompatible shapes.",
                        "all inputs of the same shape", "input_shape=" + shapes, "make the branches produce the same shape"));
            }
        }
        return Shape.of(out);
    }
}
