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
 * Reshapes each sample to {@code targetShape}, the batch dimension kept (Keras's {@code layers.Reshape}); one entry
 * may be -1 and is then inferred. A target whose size differs from the sample's fails with a
 * {@link ShapeMismatchException}.
 *
 * <pre>{@code
 * Tensor image = new Reshape(28, 28, 1).apply(Input.of(784));   // (None, 28, 28, 1)
 * Tensor rows = new Reshape(-1, 4).apply(Input.of(2, 8));       // (None, 4, 4)
 * }</pre>
 */
public final class Reshape extends Layer {
    private final int[] target;

    /** The shape of one sample after reshaping; positive sizes and at most one -1. */
    public Reshape(int... targetShape) { this.target = check(targetShape); }

    /** From a config with key {@code target_shape}. */
    public Reshape(Map<String, Object> config) {
        super(config);
        this.target = check(Configs.intArray(config, "target_shape", null));
    }

    /** The registered factory: the same as {@link #Reshape(Map)}. */
    public static Reshape fromConfig(Map<String, Object> config) { return new Reshape(config); }

    /** The target sample shape as given (-1 included). */
    public int[] targetShape() { return target.clone(); }

    private static int[] check(int[] t) {
        if (t == null || t.length == 0) {
            throw new InvalidArgumentException(KilnException.message("Reshape needs a target shape.", "a shape such as (28, 28, 1)",
                    t == null ? "none" : "()", "pass e.g. new Reshape(28, 28, 1)"));
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

    private static String fmt(int[] t) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < t.length; i++) {
            sb.append(i > 0 ? ", " : "").append(t[i]);
        }
        return sb.append(t.length == 1 ? ",)" : ")").toString();
    }

    private int[] resolve(Shape in) {
        if (in.rank() < 1) {
            throw new ShapeMismatchException(KilnException.message("Layer `" + name() + "` needs a batch dimension.",
                    "an input of rank >= 1", in, null));
        }
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
            throw new ShapeMismatchException(KilnException.message("The total size of the tensor must be unchanged: layer `"
                    + name() + "` cannot reshape samples of shape " + in.dropFirst() + " (" + size + " elements) into "
                    + fmt(target) + ".", "a target shape with " + size + " elements",
                    "target_shape=" + fmt(target), "choose a target shape with the same number of elements"));
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

    /** {@code target_shape}, plus name, trainable, dtype. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("target_shape", Configs.list(target));
        return c;
    }
}
