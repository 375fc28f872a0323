package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.Configs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reshapes each sample to {@code targetShape} (the batch dimension is kept); one entry may be -1.
 *
 * <pre>{@code
 * Tensor image = new Reshape(28, 28, 1).apply(Input.of(784));   // (None, 28, 28, 1)
 * }</pre>
 */
public final class Reshape extends Layer {
    private final int[] target;

    public Reshape(int... targetShape) { this.target = check(targetShape); }

    public Reshape(Map<String, Object> config) {
        super(config);
        this.target = check(Configs.intArray(config, "target_shape", null));
    }

    private static int[] check(int[] t) {
        if (t == null || t.length == 0) {
            throw new InvalidArgumentException(KilnException.message("Reshape needs a target shape.", "e.g. new Reshape(28, 28, 1)",
                    t == null ? "none" : "()", null));
        }
        int unknown = 0;
        for (int d : t) {
            if (d == -1) {
                unknown++;
            } else if (d <= 0) {
                throw new InvalidArgumentException(KilnException.message("Invalid target shape for Reshape.",
                        "positive sizes and at most one -1", Arrays.toString(t), null));
            }
        }
        if (unknown > 1) {
            throw new InvalidArgumentException(KilnException.message("Invalid target shape for Reshape.", "at most one -1",
                    Arrays.toString(t), null));
        }
        return t.clone();
    }

    private int[] resolve(Shape in) {
        long size = 1;
        for (int i = 1; i < in.rank(); i++) {
            size *= in.dim(i);
        }
        long known = 1;
        int free = -1;
        int[] out = target.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                free = i;
            } else {
                known *= out[i];
            }
        }
        if (free >= 0 && size % known == 0) {
            out[free] = (int) (size / known);
            known = size;
        }
        if (known != size) {
            throw new ShapeMismatchException(KilnException.message("Layer `" + name() + "` cannot reshape samples of shape "
                    + in.dropFirst() + " into " + Arrays.toString(target) + ".", "a target with " + size + " elements",
                    Arrays.toString(target), "choose a target shape with the same number of elements"));
        }
        return out;
    }

    @Override
    protected void build(Shape inputShape) {
        if (inputShape.dropFirst().isFullyDefined()) {
            resolve(inputShape);
        }
    }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        int[] t = resolve(input.shape());
        int[] full = new int[t.length + 1];
        full[0] = input.shape().dim(0);
        System.arraycopy(t, 0, full, 1, t.length);
        return input.reshape(full);
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        Shape in = inputShapes.get(0);
        return in.dropFirst().isFullyDefined() ? Shape.of(resolve(in)).prepend(in.dim(0)) : Shape.of(target).prepend(in.dim(0));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("target_shape", Configs.list(target));
        return c;
    }
}
