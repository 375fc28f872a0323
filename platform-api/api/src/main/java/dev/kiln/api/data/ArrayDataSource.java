package dev.kiln.api.data;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * In-memory arrays (inputs, targets, optional sample weights) cut into batches, as Keras does with NumPy arrays.
 * {@code Model.fit(x, y, ...)} wraps its arguments in one; {@code fit} shuffles samples each epoch and takes
 * {@code validationSplit} from the end of the arrays before shuffling.
 *
 * <pre>{@code
 * ArrayDataSource data = ArrayDataSource.of(NamedTensors.of(xTrain), NamedTensors.of(yTrain), null).batchSize(64);
 * ArrayDataSource[] trainVal = data.split(0.2);        // the last 20% become validation data
 * }</pre>
 */
public final class ArrayDataSource implements IndexedDataSource {
    private final NamedTensors x;
    private final NamedTensors y;
    private final NamedTensors sampleWeight;
    private final int samples;
    private final int batchSize;

    private ArrayDataSource(NamedTensors x, NamedTensors y, NamedTensors sampleWeight, int batchSize) {
        this.x = x;
        this.y = y;
        this.sampleWeight = sampleWeight;
        this.samples = checkCardinality(x, y, sampleWeight);
        this.batchSize = batchSize;
    }

    /** Arrays whose first dimension indexes samples; {@code y} and {@code sampleWeight} may be {@code null}. */
    public static ArrayDataSource of(NamedTensors x, NamedTensors y, NamedTensors sampleWeight) {
        if (x == null || x.size() == 0) {
            throw new InvalidArgumentException(KilnException.message("No input data.", "at least one input array",
                    x == null ? "null" : "an empty list", "pass the model's inputs as x"));
        }
        return new ArrayDataSource(x, y, sampleWeight, 32);
    }

    private static int checkCardinality(NamedTensors x, NamedTensors y, NamedTensors sw) {
        List<String> parts = new ArrayList<>();
        long n = -1;
        boolean mismatch = false;
        for (NamedTensors g : new NamedTensors[] {x, y, sw}) {
            if (g == null) {
                continue;
            }
            for (Tensor t : g.tensors()) {
                if (t.isSymbolic() || t.shape().rank() == 0) {
                    throw new InvalidArgumentException(KilnException.message("Data arrays must have a sample dimension.",
                            "arrays of rank >= 1 with values", t.isSymbolic() ? "a symbolic tensor" : "a scalar", "pass real data"));
                }
                int d = t.shape().dim(0);
                if (n >= 0 && d != n) {
                    mismatch = true;
                }
                n = n < 0 ? d : n;
            }
        }
        if (mismatch) {
            describe("x", x, parts);
            describe("y", y, parts);
            describe("sample_weight", sw, parts);
            throw new InvalidArgumentException(KilnException.message(
                    "Data cardinality is ambiguous: make sure all arrays contain the same number of samples.",
                    "the same first dimension in x, y and sample_weight", String.join(", ", parts),
                    "pass arrays of equal length"));
        }
        return (int) n;
    }

    private static void describe(String label, NamedTensors g, List<String> out) {
        if (g == null) {
            return;
        }
        List<String> sizes = new ArrayList<>();
        for (Tensor t : g.tensors()) {
            sizes.add(Integer.toString(t.shape().dim(0)));
        }
        out.add("'" + label + "' sizes: " + String.join(", ", sizes));
    }

    /** The same arrays, cut into batches of {@code size}. */
    public ArrayDataSource batchSize(int size) {
        if (size <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid batch size.", "a positive integer", size, null));
        }
        return new ArrayDataSource(x, y, sampleWeight, size);
    }

    public int batchSize() { return batchSize; }

    /** Number of samples. */
    public int numSamples() { return samples; }

    public NamedTensors x() { return x; }

    public NamedTensors y() { return y; }

    public NamedTensors sampleWeight() { return sampleWeight; }

    /**
     * Splits off the last {@code fraction} of the samples, as Keras's {@code validation_split}:
     * {@code [training, validation]}.
     */
    public ArrayDataSource[] split(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new InvalidArgumentException(KilnException.message("Invalid validation split.",
                    "a fraction strictly between 0 and 1", fraction, "pass e.g. validationSplit(0.2)"));
        }
        int cut = (int) Math.floor(samples * (1 - fraction));
        if (cut <= 0 || cut >= samples) {
            throw new InvalidArgumentException(KilnException.message("The validation split leaves an empty part.",
                    "at least one training and one validation sample", samples + " samples split at " + fraction,
                    "use more data or another fraction"));
        }
        return new ArrayDataSource[] {slice(0, cut), slice(cut, samples)};
    }

    /** Samples {@code [from, to)}. */
    public ArrayDataSource slice(int from, int to) {
        return new ArrayDataSource(sliceAll(x, from, to), sliceAll(y, from, to), sliceAll(sampleWeight, from, to), batchSize);
    }

    private static NamedTensors sliceAll(NamedTensors g, int from, int to) {
        if (g == null) {
            return null;
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : g.tensors()) {
            out.add(t.slice(0, from, to));
        }
        return g.withTensors(out);
    }

    /** The samples at {@code indices}, as one batch. */
    public Batch gather(int[] indices) {
        Tensor idx = Tensor.of(indices, indices.length);
        return new Batch(gatherAll(x, idx), gatherAll(y, idx), gatherAll(sampleWeight, idx));
    }

    private static NamedTensors gatherAll(NamedTensors g, Tensor idx) {
        if (g == null) {
            return null;
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : g.tensors()) {
            out.add(t.gather(idx, 0));
        }
        return g.withTensors(out);
    }

    @Override
    public int size() { return (samples + batchSize - 1) / batchSize; }

    @Override
    public Batch get(int index) {
        if (index < 0 || index >= size()) {
            throw new InvalidArgumentException(KilnException.message("Batch index out of range.", "[0, " + size() + ")", index, null));
        }
        int from = index * batchSize;
        int to = Math.min(samples, from + batchSize);
        // consecutive samples: a slice, which a backend may hand out as rows of the data without copying them
        return new Batch(sliceAll(x, from, to), sliceAll(y, from, to), sliceAll(sampleWeight, from, to));
    }
}
