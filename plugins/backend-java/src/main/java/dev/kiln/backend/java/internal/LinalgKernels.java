package dev.kiln.backend.java.internal;

import dev.kiln.backend.java.MatrixKernels;
import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Attributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Matrix products: i-k-j loops over contiguous rows, split by row blocks across a fixed pool of daemon threads. */
final class LinalgKernels {
    /** Kernel threads: {@code -Dkiln.threads}, else {@code KILN_THREADS}, else the cores the JVM sees. */
    static final int THREADS = threadSetting();
    /** Below this many multiply-adds a product runs on the calling thread: forking would cost more. */
    private static final long PARALLEL_WORK = 200_000;
    /**
     * Multiply-adds from which a product through {@link MatrixKernels} splits op(A)'s rows across the kernel threads, one
     * single-threaded call each, and the fewest rows per part. Predict's 1024 x 784 x 64 (51 M) takes 1.9 ms in one call
     * and 0.95 ms in two halves, its 1024 x 64 x 64 (4.2 M) 170 us and ~100 us; W1's 64 x 784 x 64 (3.2 M) stays whole,
     * as its halves gained nothing steady.
     */
    private static final long PARALLEL_BLAS_WORK = 1L << 22;
    /**
     * Multiply-adds from which such a product splits into twice as many parts as threads: a thread that is late (woken
     * late, or its core held by a neighbour) then leaves parts to the others ({@link #split}). Predict's 1024 x 784 x 64
     * in four parts against two, seven alternating pairs of W3 runs on a busy machine: 290-416 k samples/s against
     * 277-393 k, higher in every pair (+12 % on average); the second product in four parts too gained nothing.
     */
    private static final long FINE_BLAS_WORK = 1L << 24;
    private static final int MIN_BLAS_ROWS = 32;
    static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "kiln-java-matmul");
        t.setDaemon(true);
        return t;
    });

    private LinalgKernels() {}

    private static int threadSetting() {
        String v = System.getProperty("kiln.threads", System.getenv("KILN_THREADS"));
        try {
            return v == null || v.isBlank() ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kiln.threads / KILN_THREADS must be a positive integer. Received: " + v, e);
        }
    }

    static JavaArray matmul(JavaArray a, JavaArray b, MatrixKernels mk) {
        checkFloat("MatMul", a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length == 0 || bs.length == 0) {
            throw new InvalidArgumentException("Operator `MatMul` needs inputs of rank >= 1. Received: " + Nd.str(as) + " and " + Nd.str(bs) + ".");
        }
        int[] a2 = as.length == 1 ? new int[] {1, as[0]} : as;
        int[] b2 = bs.length == 1 ? new int[] {bs[0], 1} : bs;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        if (b2[b2.length - 2] != k) {
            throw new ShapeMismatchException(KilnException.message("Operator `MatMul`: inner dimensions differ.",
                    "a (..., m, k) and (..., k, n) pair", Nd.str(as) + " and " + Nd.str(bs), "transpose or reshape an operand"));
        }
        int[] batchA = java.util.Arrays.copyOf(a2, a2.length - 2);
        int[] batchB = java.util.Arrays.copyOf(b2, b2.length - 2);
        int[] batch = Nd.broadcast("MatMul", batchA, batchB);
        int[] outShape = new int[batch.length + 2];
        System.arraycopy(batch, 0, outShape, 0, batch.length);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        // BLAS writes every element of its product (beta 0); the Java product accumulates into zeros.
        JavaArray out = mk != null ? JavaArray.allocateDirty(a.dtype(), outShape) : JavaArray.allocate(a.dtype(), outShape);
        int[] ia = Nd.broadcastIndex(batchA, batch);
        int[] ib = Nd.broadcastIndex(batchB, batch);
        for (int t = 0; t < ia.length; t++) {
            gemm(mk, a, ia[t] * m * k, false, b, ib[t] * k * n, false, null, out, t * m * n, m, k, n, 1.0);
        }
        int[] finalShape = outShape;
        if (as.length == 1 || bs.length == 1) {
            List<Integer> dims = new ArrayList<>();
            for (int i = 0; i < batch.length; i++) {
                dims.add(batch[i]);
            }
            if (as.length != 1) {
                dims.add(m);
            }
            if (bs.length != 1) {
                dims.add(n);
            }
            finalShape = dims.stream().mapToInt(Integer::intValue).toArray();
        }
        return new JavaArray(out.dtype(), finalShape, out.data());
    }

    static JavaArray gemmOp(Map<String, Object> attrs, JavaArray a, JavaArray b, JavaArray c, MatrixKernels mk) {
        checkFloat("Gemm", a, b);
        boolean ta = Attributes.getInt(attrs, "transA", 0) != 0;
        boolean tb = Attributes.getInt(attrs, "transB", 0) != 0;
        double alpha = Attributes.getFloat(attrs, "alpha", 1.0);
        double beta = Attributes.getFloat(attrs, "beta", 1.0);
        if (a.shape().length != 2 || b.shape().length != 2) {
            throw new InvalidArgumentException("Operator `Gemm` needs 2-D inputs. Received: " + Nd.str(a.shape()) + " and " + Nd.str(b.shape()) + ".");
        }
        int m = ta ? a.shape()[1] : a.shape()[0];
        int k = ta ? a.shape()[0] : a.shape()[1];
        int kb = tb ? b.shape()[1] : b.shape()[0];
        int n = tb ? b.shape()[0] : b.shape()[1];
        if (k != kb) {
            throw new ShapeMismatchException(KilnException.message("Operator `Gemm`: inner dimensions differ.", k, kb, null));
        }
        if (c != null && !Arrays.equals(Nd.broadcast("Gemm", c.shape(), new int[] {m, n}), new int[] {m, n})) {
            throw new ShapeMismatchException(KilnException.message("Operator `Gemm`: C does not broadcast to the product's shape.",
                    "a C broadcastable to " + Nd.str(new int[] {m, n}), Nd.str(c.shape()), "reshape C"));
        }
        if (c != null && c.dtype() != a.dtype()) {
            throw new InvalidArgumentException(KilnException.message("Operator `Gemm`: C has another dtype.", a.dtype(), c.dtype(), "cast C"));
        }
        // A C that is one row (Dense's bias: n or 1 x n) is added as the product is made, instead of in a pass of its own
        // over the product and a second output array.
        boolean rowC = c != null && beta == 1 && (Arrays.equals(c.shape(), new int[] {n}) || Arrays.equals(c.shape(), new int[] {1, n}));
        // Every element of the product is written: by the BLAS (beta 0, or the row filled first) or by rows(), which
        // accumulates each output row in its own array and copies it out.
        JavaArray out = JavaArray.allocateDirty(a.dtype(), new int[] {m, n});
        gemm(mk, a, 0, ta, b, 0, tb, rowC ? c : null, out, 0, m, k, n, alpha);
        if (c != null && beta != 0 && !rowC) {
            JavaArray scaledC = beta == 1 ? c : ElementwiseKernels.binary("Mul", c, JavaArray.fromDoubles(c.dtype(), new int[0], new double[] {beta}));
            return ElementwiseKernels.binary("Add", out, scaledC);
        }
        return out;
    }

    private static void checkFloat(String op, JavaArray a, JavaArray b) {
        if (!a.dtype().isFloating() || a.dtype() != b.dtype()) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` needs two float32 or two float64 inputs.",
                    "matching floating dtypes", a.dtype() + " and " + b.dtype(), "cast the inputs"));
        }
    }

    /**
     * out[m,n] = alpha * op(A)[m,k] op(B)[k,n] (+ {@code row} in every row, when not null), with A and B read at the
     * given offsets. op(B) is first copied into one
     * array per row and each output row is accumulated in its own array: HotSpot's auto-vectorizer (JDK 17) only
     * vectorizes {@code acc[j] += v * row[j]} when both arrays are indexed alike, which offsets into one big array break.
     */
    private static void gemm(MatrixKernels mk, JavaArray a, int aOff, boolean ta, JavaArray b, int bOff, boolean tb, JavaArray row,
                             JavaArray out, int oOff, int m, int k, int n, double alpha) {
        if (m == 0 || n == 0) {
            return;
        }
        if (mk != null) {
            // op(A) is m x k: stored m x k (lda k) or, transposed, k x m (lda m); likewise op(B). Large products split
            // op(A)'s rows across the kernel threads, each part one single-threaded BLAS call on its own native copies
            // (the copying is split too). It pays once the JIT compiler has stopped taking the second core: in the
            // first seconds of predicting after a training epoch the halves were no faster; after ~5 s, W3's predict
            // at batch 1024 went from 370 k to 500 k samples/s in alternating passes.
            if (out.data() instanceof float[] c) {
                // A and B are kernel inputs, which never change: OpenBLAS may keep their native copies. A batch that is
                // rows of its dataset (JavaArray.rows) is read where it is.
                JavaArray.Region ra = a.region();
                JavaArray.Region rb = b.region();
                float[] ab = (float[]) ra.base();
                int ao = ra.offset() + aOff;
                int lda = ta ? m : k;
                float[] bb = (float[]) rb.base();
                int bo = rb.offset() + bOff;
                long work = (long) m * k * n;
                int parts = work >= FINE_BLAS_WORK ? 2 * THREADS : THREADS;
                int chunks = work >= PARALLEL_BLAS_WORK && m >= 2 * MIN_BLAS_ROWS ? Math.min(parts, m / MIN_BLAS_ROWS) : 1;
                if (row == null) {
                    split(m, chunks, 8, (from, to) -> mk.sgemm(a, b, ta, tb, to - from, n, k, (float) alpha, ab, ao + (ta ? from : from * lda),
                            lda, bb, bo, tb ? k : n, 0f, c, oOff + from * n, n));
                } else {
                    JavaArray.Region rr = row.region();
                    float[] rb0 = (float[]) rr.base();
                    int ro = rr.offset();
                    split(m, chunks, 8, (from, to) -> mk.sgemmAddRow(a, b, ta, tb, to - from, n, k, (float) alpha, ab,
                            ao + (ta ? from : from * lda), lda, bb, bo, tb ? k : n, rb0, ro, c, oOff + from * n, n));
                }
            } else {
                if (row != null) { // float64: C starts as the row repeated, and the product adds to it
                    Object rd = row.data();
                    for (int i = 0; i < m; i++) {
                        System.arraycopy(rd, 0, out.data(), oOff + i * n, n);
                    }
                }
                product(mk, ta, tb, m, n, k, alpha, a.data(), aOff, ta ? m : k, b.data(), bOff, tb ? k : n, row == null ? 0 : 1,
                        out.data(), oOff, n);
            }
            return;
        }
        boolean f32 = out.dtype() == DType.FLOAT32;
        // op(A) as contiguous rows of k; op(B) as k rows of n.
        Object rowsA = ta ? transposeCopy(a.data(), aOff, k, m, f32) : a.data();
        int offA = ta ? 0 : aOff;
        Object rowsB = packRows(b.data(), bOff, k, n, tb, f32);
        long work = (long) m * k * n;
        int chunks = work < PARALLEL_WORK || m < 4 ? 1 : Math.min(THREADS, m / 2);
        // Even-sized row blocks, so each block runs the two-row kernel to its end.
        Object rowData = row == null ? null : row.data();
        split(m, chunks, 2, (from, to) -> rows(rowsA, offA, rowsB, rowData, out.data(), oOff, k, n, alpha, from, to));
    }

    /** A range of rows or samples, {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code chunks} ranges of {@code [0, n)} (sizes rounded up to a multiple of {@code align}),
     * on the calling thread and the kernel threads; one chunk runs inline. The ranges are fixed, so results do not
     * depend on which thread runs which; each thread takes the next range not taken yet, so that a kernel thread that
     * wakes late (or a core a neighbour holds) leaves its share to the others instead of making them wait for it.
     */
    static void split(int n, int chunks, int align, Range body) {
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        int per = ((n + chunks - 1) / chunks + align - 1) / align * align;
        int count = (n + per - 1) / per;
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int c; (c = next.getAndIncrement()) < count; ) {
                try {
                    if (failure.get() == null) {
                        body.run(c * per, Math.min(n, (c + 1) * per));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int i = 1; i < Math.min(THREADS, count); i++) {
            POOL.execute(worker);
        }
        worker.run();
        try {
            done.await(); // only ranges a thread has taken remain
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted in a kernel", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException("Kernel failed", t);
        }
    }

    /** {@code C = alpha * op(A) op(B) + beta * C} through {@code mk}, in the arrays' dtype (float[] or double[]). */
    static void product(MatrixKernels mk, boolean ta, boolean tb, int m, int n, int k, double alpha, Object a, int aOff, int lda,
            Object b, int bOff, int ldb, double beta, Object c, int cOff, int ldc) {
        if (c instanceof float[] cf) {
            mk.sgemm(ta, tb, m, n, k, (float) alpha, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, (float) beta, cf, cOff, ldc);
        } else {
            mk.dgemm(ta, tb, m, n, k, alpha, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, beta, (double[]) c, cOff, ldc);
        }
    }

    /** A rows x cols matrix at {@code off}, transposed into a new cols x rows array. */
    private static Object transposeCopy(Object src, int off, int rows, int cols, boolean f32) {
        if (f32) {
            float[] s = (float[]) src;
            float[] t = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[c * rows + r] = s[off + r * cols + c];
                }
            }
            return t;
        }
        double[] s = (double[]) src;
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = s[off + r * cols + c];
            }
        }
        return t;
    }

    /** op(B) as k separate rows of n: {@code float[][]} or {@code double[][]}. B is k x n, or n x k when transposed. */
    private static Object packRows(Object src, int off, int k, int n, boolean tb, boolean f32) {
        if (f32) {
            float[] s = (float[]) src;
            float[][] r = new float[k][n];
            for (int p = 0; p < k; p++) {
                if (!tb) {
                    System.arraycopy(s, off + p * n, r[p], 0, n);
                } else {
                    for (int j = 0; j < n; j++) {
                        r[p][j] = s[off + j * k + p];
                    }
                }
            }
            return r;
        }
        double[] s = (double[]) src;
        double[][] r = new double[k][n];
        for (int p = 0; p < k; p++) {
            if (!tb) {
                System.arraycopy(s, off + p * n, r[p], 0, n);
            } else {
                for (int j = 0; j < n; j++) {
                    r[p][j] = s[off + j * k + p];
                }
            }
        }
        return r;
    }

    /**
     * Output rows [from, to): two rows and two k-steps per pass, so each loaded B element feeds four products; then
     * {@code row} (n elements, or null) is added to each.
     */
    static void rows(Object aData, int aOff, Object bRows, Object row, Object outData, int oOff, int k, int n, double alpha,
                             int from, int to) {
        if (outData instanceof float[] out) {
            float[] A = (float[]) aData;
            float[][] B = (float[][]) bRows;
            float al = (float) alpha;
            float[] c0 = new float[n];
            float[] c1 = new float[n];
            for (int i = from; i < to; i += 2) {
                boolean two = i + 1 < to;
                Arrays.fill(c0, 0f);
                Arrays.fill(c1, 0f);
                int a0 = aOff + i * k;
                int a1 = two ? a0 + k : a0; // a lone last row computes into c1 twice, harmlessly
                int p = 0;
                for (; p + 1 < k; p += 2) {
                    float x00 = A[a0 + p], x01 = A[a0 + p + 1], x10 = A[a1 + p], x11 = A[a1 + p + 1];
                    float[] u = B[p];
                    float[] w = B[p + 1];
                    for (int j = 0; j < n; j++) {
                        float uj = u[j];
                        float wj = w[j];
                        c0[j] += x00 * uj + x01 * wj;
                        c1[j] += x10 * uj + x11 * wj;
                    }
                }
                if (p < k) {
                    float x0 = A[a0 + p], x1 = A[a1 + p];
                    float[] u = B[p];
                    for (int j = 0; j < n; j++) {
                        c0[j] += x0 * u[j];
                        c1[j] += x1 * u[j];
                    }
                }
                if (al != 1f) {
                    for (int j = 0; j < n; j++) {
                        c0[j] *= al;
                        c1[j] *= al;
                    }
                }
                if (row instanceof float[] r) {
                    for (int j = 0; j < n; j++) {
                        c0[j] += r[j];
                        c1[j] += r[j];
                    }
                }
                System.arraycopy(c0, 0, out, oOff + i * n, n);
                if (two) {
                    System.arraycopy(c1, 0, out, oOff + (i + 1) * n, n);
                }
            }
            return;
        }
        double[] out = (double[]) outData;
        double[] A = (double[]) aData;
        double[][] B = (double[][]) bRows;
        double[] c0 = new double[n];
        double[] c1 = new double[n];
        for (int i = from; i < to; i += 2) {
            boolean two = i + 1 < to;
            Arrays.fill(c0, 0);
            Arrays.fill(c1, 0);
            int a0 = aOff + i * k;
            int a1 = two ? a0 + k : a0;
            int p = 0;
            for (; p + 1 < k; p += 2) {
                double x00 = A[a0 + p], x01 = A[a0 + p + 1], x10 = A[a1 + p], x11 = A[a1 + p + 1];
                double[] u = B[p];
                double[] w = B[p + 1];
                for (int j = 0; j < n; j++) {
                    double uj = u[j];
                    double wj = w[j];
                    c0[j] += x00 * uj + x01 * wj;
                    c1[j] += x10 * uj + x11 * wj;
                }
            }
            if (p < k) {
                double x0 = A[a0 + p], x1 = A[a1 + p];
                double[] u = B[p];
                for (int j = 0; j < n; j++) {
                    c0[j] += x0 * u[j];
                    c1[j] += x1 * u[j];
                }
            }
            if (alpha != 1) {
                for (int j = 0; j < n; j++) {
                    c0[j] *= alpha;
                    c1[j] *= alpha;
                }
            }
            if (row instanceof double[] r) {
                for (int j = 0; j < n; j++) {
                    c0[j] += r[j];
                    c1[j] += r[j];
                }
            }
            System.arraycopy(c0, 0, out, oOff + i * n, n);
            if (two) {
                System.arraycopy(c1, 0, out, oOff + (i + 1) * n, n);
            }
        }
    }
}
