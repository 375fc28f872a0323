package dev.kiln.api.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source whose batches can be fetched by index, as Keras's {@code Sequence} / {@code PyDataset}: {@code fit}
 * can shuffle the batch order and load batches on parallel workers. {@link #get} must be safe to call from
 * several threads. Tensors {@code get} creates belong to the training step that uses the batch and are freed after
 * it, whichever thread loaded it; data to reuse across calls is kept as Java arrays, or as tensors made outside
 * {@code get}.
 *
 * <pre>{@code
 * IndexedDataSource files = new IndexedDataSource() {
 *     public int size() { return fileCount; }
 *     public Batch get(int index) { return loadFile(index); }
 * };
 * model.fit(files, Fit.options().epochs(5).workers(2));
 * }</pre>
 */
@ConsumerType
public interface IndexedDataSource extends DataSource {
    /** Number of batches. */
    int size();

    /** Batch {@code index}, in {@code [0, size())}. */
    Batch get(int index);

    /** Called after each epoch (e.g. to reshuffle files). */
    default void onEpochEnd() {}

    @Override
    default long cardinality() { return size(); }

    @Override
    default Iterator<Batch> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() { return next < size(); }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }
}
