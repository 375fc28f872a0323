package dev.kiln.backend.spi;

import dev.kiln.api.DType;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A dense, row-major array owned by a backend. The runtime wraps it in a {@code Tensor}; plugins never see it.
 *
 * <pre>{@code
 * BackendArray a = backend.fromArray(new float[] {1, 2, 3}, new int[] {3}, DType.FLOAT32);
 * float[] back = a.toFloatArray();
 * a.close();
 * }</pre>
 */
@ConsumerType
public interface BackendArray extends AutoCloseable {
    DType dtype();

    /** The dimensions; callers must not modify the returned array. */
    int[] shape();

    /** Number of elements. */
    default long size() {
        long n = 1;
        for (int d : shape()) {
            n *= d;
        }
        return n;
    }

    float[] toFloatArray();

    double[] toDoubleArray();

    int[] toIntArray();

    long[] toLongArray();

    boolean[] toBooleanArray();

    /** Frees the memory; idempotent. */
    @Override
    void close();

    boolean isClosed();
}
