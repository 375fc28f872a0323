package dev.kiln.backend.java.internal;

import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.backend.spi.BackendArray;

/** A row-major array on the heap: float[], double[], int[], long[] or boolean[] by dtype. */
public final class JavaArray implements BackendArray {
    private final DType dtype;
    private final int[] shape;
    private Object data;

    JavaArray(DType dtype, int[] shape, Object data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** Elements of a shape, failing clearly beyond what a Java array holds. */
    static int checkedSize(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new InvalidArgumentException("Invalid array shape: negative dimension " + d + ". Expected sizes >= 0.");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new InvalidArgumentException("Array too large for the java backend: " + java.util.Arrays.toString(shape)
                        + " asks for more than " + (Integer.MAX_VALUE - 8) + " elements, the most a Java array holds. "
                        + "To fix: use smaller batches or a native backend.");
            }
        }
        return (int) n;
    }

    static JavaArray allocate(DType dtype, int[] shape) {
        int n = checkedSize(shape);
        long bytes = (long) n * dtype.byteSize();
        long limit = Runtime.getRuntime().maxMemory();
        if (bytes > limit) {
            throw tooLarge(dtype, shape, bytes, limit);
        }
        try {
            Object d = switch (dtype) {
                case FLOAT32 -> new float[n];
                case FLOAT64 -> new double[n];
                case INT32 -> new int[n];
                case INT64 -> new long[n];
                case BOOL -> new boolean[n];
            };
            return new JavaArray(dtype, shape.clone(), d);
        } catch (OutOfMemoryError e) {
            // One allocation that does not fit: report it as the caller's input, nothing else is lost.
            Runtime r = Runtime.getRuntime();
            throw tooLarge(dtype, shape, bytes, r.maxMemory() - (r.totalMemory() - r.freeMemory()));
        }
    }

    private static InvalidArgumentException tooLarge(DType dtype, int[] shape, long bytes, long limit) {
        return new InvalidArgumentException("Array too large: " + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + bytes
                + " bytes, more than the " + limit + " bytes of heap available (-Xmx). Expected a tensor that fits in memory. "
                + "To fix: use smaller batches or inputs, or raise the heap limit (-Xmx).");
    }

    /** From doubles, converted to {@code dtype}. */
    static JavaArray fromDoubles(DType dtype, int[] shape, double[] v) {
        JavaArray a = allocate(dtype, shape);
        switch (dtype) {
            case FLOAT32 -> {
                float[] f = (float[]) a.data;
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
            }
            case FLOAT64 -> System.arraycopy(v, 0, a.data, 0, v.length);
            case INT32 -> {
                int[] f = (int[]) a.data;
                for (int i = 0; i < v.length; i++) {
                    f[i] = (int) v[i];
                }
            }
            case INT64 -> {
                long[] f = (long[]) a.data;
                for (int i = 0; i < v.length; i++) {
                    f[i] = (long) v[i];
                }
            }
            case BOOL -> {
                boolean[] f = (boolean[]) a.data;
                for (int i = 0; i < v.length; i++) {
                    f[i] = v[i] != 0;
                }
            }
        }
        return a;
    }

    /** From longs, converted to {@code dtype} (integers stay exact; int32 wraps). */
    static JavaArray fromLongs(DType dtype, int[] shape, long[] v) {
        if (dtype == DType.INT64) {
            return new JavaArray(dtype, shape.clone(), v.clone());
        }
        if (dtype == DType.INT32) {
            int[] r = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                r[i] = (int) v[i];
            }
            return new JavaArray(dtype, shape.clone(), r);
        }
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return fromDoubles(dtype, shape, d);
    }

    Object data() {
        Object d = data;
        if (d == null) {
            throw new IllegalStateKilnException("This array was closed. Expected a live array. Received: a closed one. "
                    + "To fix: do not use tensors after their scope ends.");
        }
        return d;
    }

    float[] floats() { return (float[]) data(); }

    double[] doubles() { return (double[]) data(); }

    int length() { return java.lang.reflect.Array.getLength(data()); }

    @Override
    public DType dtype() { return dtype; }

    @Override
    public int[] shape() { return shape; }

    @Override
    public float[] toFloatArray() {
        Object d = data();
        if (d instanceof float[] f) {
            return f.clone();
        }
        double[] v = toDoubleArray();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Override
    public double[] toDoubleArray() {
        Object d = data();
        if (d instanceof double[] a) {
            return a.clone();
        }
        int n = length();
        double[] out = new double[n];
        if (d instanceof float[] a) {
            for (int i = 0; i < n; i++) {
                out[i] = a[i];
            }
        } else if (d instanceof int[] a) {
            for (int i = 0; i < n; i++) {
                out[i] = a[i];
            }
        } else if (d instanceof long[] a) {
            for (int i = 0; i < n; i++) {
                out[i] = a[i];
            }
        } else {
            boolean[] a = (boolean[]) d;
            for (int i = 0; i < n; i++) {
                out[i] = a[i] ? 1 : 0;
            }
        }
        return out;
    }

    @Override
    public int[] toIntArray() {
        Object d = data();
        if (d instanceof int[] a) {
            return a.clone();
        }
        if (d instanceof long[] a) {
            int[] out = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (int) a[i];
            }
            return out;
        }
        double[] v = toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    @Override
    public long[] toLongArray() {
        Object d = data();
        if (d instanceof long[] a) {
            return a.clone();
        }
        if (d instanceof int[] a) {
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        double[] v = toDoubleArray();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (long) v[i];
        }
        return out;
    }

    @Override
    public boolean[] toBooleanArray() {
        Object d = data();
        if (d instanceof boolean[] a) {
            return a.clone();
        }
        double[] v = toDoubleArray();
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] != 0;
        }
        return out;
    }

    @Override
    public void close() { data = null; }

    @Override
    public boolean isClosed() { return data == null; }
}
