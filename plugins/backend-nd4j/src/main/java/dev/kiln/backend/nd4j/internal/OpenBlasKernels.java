package dev.kiln.backend.nd4j.internal;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.backend.java.MatrixKernels;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Matrix products through the OpenBLAS that ND4J ships. Operands are copied into per-thread native buffers that are
 * reused from call to call (grown to the largest operand seen), and only the product's rows are copied back. A thread's
 * buffers are freed once it has ended, by the next thread that starts multiplying or within a few thousand products of
 * any other thread.
 *
 * <p>Operands whose owner is known ({@link MatrixKernels#sgemm(Object, Object, boolean, boolean, int, int, int, float,
 * float[], int, int, float[], int, int, float, float[], int, int)}) keep their native copies in a few per-thread
 * entries, reused while the same owner comes back with the same offset and extent: a layer's weights across predict
 * batches, the batch that a forward product and its gradient's both read.
 *
 * <p>Why not pass the heap arrays: JavaCPP passes a Java array by copying it in and copying all of it back after
 * the call, inputs included. That costs more copying than this, and two threads writing disjoint rows of one output
 * array overwrote each other's rows with the copy-back (a W1 epoch trained to another loss each run).
 */
public final class OpenBlasKernels implements MatrixKernels {
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(OpenBlasKernels::newBuffers);
    /**
     * Every thread's buffers with their thread, so that the native memory of threads that ended is freed when another
     * thread starts multiplying or has run {@link #SWEEP_EVERY} more products, instead of waiting for a garbage
     * collection to drop their thread-local values (which could take long: the heap does not see native memory, and
     * each thread may hold tens of megabytes).
     */
    private static final List<ThreadBuffers> ALL = new ArrayList<>();
    /** Products a thread runs between two sweeps of ended threads' buffers (W1 runs about 6,000 an epoch). */
    static final int SWEEP_EVERY = 4096;

    private record ThreadBuffers(WeakReference<Thread> thread, Buffers buffers) {}

    private static Buffers newBuffers() {
        Buffers mine = new Buffers();
        synchronized (ALL) {
            sweep();
            ALL.add(new ThreadBuffers(new WeakReference<>(Thread.currentThread()), mine));
        }
        return mine;
    }

    /** This thread's buffers; every {@link #SWEEP_EVERY} calls, frees those of threads that ended. */
    private static Buffers buffers() {
        Buffers b = BUFFERS.get();
        if (++b.calls % SWEEP_EVERY == 0) {
            synchronized (ALL) {
                sweep();
            }
        }
        return b;
    }

    /** Frees the buffers of threads that ended (they use them no more); the caller holds {@link #ALL}'s lock. */
    private static void sweep() {
        for (Iterator<ThreadBuffers> it = ALL.iterator(); it.hasNext(); ) {
            ThreadBuffers tb = it.next();
            Thread t = tb.thread().get();
            if (t == null || !t.isAlive()) {
                tb.buffers().close();
                it.remove();
            }
        }
    }

    /** Native operand buffers of one thread. */
    private static final class Buffers {
        final Pointer[] slots = new Pointer[3];
        final long[] capacity = new long[3];
        final OperandCache cache = new OperandCache();
        /** A second pointer to slot 2's memory, for copies within it (JavaCPP passes an argument from its position on). */
        FloatPointer view;
        int calls;

        FloatPointer viewOf(FloatPointer p) {
            if (view == null || view.address() != p.address() || view.capacity() != p.capacity()) { // a new buffer
                view = new FloatPointer(p);
            }
            return view;
        }

        FloatPointer floats(int slot, long n) {
            if (!(slots[slot] instanceof FloatPointer) || capacity[slot] < n) {
                free(slot);
                slots[slot] = nativeFloats(Math.max(n, 1));
                capacity[slot] = Math.max(n, 1);
            }
            return (FloatPointer) slots[slot].position(0);
        }

