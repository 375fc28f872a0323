package dev.kiln.runtime.internal.tensor;

import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.TensorScope;
import dev.kiln.runtime.internal.trace.Recorder;

/** A tensor with values: a backend array plus its cached shape. */
public class EagerTensor implements Tensor {
    protected BackendArray array;
    private Shape shape;

    public EagerTensor(BackendArray array) {
        this.array = array;
        this.shape = Shape.of(array.shape());
    }

    /** A tensor whose array comes later ({@link LazyTransposeTensor}). */
    protected EagerTensor(Shape shape) { this.shape = shape; }

    /** The backend array; fails clearly if the tensor was freed. */
    public BackendArray array() {
        BackendArray a = array;
        if (a == null || a.isClosed()) {
            throw new IllegalStateKilnException("This tensor " + shape + " was freed. Expected a live tensor. Received: a tensor "
                    + "created inside a training step (or closed) and used after it ended. To fix: copy values out with "
                    + "toFloatArray()/item(), or keep results as Variables.");
        }
        return a;
    }

    /** Whether the array is still there (not freed with its scope). */
    public boolean isLive() { return array != null && !array.isClosed(); }

    /** Keeps this tensor alive after the scope it was created in closes. */
    public EagerTensor keep() {
        TensorScope.detach(array());
        return this;
    }

    /** Set on the output of a Transpose: its input and permutation, so that the inverse Transpose can be skipped. */
    private EagerTensor transposedFrom;
    private int[] transposePerm;

    /** Set on the output of a Softmax: its input and (non-negative) axis, for cross-entropy from logits. */
    private EagerTensor softmaxOf;
    private int softmaxAxis;

    /** Records that this tensor is the softmax of {@code logits} over {@code axis} (non-negative). */
    public void markSoftmaxOf(EagerTensor logits, int axis) {
        this.softmaxOf = logits;
        this.softmaxAxis = axis;
    }

    /** The tensor this one is the softmax of over {@code axis} (non-negative), if it is one and that tensor is live; else {@code null}. */
    public EagerTensor softmaxOf(int axis) { return softmaxOf != null && softmaxAxis == axis && softmaxOf.isLive() ? softmaxOf : null; }

    /** Records that this tensor is {@code source} transposed by {@code perm}. */
    public void markTransposeOf(EagerTensor source, int[] perm) {
        this.transposedFrom = source;
        this.transposePerm = perm;
    }

    /** The tensor this one is a transpose of, if it is one; else {@code null}. */
    public EagerTensor transposedFrom() { return transposedFrom; }

    /** The permutation that made this tensor from {@link #transposedFrom()}. */
    public int[] transposePerm() { return transposePerm; }

    /** The array, for Java code to read its values (a compiled step's trace is told). */
    private BackendArray hostValues() {
        BackendArray a = array();
        Recorder r = Recorder.active();
        if (r != null) {
            r.hostRead(this, a);
        }
        return a;
    }

    protected void replace(BackendArray a) {
        this.array = a;
        this.shape = Shape.of(a.shape());
    }

    @Override
    public Shape shape() { return shape; }

    @Override
    public DType dtype() { return array().dtype(); }

    @Override
    public float[] toFloatArray() { return hostValues().toFloatArray(); }

    @Override
    public double[] toDoubleArray() { return hostValues().toDoubleArray(); }

    @Override
    public int[] toIntArray() { return hostValues().toIntArray(); }

    @Override
    public long[] toLongArray() { return hostValues().toLongArray(); }

    @Override
    public boolean[] toBooleanArray() { return hostValues().toBooleanArray(); }

    @Override
    public void close() {
        if (array != null) {
            TensorScope.detach(array);
            array.close();
        }
    }

    @Override
    public String toString() {
        if (array == null || array.isClosed()) {
            return "Tensor(freed, shape=" + shape + ")";
        }
        StringBuilder sb = new StringBuilder("Tensor(shape=").append(shape).append(", dtype=").append(dtype()).append(", values=[");
        double[] v = toDoubleArray();
        int n = Math.min(v.length, 10);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(dtype().isFloating() ? String.format("%.6g", v[i]) : Long.toString((long) v[i]));
        }
        return sb.append(v.length > n ? ", ...])" : "])").toString();
    }
}
