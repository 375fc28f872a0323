package dev.kiln.api.models;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Input;
import dev.kiln.api.layers.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain stack of layers, each with one input and one output.
 *
 * <pre>{@code
 * Sequential model = new Sequential(Input.of(784),
 *         new Dense(64, "relu"), new Dense(64, "relu"), new Dense(10, "softmax"));
 * model.add(new Dropout(0.1));
 * }</pre>
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    private Input input;

    /** A stack whose input shape is known when it first sees data. */
    public Sequential(Layer... layers) { this(null, layers); }

    /** A stack with a declared input (shapes are checked and {@code summary()} works before training). */
    public Sequential(Input input, Layer... layers) {
        this.input = input;
        for (Layer l : layers) {
            add(l);
        }
    }

    /** Appends a layer. */
    public final Sequential add(Layer layer) {
        if (layer == null) {
            throw new InvalidArgumentException(KilnException.message("Sequential.add got null.", "a Layer", "null", null));
        }
        if (layer == this) {
            throw new InvalidArgumentException("A Sequential model cannot contain itself.");
        }
        stack.add(layer);
        if (input != null) {
            Tensor t = input;
            for (Layer l : stack) {
                t = l.apply(t);
            }
            ensureBuilt(List.of(input.shape()));
        }
        return this;
    }

    /** The layers, in order. */
    public final List<Layer> stack() { return List.copyOf(stack); }

    /** The declared input, or {@code null}. */
    public final Input input() { return input; }

    @Override
    public List<String> inputNames() { return List.of(input != null ? input.name() : "input_1"); }

    @Override
    public List<String> outputNames() { return List.of(stack.isEmpty() ? "output_1" : stack.get(stack.size() - 1).name()); }

    @Override
    public List<Shape> inputShapes() { return input != null ? List.of(input.shape()) : super.inputShapes(); }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        if (stack.isEmpty()) {
            throw new InvalidArgumentException(KilnException.message("Sequential model `" + name() + "` has no layers.",
                    "at least one layer", "none", "add layers with add(...)"));
        }
        Tensor t = x;
        for (Layer l : stack) {
            t = l.apply(t);
        }
        return t;
    }

    @Override
    public List<Layer> layers() { return List.copyOf(stack); }

    @Override
    public String toString() { return "Sequential(" + name() + ", " + Arrays.toString(stack.toArray()) + ")"; }
}
