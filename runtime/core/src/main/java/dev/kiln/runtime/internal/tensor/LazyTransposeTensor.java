package dev.kiln.runtime.internal.tensor;

import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.Shape;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.TensorScope;
import java.util.function.Function;

/**
 * The output of a Transpose, computed the first time it is read. Channels-last layers wrap each ONNX Conv and
 * MaxPool in transposes to NCHW and back; the next layer's transpose undoes the previous one and is skipped (see
 * {@link EagerTensor#transposedFrom()}), so the NHWC tensor between two such layers, forward and backward, is usually
 * never read: on W2 that saves four transposes of up to 11 MB per step.
 *
 * <p>The array, once computed, belongs to the scope that was open when the Transpose ran, as if it had run then; if
 * that scope or the source has been freed first, the tensor reads as freed.
 */
public final class LazyTransposeTensor extends EagerTensor {
    private EagerTensor source;
    private final DType dtype;
    private final TensorScope scope;
    private final Function<BackendArray, BackendArray> transpose;
    private boolean closed;

    /**
     * @param shape     the transposed shape
     * @param source    what is transposed (never a variable: its value could change before this is read)
     * @param transpose runs the Transpose on the source's array
     */
    public LazyTransposeTensor(Shape shape, EagerTensor source, Function<BackendArray, BackendArray> transpose) {
        super(shape);
        this.source = source;
        this.dtype = source.dtype();
        this.scope = TensorScope.current();
        this.transpose = transpose;
    }

    /** Whether the values have been computed. */
    public boolean isComputed() { return array != null; }

    @Override
    public BackendArray array() {
        if (array == null) {
            if (!isLive()) {
                throw new IllegalStateKilnException("This tensor " + shape() + " was freed. Expected a live tensor. Received: a "
                        + "tensor created inside a training step (or closed) and used after it ended. To fix: copy values out "
                        + "with toFloatArray()/item(), or keep results as Variables.");
            }
            BackendArray a = transpose.apply(source.array());
            if (scope != null) {
                scope.own(a);
            }
            array = a;
            source = null;
        }
        return super.array();
    }

    @Override
    public boolean isLive() {
        if (array != null) {
            return super.isLive();
        }
        return !closed && source != null && source.isLive() && (scope == null || scope.isOpen());
    }

    @Override
    public DType dtype() { return array != null ? super.dtype() : dtype; }

    @Override
    public void close() {
        closed = true;
        source = null;
        super.close();
    }

    @Override
    public String toString() {
        if (!isLive()) {
            return "Tensor(freed, shape=" + shape() + ")";
        }
        array(); // printing reads the values
        return super.toString();
    }
}