        DoublePointer doubles(int slot, long n) {
            if (!(slots[slot] instanceof DoublePointer) || capacity[slot] < n) {
                free(slot);
                slots[slot] = nativeDoubles(Math.max(n, 1));
                capacity[slot] = Math.max(n, 1);
            }
            return (DoublePointer) slots[slot].position(0);
        }

        private void free(int slot) {
            if (slots[slot] != null) {
                slots[slot].close();
                slots[slot] = null;
                capacity[slot] = 0;
            }
        }

        /** Frees every native buffer (the thread ended). */
        void close() {
            for (int i = 0; i < slots.length; i++) {
                free(i);
            }
            cache.close();
        }
    }

    /**
     * Native copies of owned operands, a few per thread, least recently used first out. An owner's array never changes
     * while the owner is alive (the contract of the owned sgemm), and a new array is a new owner, so an entry is valid
     * for as long as it is kept. Operands below {@link #MIN_FLOATS} (copied in a microsecond) or above {@link
     * #MAX_FLOATS} are not kept, so that the entries go to large operands that come back: a predict batch passes six
     * owners through its three products, of which only the first layer's weights are worth keeping.
     */
    private static final class OperandCache {
        static final int ENTRIES = 8;
        static final long MIN_FLOATS = 4096;
        static final long MAX_FLOATS = 1L << 20;
        final Object[] owner = new Object[ENTRIES];
        final int[] offset = new int[ENTRIES];
        final int[] extent = new int[ENTRIES];
        final FloatPointer[] copy = new FloatPointer[ENTRIES];
        final long[] lastUse = new long[ENTRIES];
        long clock;

        /** Frees the kept copies and lets go of their owners. */
        void close() {
            for (int i = 0; i < ENTRIES; i++) {
                if (copy[i] != null) {
                    copy[i].close();
                    copy[i] = null;
                }
                owner[i] = null;
            }
        }

        /** {@code a[off, off + n)} in native memory: a kept copy, or a new one (kept unless too large). */
        FloatPointer floats(Object who, float[] a, int off, int n, Buffers fallback, int slot) {
            if (who == null || n < MIN_FLOATS || n > MAX_FLOATS) {
                return fallback.floats(slot, n).put(a, off, n);
            }
            clock++;
            int victim = 0;
            for (int i = 0; i < ENTRIES; i++) {
                if (owner[i] == who && offset[i] == off && extent[i] == n) {
                    lastUse[i] = clock;
                    return (FloatPointer) copy[i].position(0);
                }
                if (lastUse[i] < lastUse[victim]) {
                    victim = i;
                }
            }
            if (copy[victim] == null || copy[victim].capacity() < n) { // n >= MIN_FLOATS here
                if (copy[victim] != null) {
                    copy[victim].close();
                }
                copy[victim] = nativeFloats(n);
            }
            owner[victim] = who;
            offset[victim] = off;
            extent[victim] = n;
            lastUse[victim] = clock;
            return (FloatPointer) copy[victim].position(0).put(a, off, n).position(0);
        }
    }

    /** {@code n} floats of native memory, or a clear error with the size asked and JavaCPP's limit. */
    static FloatPointer nativeFloats(long n) {
        try {
            return new FloatPointer(n);
        } catch (OutOfMemoryError e) {
            throw tooLarge(n * Float.BYTES, e);
        }
    }

    /** {@code n} doubles of native memory, or a clear error with the size asked and JavaCPP's limit. */
    static DoublePointer nativeDoubles(long n) {
        try {
            return new DoublePointer(n);
        } catch (OutOfMemoryError e) {
            throw tooLarge(n * Double.BYTES, e);
        }
    }

