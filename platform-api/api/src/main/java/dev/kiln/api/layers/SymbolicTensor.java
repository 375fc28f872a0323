package dev.kiln.api.layers;

import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import java.util.List;

/**
 * A placeholder in a functional model graph: the output of a layer applied to an {@link Input} (Keras's
 * {@code KerasTensor}). It has a shape and dtype but no values; {@code Model.of(inputs, outputs)} turns the
 * graph into a model.
 *
 * <pre>{@code
 * Input x = Input.of(784);
 * Tensor h = new Dense(64, "relu").apply(x);     // a SymbolicTensor of shape (None, 64)
 * assert h.isSymbolic();
 * }</pre>
 */
public class SymbolicTensor implements Tensor {
    private final Shape shape;
    private final DType dtype;
    private final Layer producer;
    private final List<Tensor> inputs;

    /** The output of {@code producer} applied to {@code inputs}. */
    public SymbolicTensor(Shape shape, DType dtype, Layer producer, List<Tensor> inputs) {
        this.shape = shape;
        this.dtype = dtype;
        this.producer = producer;
        this.inputs = List.copyOf(inputs);
    }

    /** The layer that produced this tensor; {@code null} for an {@link Input}. */
    public Layer producer() { return producer; }

    /** The tensors the producer was applied to. */
    public List<Tensor> inputs() { return inputs; }

    @Override
    public Shape shape() { return shape; }

    @Override
    public DType dtype() { return dtype; }

    @Override
    public boolean isSymbolic() { return true; }

    /** A short label for messages. */
    public String describe() { return (producer == null ? "input" : "output of layer `" + producer.name() + "`") + " " + shape; }

    private IllegalStateKilnException noValues() {
        return new IllegalStateKilnException("A symbolic tensor (" + describe() + ") has no values. Expected an eager tensor. "
                + "Received: a placeholder of a functional model graph. To fix: build a model with Model.of(inputs, outputs) "
                + "and call model.predict(...) on data.");
    }

    @Override
    public float[] toFloatArray() { throw noValues(); }

    @Override
    public double[] toDoubleArray() { throw noValues(); }

    @Override
    public int[] toIntArray() { throw noValues(); }

    @Override
    public long[] toLongArray() { throw noValues(); }

    @Override
    public boolean[] toBooleanArray() { throw noValues(); }

    @Override
    public void close() {
        // nothing to free
    }

    @Override
    public String toString() { return "SymbolicTensor[" + describe() + ", " + dtype + "]"; }
}
