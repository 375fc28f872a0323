package dev.kiln.data;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.data.ArrayDataSource;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.data.IndexedDataSource;
import dev.kiln.api.data.NamedTensors;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Data sources for the shapes Keras users pass to {@code fit}: in-memory arrays by position or by name (NumPy
 * arrays and dicts of them), a stream of batches ({@code tf.data.Dataset}), and batches fetched by index
 * ({@code keras.utils.Sequence} / {@code PyDataset}). Array batching is the api's {@link ArrayDataSource}.
 *
 * <pre>{@code
 * DataSource train = Datasets.fromArrays(Map.of("digits", x), Map.of("predictions", y), 64);
 * DataSource stream = Datasets.fromIterator(() -> readBatches(), DataSource.UNKNOWN);
 * IndexedDataSource files = Datasets.fromIndexed(100, i -> loadBatch(i));
 * model.fit(files, Fit.options().epochs(5));
 * }</pre>
 */
public final class Datasets {
    /** The batch size Keras uses when none is given. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private Datasets() {}

    /** Arrays by input and output name ({@code y} may be {@code null}), in batches of 32. */
    public static ArrayDataSource fromArrays(Map<String, Tensor> x, Map<String, Tensor> y) { return fromArrays(x, y, DEFAULT_BATCH_SIZE); }

    /** Arrays by input and output name ({@code y} may be {@code null}), cut into batches of {@code batchSize}. */
    public static ArrayDataSource fromArrays(Map<String, Tensor> x, Map<String, Tensor> y, int batchSize) {
        requireNonNull(x, "fromArrays needs the inputs x", "a map from input name to tensor");
        return ArrayDataSource.of(NamedTensors.of(x), y == null ? null : NamedTensors.of(y), null).batchSize(batchSize);
    }

    /** Arrays by position ({@code y} may be {@code null}), in batches of 32. */
    public static ArrayDataSource fromArrays(List<Tensor> x, List<Tensor> y) { return fromArrays(x, y, DEFAULT_BATCH_SIZE); }

    /** Arrays by position ({@code y} may be {@code null}), cut into batches of {@code batchSize}. */
    public static ArrayDataSource fromArrays(List<Tensor> x, List<Tensor> y, int batchSize) {
        requireNonNull(x, "fromArrays needs the inputs x", "a list of tensors");
        return ArrayDataSource.of(NamedTensors.of(x), y == null ? null : NamedTensors.of(y), null).batchSize(batchSize);
    }

    /** One input and one target array ({@code y} may be {@code null}), cut into batches of {@code batchSize}. */
    public static ArrayDataSource fromArrays(Tensor x, Tensor y, int batchSize) {
        requireNonNull(x, "fromArrays needs the inputs x", "a tensor");
        return ArrayDataSource.of(NamedTensors.of(x), y == null ? null : NamedTensors.of(y), null).batchSize(batchSize);
    }

    /**
     * A stream of batches (the {@code tf.data} case): every pass calls {@code passes} for a fresh iterator.
     *
     * @param cardinality batches per pass, or {@link DataSource#UNKNOWN} or {@link DataSource#INFINITE} (then
     *                    {@code fit} needs {@code stepsPerEpoch})
     */
    public static DataSource fromIterator(Supplier<? extends Iterator<Batch>> passes, long cardinality) {
        requireNonNull(passes, "fromIterator needs a supplier of iterators", "a Supplier<Iterator<Batch>>");
        if (cardinality < 0 && cardinality != DataSource.UNKNOWN && cardinality != DataSource.INFINITE) {
            throw new InvalidArgumentException(KilnException.message("Invalid cardinality for a streaming data source.",
                    "a batch count >= 0, DataSource.UNKNOWN (-1) or DataSource.INFINITE (-2)", cardinality, null));
        }
        return new DataSource() {
            @Override
            public Iterator<Batch> iterator() {
                Iterator<Batch> it = passes.get();
                if (it == null) {
                    throw new InvalidArgumentException(KilnException.message("The iterator supplier of a streaming data source returned null.",
                            "an Iterator<Batch>", "null", "return a fresh iterator for every pass"));
                }
                return it;
            }

            @Override
            public long cardinality() { return cardinality; }

            @Override
            public String toString() { return "DataSource(stream, cardinality " + cardinality + ")"; }
        };
    }

    /**
     * {@code size} batches fetched by index (the {@code Sequence} case). {@code get} must be safe to call from
     * several threads, since {@code fit} may load batches on parallel workers.
     */
    public static IndexedDataSource fromIndexed(int size, IntFunction<Batch> get) {
        requireNonNull(get, "fromIndexed needs a function from batch index to batch", "an IntFunction<Batch>");
        if (size < 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid size for an indexed data source.", "a batch count >= 0", size, null));
        }
        return new IndexedDataSource() {
            @Override
            public int size() { return size; }

            @Override
            public Batch get(int index) {
                if (index < 0 || index >= size) {
                    throw new InvalidArgumentException(KilnException.message("Batch index out of range.", "an index in [0, " + size + ")", index, null));
                }
                Batch b = get.apply(index);
                if (b == null) {
                    throw new InvalidArgumentException(KilnException.message("Indexed data source returned no batch for index " + index + ".",
                            "a Batch", "null", "return a batch for every index in [0, size)"));
                }
                return b;
            }

            @Override
            public String toString() { return "IndexedDataSource(" + size + " batches)"; }
        };
    }

    private static void requireNonNull(Object o, String what, String expected) {
        if (o == null) {
            throw new InvalidArgumentException(KilnException.message(what + ".", expected, "null", null));
        }
    }
}
