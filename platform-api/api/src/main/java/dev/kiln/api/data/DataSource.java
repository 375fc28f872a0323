package dev.kiln.api.data;

import java.util.Iterator;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A stream of batches, as a {@code tf.data.Dataset} is to Keras: {@link #iterator()} starts one pass.
 * A source that knows how many batches a pass has says so in {@link #cardinality()}; an endless one returns
 * {@link #INFINITE} and {@code fit} then needs {@code stepsPerEpoch}.
 *
 * <pre>{@code
 * DataSource stream = new DataSource() {
 *     public Iterator<Batch> iterator() { return readBatchesFromDisk(); }
 * };
 * model.fit(stream, Fit.options().epochs(3));
 * }</pre>
 */
@ConsumerType
public interface DataSource {
    /** Cardinality of a source that does not know its length. */
    long UNKNOWN = -1;
    /** Cardinality of an endless source. */
    long INFINITE = -2;

    /** Batches of one pass over the data. */
    Iterator<Batch> iterator();

    /** Batches per pass, or {@link #UNKNOWN} / {@link #INFINITE}. */
    default long cardinality() { return UNKNOWN; }
}