    /**
     * A product whose operands do not fit in native memory: the request fails, nothing else is lost (the thread's other
     * buffers stay as they were). JavaCPP caps its native memory at {@code org.bytedeco.javacpp.maxBytes}, by default
     * the maximum heap.
     */
    private static InvalidArgumentException tooLarge(long bytes, OutOfMemoryError cause) {
        return new InvalidArgumentException("Native memory for a matrix product's operand: " + bytes + " bytes asked, "
                + Pointer.totalBytes() + " bytes already in use, limit " + Pointer.maxBytes() + " bytes (physical memory limit "
                + Pointer.maxPhysicalBytes() + "). Expected operands that fit in native memory. Received: " + cause.getMessage()
                + ". To fix: use smaller batches or inputs, raise -Dorg.bytedeco.javacpp.maxBytes (default: the maximum heap, "
                + "-Xmx), or choose the java backend (-Dkiln.backend=java).", cause);
    }

    /**
     * One product on native operands: a single-row or single-column result as a matrix-vector product, which reads the
     * matrix once, where OpenBLAS's sgemm packs it first (a 1 x 784 x 64 product, predict at batch 1: 40 us as sgemm).
     */
    private static void sgemmOrGemv(boolean ta, boolean tb, int m, int n, int k, float alpha, FloatPointer pa, int lda, FloatPointer pb,
            int ldb, float beta, FloatPointer pc, int ldc) {
        if (m == 1) { // c (1 x n) = x (A's row) . op(B)
            int incx = ta ? Math.max(1, lda) : 1;
            openblas_nolapack.cblas_sgemv(CblasRowMajor, tb ? CblasNoTrans : CblasTrans, tb ? n : k, tb ? k : n, alpha, pb,
                    Math.max(1, ldb), pa, incx, beta, pc, 1);
        } else if (n == 1) { // c (m x 1) = op(A) . x (B's column)
            int incx = tb ? 1 : Math.max(1, ldb);
            openblas_nolapack.cblas_sgemv(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, ta ? k : m, ta ? m : k, alpha, pa,
                    Math.max(1, lda), pb, incx, beta, pc, Math.max(1, ldc));
        } else {
            openblas_nolapack.cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k,
                    alpha, pa, Math.max(1, lda), pb, Math.max(1, ldb), beta, pc, Math.max(1, ldc));
        }
    }

    /** {@link #sgemmOrGemv} in float64. */
    private static void dgemmOrGemv(boolean ta, boolean tb, int m, int n, int k, double alpha, DoublePointer pa, int lda,
            DoublePointer pb, int ldb, double beta, DoublePointer pc, int ldc) {
        if (m == 1) {
            int incx = ta ? Math.max(1, lda) : 1;
            openblas_nolapack.cblas_dgemv(CblasRowMajor, tb ? CblasNoTrans : CblasTrans, tb ? n : k, tb ? k : n, alpha, pb,
                    Math.max(1, ldb), pa, incx, beta, pc, 1);
        } else if (n == 1) {
            int incx = tb ? 1 : Math.max(1, ldb);
            openblas_nolapack.cblas_dgemv(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, ta ? k : m, ta ? m : k, alpha, pa,
                    Math.max(1, lda), pb, incx, beta, pc, Math.max(1, ldc));
        } else {
            openblas_nolapack.cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k,
                    alpha, pa, Math.max(1, lda), pb, Math.max(1, ldb), beta, pc, Math.max(1, ldc));
        }
    }

    /** Only the product's rows: the gaps between them may belong to other data. */
    private static void copyBack(FloatPointer pc, float[] c, int cOff, int m, int n, int ldc) {
        if (ldc == n) {
            pc.get(c, cOff, m * n);
        } else {
            for (int i = 0; i < m; i++) {
                pc.position((long) i * ldc).get(c, cOff + i * ldc, n);
            }
            pc.position(0);
        }
    }

    /**
     * Each of C's {@code m} rows (leading dimension {@code ldc}) in native memory set to {@code row[off, off + n)}: the
     * row is copied in once, then (rows contiguous, {@code ldc == n}) the rows filled so far are copied after
     * themselves, doubling: a 256 x 64 part in nine copies instead of 256 calls. With gaps between rows, one copy a row.
     */
    private static void fillRows(Buffers buf, FloatPointer pc, float[] row, int off, int m, int n, int ldc) {
        pc.position(0).put(row, off, n);
        FloatPointer to = buf.viewOf(pc);
        for (long done = 1; done < m; ) {
            long more = Math.min(done, m - done);
            if (ldc == n) {
                openblas_nolapack.cblas_scopy((int) (more * n), pc.position(0), 1, to.position(done * n), 1);
            } else {
                for (long i = 0; i < more; i++) {
                    openblas_nolapack.cblas_scopy(n, pc.position(i * ldc), 1, to.position((done + i) * ldc), 1);
                }
            }
            done += more;
        }
        pc.position(0);
        to.position(0);
    }

    /** Elements a row-major matrix of {@code rows} rows of {@code cols} with leading dimension {@code ld} spans. */
    private static int extent(int rows, int cols, int ld) { return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols; }

    @Override
    public void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float beta, float[] c, int cOff, int ldc) {
        sgemm(null, null, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void sgemm(Object aOwner, Object bOwner, boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        multiply(aOwner, bOwner, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, null, 0, c, cOff, ldc);
    }

    /** C's rows start as {@code row} in native memory, and OpenBLAS adds the product to them (beta 1). */
    @Override
    public void sgemmAddRow(Object aOwner, Object bOwner, boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a,
            int aOff, int lda, float[] b, int bOff, int ldb, float[] row, int rowOff, float[] c, int cOff, int ldc) {
        if (k == 0) { // an empty sum: C is the row
            MatrixKernels.super.sgemmAddRow(aOwner, bOwner, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, row, rowOff, c, cOff, ldc);
            return;
        }
        multiply(aOwner, bOwner, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, 1f, row, rowOff, c, cOff, ldc);
    }

    /** {@code C = alpha op(A) op(B) + beta C}, C read first when beta is not 0 and no {@code row} replaces it. */
    private static void multiply(Object aOwner, Object bOwner, boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a,
            int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] row, int rowOff, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) { // an empty sum: C = beta * C (BLAS implementations differ here)
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = beta == 0 ? 0f : beta * c[cOff + i * ldc + j];
                }
            }
            return;
        }
        Buffers buf = buffers();
        int ae = ta ? extent(k, m, lda) : extent(m, k, lda);
        int be = tb ? extent(n, k, ldb) : extent(k, n, ldb);
        int ce = extent(m, n, ldc);
        FloatPointer pa = buf.cache.floats(aOwner, a, aOff, ae, buf, 0);
        FloatPointer pb = buf.cache.floats(bOwner, b, bOff, be, buf, 1);
        FloatPointer pc = buf.floats(2, ce);
        if (row != null) {
            fillRows(buf, pc, row, rowOff, m, n, ldc);
        } else if (beta != 0) {
            pc.put(c, cOff, ce);
        }
        sgemmOrGemv(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        copyBack(pc, c, cOff, m, n, ldc);
    }

    @Override
    public void dgemm(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff,
            int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = beta == 0 ? 0d : beta * c[cOff + i * ldc + j];
                }
            }
            return;
        }
        Buffers buf = buffers();
        int ae = ta ? extent(k, m, lda) : extent(m, k, lda);
        int be = tb ? extent(n, k, ldb) : extent(k, n, ldb);
        int ce = extent(m, n, ldc);
        DoublePointer pa = buf.doubles(0, ae).put(a, aOff, ae);
        DoublePointer pb = buf.doubles(1, be).put(b, bOff, be);
        DoublePointer pc = buf.doubles(2, ce);
        if (beta != 0) {
            pc.put(c, cOff, ce);
        }
        dgemmOrGemv(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        if (ldc == n) {
            pc.get(c, cOff, m * n);
        } else {
            for (int i = 0; i < m; i++) {
                pc.position((long) i * ldc).get(c, cOff + i * ldc, n);
            }
            pc.position(0);
        }
    }
}
