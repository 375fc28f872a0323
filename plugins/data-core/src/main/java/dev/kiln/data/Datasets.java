package dev.kiln.data;

import dev.kiln.api.data.ArrayDataSource;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.data.IndexedDataSource;
import dev.kiln.api.data.NamedTensors;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Data sources for the shapes Keras users pass: in-memory arrays by position or by name, a stream of batches
 * ({@code tf.data}), and an indexable collection of batches ({@code Sequence}).
 *
 * <pre>{@code
 * DataSource train = Datasets.fromArrays(Map.of("digits", x), Map.of("predictions", y), 64);
 * DataSource stream = Datasets.fromIterator(() -> readBatches(), DataSource.UNKNOWN);
 * IndexedDataSource files = Datasets.fromIndexed(100, i -> loadBatch(i));
 * }</pre>
 */
public final class Datasets {
    private Datasets() {}

    /** Arrays by input and output name, cut into batches. */
    public static ArrayDataSource fromArrays(Map<String, Tensor> x, Map<String, Tensor> y, int batchSize) {
        return ArrayDataSource.of(NamedTensors.of(x), y == null ? null : NamedTensors.of(y), null).batchSize(batchSize);
    }

    /** Arrays by position, cut into batches. */
    public static ArrayDataSource fromArrays(List<Tensor> x, List<Tensor> y, int batchSize) {
        return ArrayDataSource.of(NamedTensors.of(x), y == null ? null : NamedTensors.of(y), null).batchSize(batchSize);
    }

    /** A stream: each pass calls {@code passes} for a fresh iterator. */
    public static DataSource fromIterator(Supplier<Iterator<Batch>> passes, long cardinality) {
        if (passes == null) {
            throw new InvalidArgumentException(KilnException.message("fromIterator needs a supplier of iterators.", "a Supplier", "null", null));
        }
        return new DataSource() {
            @Override
            public Iterator<Batch> iterator() { return passes.get(); }

            @Override
            public long cardinality() { return cardinality; }
        };
    }

    /** {@code size} batches fetched by index (thread-safe {@code get} lets fit load them in parallel). */
    public static IndexedDataSource fromIndexed(int size, IntFunction<Batch> get) {
        if (size < 0 || get == null) {
            throw new InvalidArgumentException(KilnException.message("fromIndexed needs a size >= 0 and a function.",
                    "size >= 0 and a function", "size " + size + (get == null ? ", null function" : ""), null));
        }
        return new IndexedDataSource() {
            @Override
            public int size() { return size; }

            @Override
            public Batch get(int index) { return get.apply(index); }
        };
    }
}
