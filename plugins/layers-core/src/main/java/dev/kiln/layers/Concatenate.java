package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Joins its inputs along {@code axis} (default -1, the last; Keras's {@code layers.Concatenate}). All inputs must have
 * the same rank and the same dimensions except on that axis; otherwise a {@link ShapeMismatchException} names them.
 *
 * <pre>{@code
 * Tensor merged = new Concatenate().apply(titleFeatures, bodyFeatures);     // (None, 64) + (None, 32) -> (None, 96)
 * Tensor stacked = new Concatenate(1).apply(a, b);
 * }</pre>
 */
public final class Concatenate extends Layer {
    private final int axis;

    /** Along the last axis. */
    public Concatenate() { this(-1); }

    /** Along {@code axis}; negative counts from the end. */
    public Concatenate(int axis) { this.axis = axis; }

    /** From a config with key {@code axis} (default -1). */
    public Concatenate(Map<String, Object> config) {
        super(config);
        this.axis = Configs.integer(config, "axis", -1);
    }

    /** The registered factory: the same as {@link #Concatenate(Map)}. */
    public static Concatenate fromConfig(Map<String, Object> config) { return new Concatenate(config); }

    public int axis() { return axis; }

    @Override
    protected void build(List<Shape> inputShapes) { computeOutputShape(inputShapes); }

    @Override
    protected Tensor call(List<Tensor> inputs, CallContext ctx) {
        List<Shape> shapes = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            shapes.add(t.shape());
        }
        computeOutputShape(shapes);
        if (inputs.size() == 1) {
            return inputs.get(0);
        }
        return Tensor.concat(shapes.get(0).normalizeAxis(axis), inputs.toArray(new Tensor[0]));
    }

    /** Checks the input shapes and joins them; an unknown size on the axis makes the result's unknown. */
    @Override
    public Shape computeOutputShape(List<Shape> shapes) {
        if (shapes.isEmpty()) {
            throw new InvalidArgumentException(KilnException.message("A `Concatenate` layer should be called on a list of at least "
                    + "1 input.", "1 or more tensors", "0 inputs", null));
        }
        Shape first = shapes.get(0);
        if (first.rank() == 0 || axis >= first.rank() || axis < -first.rank()) {
            throw new ShapeMismatchException(KilnException.message("Concatenate `" + name() + "` cannot join along axis " + axis
                    + " inputs of rank " + first.rank() + ".", "an axis in [" + (-first.rank()) + ", " + first.rank() + ")",
                    "input_shape=" + shapes, "choose an axis the inputs have"));
        }
        int a = first.normalizeAxis(axis);
        int[] out = first.dims();
        out[a] = 0;
        for (Shape s : shapes) {
            boolean ok = s.rank() == first.rank();
            for (int i = 0; ok && i < s.rank(); i++) {
                if (i == a) {
                    continue;
                }
                if (out[i] == Shape.UNKNOWN) {
                    out[i] = s.dim(i);
                } else {
                    ok = s.dim(i) == Shape.UNKNOWN || s.dim(i) == out[i];
                }
            }
            if (!ok) {
                throw new ShapeMismatchException(KilnException.message("A `Concatenate` layer requires inputs with matching shapes "
                        + "except for the concatenation axis.", "shapes equal except on axis " + axis, "input_shape=" + shapes,
                        "make the inputs agree on every other axis, or concatenate along another axis"));
            }
            out[a] = s.dim(a) == Shape.UNKNOWN || out[a] == Shape.UNKNOWN ? Shape.UNKNOWN : Math.addExact(out[a], s.dim(a));
        }
        return Shape.of(out);
    }

    /** {@code axis}, plus name, trainable, dtype. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }
}
