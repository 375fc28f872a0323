package dev.kiln.backend.nd4j.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.backend.spi.BackendArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A backend array over a c-order ND4J {@link INDArray} that owns its buffer (never a view of another array's
 * buffer). Closing releases the native buffer at once.
 */
public final class Nd4jArray implements BackendArray {
    private final INDArray array;
    private final DType dtype;
    private final int[] shape;
    private volatile boolean closed;

    Nd4jArray(INDArray array) {
        this.array = array;
        this.dtype = dtype(array.dataType());
        long[] s = array.shape();
        this.shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = (int) s[i];
        }
    }

    /** The wrapped array; fails once closed. */
    INDArray array() {
        if (closed) {
            throw new IllegalStateException("This nd4j array was closed; it cannot be used any more.");
        }
        return array;
    }

    static DType dtype(DataType t) {
        return switch (t) {
            case FLOAT -> DType.FLOAT32;
            case DOUBLE -> DType.FLOAT64;
            case INT -> DType.INT32;
            case LONG -> DType.INT64;
            case BOOL -> DType.BOOL;
            default -> throw new InvalidArgumentException("ND4J produced an array of type " + t + ", which Kiln has no dtype for.");
        };
    }

    static DataType nd4j(DType t) {
        return switch (t) {
            case FLOAT32 -> DataType.FLOAT;
            case FLOAT64 -> DataType.DOUBLE;
            case INT32 -> DataType.INT;
            case INT64 -> DataType.LONG;
            case BOOL -> DataType.BOOL;
        };
    }

    @Override
    public DType dtype() { return dtype; }

    @Override
    public int[] shape() { return shape; }

    /** The array as {@code type}, contiguous c-order; {@code temp[0]} is set when a temporary was made. */
    private INDArray as(DataType type, boolean[] temp) {
        INDArray a = array();
        if (a.dataType() == type && !a.isView() && a.ordering() == 'c') {
            return a;
        }
        temp[0] = true;
        INDArray c = a.dataType() == type ? a.dup('c') : a.castTo(type);
        return c.ordering() == 'c' && !c.isView() ? c : c.dup('c');
    }

    @Override
    public float[] toFloatArray() {
        if (size() == 0) {
            return new float[0];
        }
        boolean[] t = new boolean[1];
        INDArray a = as(DataType.FLOAT, t);
        float[] r = new float[(int) a.length()];
        new org.bytedeco.javacpp.FloatPointer(a.data().addressPointer()).get(r);
        if (t[0]) {
            a.close();
        }
        return r;
    }

    @Override
    public double[] toDoubleArray() {
        if (size() == 0) {
            return new double[0];
        }
        boolean[] t = new boolean[1];
        INDArray a = as(DataType.DOUBLE, t);
        double[] r = new double[(int) a.length()];
        new org.bytedeco.javacpp.DoublePointer(a.data().addressPointer()).get(r);
        if (t[0]) {
            a.close();
        }
        return r;
    }

    @Override
    public int[] toIntArray() {
        if (size() == 0) {
            return new int[0];
        }
        if (dtype.isFloating()) {
            // truncation toward zero, as a Java cast does
            double[] d = toDoubleArray();
            int[] r = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                r[i] = (int) d[i];
            }
            return r;
        }
        boolean[] t = new boolean[1];
        INDArray a = as(DataType.INT, t);
        int[] r = new int[(int) a.length()];
        new org.bytedeco.javacpp.IntPointer(a.data().addressPointer()).get(r);
        if (t[0]) {
            a.close();
        }
        return r;
    }

    @Override
    public long[] toLongArray() {
        if (size() == 0) {
            return new long[0];
        }
        if (dtype.isFloating()) {
            double[] d = toDoubleArray();
            long[] r = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                r[i] = (long) d[i];
            }
            return r;
        }
        boolean[] t = new boolean[1];
        INDArray a = as(DataType.LONG, t);
        long[] r = new long[(int) a.length()];
        new org.bytedeco.javacpp.LongPointer(a.data().addressPointer()).get(r);
        if (t[0]) {
            a.close();
        }
        return r;
    }

    @Override
    public boolean[] toBooleanArray() {
        double[] d = toDoubleArray();
        boolean[] r = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = d[i] != 0;
        }
        return r;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (!array.isEmpty() && array.closeable()) {
            array.close();
        }
    }

    @Override
    public boolean isClosed() { return closed; }

    @Override
    public String toString() {
        return "Nd4jArray" + java.util.Arrays.toString(shape) + " " + dtype + (closed ? " (closed)" : "");
    }
}
