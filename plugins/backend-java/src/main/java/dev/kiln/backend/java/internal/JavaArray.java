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
    /** Whether the buffer came from the pool (holds old values). */
    private boolean reused;
    /** How many open arrays hold this buffer, once a {@link #view} shares it; null while this array alone does. */
    private java.util.concurrent.atomic.AtomicInteger holders;
    /**
     * A {@link #rows} window: this array's elements are {@code data[offset, offset + size)} of a longer buffer, until the
     * first {@link #data} call copies them into a buffer of their own. {@link #base} reads the window in place.
     */
    private volatile boolean window;
    private int offset;

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

    /** A zero-filled array (a closed array's buffer when one of this size is free on this thread). */
    static JavaArray allocate(DType dtype, int[] shape) {
        JavaArray a = allocateDirty(dtype, shape);
        if (a.reused) {
            switch (dtype) {
                case FLOAT32 -> java.util.Arrays.fill((float[]) a.data, 0f);
                case FLOAT64 -> java.util.Arrays.fill((double[]) a.data, 0d);
                case INT32 -> java.util.Arrays.fill((int[]) a.data, 0);
                case INT64 -> java.util.Arrays.fill((long[]) a.data, 0L);
                case BOOL -> java.util.Arrays.fill((boolean[]) a.data, false);
            }
        }
        return a;
    }

    /**
     * An array whose contents are unspecified: for kernels that write every element. In a training loop the same
     * shapes come back every step, so the buffers the last step's scope freed are taken again, neither allocated nor
     * zeroed.
     */
    static JavaArray allocateDirty(DType dtype, int[] shape) {
        int n = checkedSize(shape);
        Object pooled = BufferPool.take(dtype, n);
        if (pooled != null) {
            JavaArray a = new JavaArray(dtype, shape.clone(), pooled);
            a.reused = true;
            return a;
        }
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
        return window ? ownCopy() : d;
    }

    /**
     * Rows {@code [from, to)} along axis 0, on this array's buffer: a batch of a dataset. Kernels that can read a
     * window in place (the matrix products and Gather, through {@link #region}) copy nothing; any other read
     * ({@link #data}) first copies the rows into a buffer of the window's own, as a gather would have.
     */
    synchronized JavaArray rows(int from, int to) {
        int[] s = shape.clone();
        int rowSize = s[0] == 0 ? 0 : checkedSize(shape) / s[0];
        s[0] = to - from;
        if (from == 0 && to == shape[0]) {
            return view(s);
        }
        JavaArray v = view(s);
        v.offset = offset + from * rowSize;
        v.window = true;
        return v;
    }

    /**
     * Where this array's elements are: a buffer and the index of the first element in it (0 unless this is a {@link
     * #rows} window). Kernels read a window's rows in place through it. One call, under the array's lock, so that a
     * {@link #data} on another thread, which moves the window's rows into a buffer of its own, cannot pair the old
     * buffer with the new offset.
     */
    synchronized Region region() {
        return new Region(base(), window ? offset : 0);
    }

    /** A buffer and where an array's elements start in it. */
    record Region(Object base, int offset) {}

    private Object base() {
        if (data == null) {
            return data(); // closed: data() says so
        }
        return data;
    }

    /**
     * The window's rows copied into a buffer of their own, which becomes this array's. The hold on the shared buffer is
     * dropped but the buffer never goes back to the pool from here, even from its last holder: a kernel on another
     * thread may still be reading this window's rows where they were (it took them from {@link #region} before this
     * copy), and a pooled buffer could be handed out and overwritten under it. The garbage collector frees it instead.
     */
    private synchronized Object ownCopy() {
        if (!window) {
            return data;
        }
        Object own = allocateDirty(dtype, shape).data; // every element is copied below
        System.arraycopy(data, offset, own, 0, checkedSize(shape));
        if (holders != null) {
            holders.decrementAndGet();
        }
        holders = null;
        data = own;
        offset = 0;
        window = false;
        return own;
    }

    float[] floats() { return (float[]) data(); }

    /**
     * The same elements in another shape, on the same buffer (Reshape, Flatten, Squeeze, Unsqueeze, Identity): arrays
     * never change after the kernel that made them returns, so sharing is safe, and the buffer goes back to the pool
     * only when the last array holding it closes.
     */
    synchronized JavaArray view(int[] shape) {
        Object d = base();
        if (holders == null) {
            holders = new java.util.concurrent.atomic.AtomicInteger(1);
        }
        holders.incrementAndGet();
        JavaArray v = new JavaArray(dtype, shape, d);
        v.holders = holders;
        v.offset = offset;
        v.window = window;
        return v;
    }

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

    /** Frees the array; a large buffer goes back to this thread's pool. */
    @Override
    public synchronized void close() {
        Object d = data;
        data = null;
        if (d != null && (holders == null || holders.decrementAndGet() == 0)) {
            BufferPool.give(dtype, d);
        }
    }

    @Override
    public boolean isClosed() { return data == null; }

    /**
     * Buffers of closed arrays, per thread, by dtype and length. Only arrays a scope or a variable closes come back
     * (kernels never close their inputs), so no live array shares a buffer. Small buffers are left to the JIT's fast
     * allocation; the pool holds at most an eighth of the heap, up to 256 MB per thread.
     */
    private static final class BufferPool {
        private static final int MIN_BYTES = 16 * 1024;
        private static final long MAX_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
        /** Buffers kept per size: a W1 step holds about a dozen 64 x 64 arrays at once (with 8, five per step missed). */
        private static final int PER_SIZE = 16;
        private static final ThreadLocal<BufferPool> POOL = ThreadLocal.withInitial(BufferPool::new);

        private final java.util.HashMap<Long, java.util.ArrayDeque<Object>> free = new java.util.HashMap<>();
        private long bytes;

        private static long key(DType dtype, int n) { return ((long) dtype.ordinal() << 32) | n; }

        static Object take(DType dtype, int n) {
            if ((long) n * dtype.byteSize() < MIN_BYTES) {
                return null;
            }
            BufferPool p = POOL.get();
            java.util.ArrayDeque<Object> q = p.free.get(key(dtype, n));
            Object b = q == null ? null : q.pollLast();
            if (b != null) {
                p.bytes -= (long) n * dtype.byteSize();
            }
            return b;
        }

        static void give(DType dtype, Object buffer) {
            int n = java.lang.reflect.Array.getLength(buffer);
            long size = (long) n * dtype.byteSize();
            if (size < MIN_BYTES) {
                return;
            }
            BufferPool p = POOL.get();
            if (p.bytes + size > MAX_BYTES) {
                return;
            }
            java.util.ArrayDeque<Object> q = p.free.computeIfAbsent(key(dtype, n), k -> new java.util.ArrayDeque<>());
            if (q.size() < PER_SIZE) {
                q.addLast(buffer);
                p.bytes += size;
            }
        }
    }
}
