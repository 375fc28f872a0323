package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.Configs;
import java.util.List;
import java.util.Map;

/**
 * Joins several inputs along {@code axis} (default the last); other dimensions must match.
 *
 * <pre>{@code
 * Tensor merged = new Concatenate().apply(titleFeatures, bodyFeatures);
 * }</pre>
 */
public final class Concatenate extends Layer {
    private final int axis;

    public Concatenate() { this(-1); }

    public Concatenate(int axis) { this.axis = axis; }

    public Concatenate(Map<String, Object> config) {
        super(config);
        this.axis = Configs.integer(config, "axis", -1);
    }

    @Override
    protected void build(List<Shape> inputShapes) { computeOutputShape(inputShapes); }

    @Override
    protected Tensor call(List<Tensor> inputs, CallContext ctx) {
        return Tensor.concat(axis, inputs.toArray(new Tensor[0]));
    }

    @Override
    public Shape computeOutputShape(List<Shape> shapes) {
        if (shapes.size() < 2) {
            throw new InvalidArgumentException(KilnException.message("Concatenate `" + name() + "` needs at least two inputs.",
                    "2 or more tensors", shapes.size(), null));
        }
        Shape first = shapes.get(0);
        int a = first.normalizeAxis(axis);
        int total = 0;
        for (Shape s : shapes) {
            boolean ok = s.rank() == first.rank();
            for (int i = 0; ok && i < s.rank(); i++) {
                ok = i == a || s.dim(i) == first.dim(i) || s.dim(i) == Shape.UNKNOWN || first.dim(i) == Shape.UNKNOWN;
            }
            if (!ok) {
                throw new ShapeMismatchException(KilnException.message("Concatenate `" + name() + "` got inputs whose shapes differ "
                        + "off the concatenation axis.", "matching shapes except on axis " + axis, shapes, null));
            }
            total = s.dim(a) == Shape.UNKNOWN || total == Shape.UNKNOWN ? Shape.UNKNOWN : total + s.dim(a);
        }
        return first.withDim(a, total);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }
}
