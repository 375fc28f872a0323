package dev.kiln.backend.java.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import org.junit.jupiter.api.Test;

/** Closed arrays' buffers come back for the next allocation of their size, zeroed unless the kernel asks otherwise. */
class BufferPoolTest {
    private static final int[] LARGE = {64, 784};   // 200 KB: pooled
    private static final int[] SMALL = {4, 4};      // left to the JVM

    @Test
    void aClosedBufferIsTakenAgainAndZeroedForAllocate() {
        JavaArray a = JavaArray.allocate(DType.FLOAT32, LARGE);
        float[] buffer = a.floats();
        java.util.Arrays.fill(buffer, 3f);
        a.close();
        JavaArray b = JavaArray.allocate(DType.FLOAT32, LARGE);
        assertSame(buffer, b.floats(), "the freed buffer is reused");
        assertArrayEquals(new float[buffer.length], b.floats(), "allocate() zeroes a reused buffer");
        assertTrue(a.isClosed());
        assertThrows(IllegalStateKilnException.class, a::floats, "the closed array no longer reaches its old buffer");
    }

    @Test
    void dirtyAllocationSkipsTheZeroing() {
        JavaArray a = JavaArray.allocateDirty(DType.FLOAT64, LARGE);
        double[] buffer = a.doubles();
        buffer[7] = 5;
        a.close();
        JavaArray b = JavaArray.allocateDirty(DType.FLOAT64, LARGE);
        assertSame(buffer, b.doubles());
        assertTrue(b.doubles()[7] == 5, "contents are left as they were: the kernel writes every element");
    }

    @Test
    void otherSizesDtypesAndSmallArraysAreNotShared() {
        JavaArray a = JavaArray.allocate(DType.FLOAT32, LARGE);
        float[] buffer = a.floats();
        a.close();
        assertNotSame(buffer, JavaArray.allocate(DType.FLOAT32, new int[] {64, 785}).floats());
        JavaArray i = JavaArray.allocate(DType.INT32, LARGE);
        assertTrue(i.data() instanceof int[]);
        JavaArray s = JavaArray.allocate(DType.FLOAT32, SMALL);
        float[] small = s.floats();
        s.close();
        assertNotSame(small, JavaArray.allocate(DType.FLOAT32, SMALL).floats());
    }

    @Test
    void aSharedBufferIsPooledOnlyWhenItsLastHolderCloses() {
        JavaArray a = JavaArray.allocate(DType.FLOAT32, LARGE);
        a.floats()[5] = 2f;
        JavaArray reshaped = a.view(new int[] {784, 64});
        JavaArray again = reshaped.view(new int[] {LARGE[0] * LARGE[1]});
        float[] buffer = a.floats();
        assertSame(buffer, reshaped.floats(), "a reshape shares the buffer");
        a.close();
        reshaped.close();
        reshaped.close(); // twice: still one release
        JavaArray other = JavaArray.allocate(DType.FLOAT32, LARGE);
        assertNotSame(buffer, other.floats(), "a holder is still open");
        assertTrue(again.floats()[5] == 2f, "and keeps its values");
        again.close();
        assertSame(buffer, JavaArray.allocate(DType.FLOAT32, LARGE).floats(), "the last close gives it back");
    }

    @Test
    void reshapeAndIdentityShareTheirInput() {
        dev.kiln.backend.spi.Backend b = new dev.kiln.backend.java.JavaBackendProvider().create();
        JavaArray x = JavaArray.allocate(DType.FLOAT32, LARGE);
        JavaArray shape = JavaArray.fromDoubles(DType.INT64, new int[] {1}, new double[] {-1});
        for (String op : new String[] {"Reshape", "Identity", "Flatten"}) {
            JavaArray y = (JavaArray) (op.equals("Reshape") ? b.execute(op, java.util.Map.of(), x, shape)[0] : b.execute(op, java.util.Map.of(), x)[0]);
            assertSame(x.floats(), y.floats(), op);
            y.close();
        }
        assertTrue(!x.isClosed());
    }

    @Test
    void rowsAreReadInPlaceUntilAKernelNeedsThemAlone() {
        JavaArray data = JavaArray.allocate(DType.FLOAT32, new int[] {100, 784}); // a dataset: 313 KB
        float[] buffer = data.floats();
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = i;
        }
        JavaArray batch = data.rows(10, 74);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {64, 784}, batch.shape());
        assertSame(buffer, batch.region().base(), "a window reads the dataset's buffer");
        org.junit.jupiter.api.Assertions.assertEquals(10 * 784, batch.region().offset());
        data.close(); // the dataset goes first: the window still holds the buffer
        assertNotSame(buffer, JavaArray.allocate(DType.FLOAT32, new int[] {100, 784}).floats(), "still held");
        float[] own = batch.floats(); // a kernel reading the data: the rows are copied out
        org.junit.jupiter.api.Assertions.assertEquals(64 * 784, own.length);
        org.junit.jupiter.api.Assertions.assertEquals(10 * 784, own[0]);
        org.junit.jupiter.api.Assertions.assertEquals(74 * 784 - 1, own[own.length - 1]);
        org.junit.jupiter.api.Assertions.assertEquals(0, batch.region().offset());
        // Another thread may still read the rows where they were (through region(), taken before the copy): the copy
        // drops the hold, but the buffer is left to the garbage collector rather than handed out again.
        assertNotSame(buffer, JavaArray.allocate(DType.FLOAT32, new int[] {100, 784}).floats(), "not pooled by the copy");
        assertTrue(buffer[10 * 784] == 10 * 784, "the rows a reader may still hold are intact");
        JavaArray whole = JavaArray.allocate(DType.FLOAT32, new int[] {4, 5}).rows(0, 4);
        org.junit.jupiter.api.Assertions.assertEquals(0, whole.region().offset(), "all the rows: a plain view");
    }

    @Test
    void sliceHandsOutRowsAndProductsReadThemInPlace() {
        dev.kiln.backend.spi.Backend b = new dev.kiln.backend.java.JavaBackendProvider().create();
        float[] v = new float[30 * 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 13) - 6;
        }
        JavaArray data = (JavaArray) b.fromArray(v, new int[] {30, 8}, DType.FLOAT32);
        JavaArray batch = (JavaArray) b.execute("Slice", java.util.Map.of(), data, l(5), l(17), l(0))[0];
        assertSame(data.floats(), batch.region().base(), "axis-0 slices are windows");
        JavaArray columns = (JavaArray) b.execute("Slice", java.util.Map.of(), data, l(1), l(3), l(1))[0];
        org.junit.jupiter.api.Assertions.assertEquals(0, columns.region().offset(), "other slices are copies");
        float[] w = new float[8 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5) - 2;
        }
        float[] want = new float[12 * 3];
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 8; k++) {
                    want[i * 3 + j] += v[(5 + i) * 8 + k] * w[k * 3 + j];
                }
            }
        }
        // through a BLAS-style MatrixKernels (as the nd4j backend's), which reads the window where it is
        dev.kiln.backend.spi.Backend blas = dev.kiln.backend.java.JavaBackendProvider.create("naive", new NaiveProducts());
        JavaArray window = (JavaArray) blas.execute("Slice", java.util.Map.of(), blas.fromArray(v, new int[] {30, 8}, DType.FLOAT32),
                l(5), l(17), l(0))[0];
        assertArrayEquals(want, blas.execute("MatMul", java.util.Map.of(), window, blas.fromArray(w, new int[] {8, 3}, DType.FLOAT32))[0]
                .toFloatArray());
        assertTrue(window.region().offset() == 5 * 8, "the product left the window in place");
        assertArrayEquals(want, b.execute("MatMul", java.util.Map.of(), batch, b.fromArray(w, new int[] {8, 3}, DType.FLOAT32))[0]
                .toFloatArray(), "the java products copy it out first");
    }

    @Test
    void gatheredRowsOfAWindowAreReadInPlace() {
        dev.kiln.backend.spi.Backend b = new dev.kiln.backend.java.JavaBackendProvider().create();
        float[] v = new float[30 * 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        JavaArray data = (JavaArray) b.fromArray(v, new int[] {30, 8}, DType.FLOAT32);
        JavaArray train = (JavaArray) b.execute("Slice", java.util.Map.of(), data, l(10), l(30), l(0))[0]; // rows 10..29
        JavaArray index = JavaArray.fromDoubles(DType.INT64, new int[] {4}, new double[] {3, 0, 19, 4}); // shuffled, one run
        float[] got = b.execute("Gather", java.util.Map.of(), train, index)[0].toFloatArray();
        float[] want = new float[4 * 8];
        int[] rows = {13, 10, 29, 14};
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 8; c++) {
                want[r * 8 + c] = v[rows[r] * 8 + c];
            }
        }
        assertArrayEquals(want, got, "the window's rows, counted from its first");
        org.junit.jupiter.api.Assertions.assertEquals(10 * 8, train.region().offset(), "the window was not copied out");
        assertSame(data.floats(), train.region().base());
    }

    private static JavaArray l(long v) { return JavaArray.fromDoubles(DType.INT64, new int[] {1}, new double[] {v}); }

    /** Textbook products with offsets and leading dimensions, as a BLAS takes them. */
    static final class NaiveProducts implements dev.kiln.backend.java.MatrixKernels {
        @Override
        public void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                int ldb, float beta, float[] c, int cOff, int ldc) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * (tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                    }
                    c[cOff + i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[cOff + i * ldc + j]);
                }
            }
        }

        @Override
        public void dgemm(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff,
                int ldb, double beta, double[] c, int cOff, int ldc) {
            throw new UnsupportedOperationException("float32 only here");
        }
    }

    @Test
    void closingTwiceGivesTheBufferBackOnce() {
        JavaArray a = JavaArray.allocate(DType.FLOAT32, LARGE);
        float[] buffer = a.floats();
        a.close();
        a.close();
        JavaArray b = JavaArray.allocate(DType.FLOAT32, LARGE);
        JavaArray c = JavaArray.allocate(DType.FLOAT32, LARGE);
        assertSame(buffer, b.floats());
        assertNotSame(buffer, c.floats(), "one buffer, one taker");
    }
}
