package dev.kiln.backend.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.Kernel;
import dev.kiln.backend.spi.UnsupportedOpException;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The java backend's kernels called directly, with ONNX semantics. */
class JavaBackendTest {
    private final Backend b = new JavaBackendProvider().create();

    private BackendArray f(int[] shape, float... v) { return b.fromArray(v, shape, DType.FLOAT32); }

    private BackendArray d(int[] shape, double... v) { return b.fromArray(v, shape, DType.FLOAT64); }

    private BackendArray l(long... v) { return b.fromArray(v, new int[] {v.length}, DType.INT64); }

    private BackendArray run(String op, Map<String, Object> attrs, BackendArray... in) { return b.execute(op, attrs, in)[0]; }

    private static int[] s(int... dims) { return dims; }

    @Test
    void fromArrayCopiesAndAdoptArrayKeepsTheArray() {
        float[] data = {1, 2, 3, 4, 5, 6};
        BackendArray copy = b.fromArray(data, s(2, 3), DType.FLOAT32);
        BackendArray adopted = b.adoptArray(data, s(2, 3), DType.FLOAT32);
        data[0] = 7; // only to observe sharing: a caller that hands an array over never writes it again
        assertEquals(1f, copy.toFloatArray()[0]);
        assertEquals(7f, adopted.toFloatArray()[0]);
        assertArrayEquals(new float[] {11, 7, 9}, run("ReduceSum", Map.of("keepdims", 0L), adopted, l(0)).toFloatArray());
        // the same checks as fromArray, in Keras's form
        InvalidArgumentException length = assertThrows(InvalidArgumentException.class, () -> b.adoptArray(data, s(4, 2), DType.FLOAT32));
        assertTrue(length.getMessage().contains("8 elements") && length.getMessage().contains("6 elements"), length.getMessage());
        assertThrows(InvalidArgumentException.class, () -> b.adoptArray(data, s(2, 3), DType.FLOAT64));
        assertThrows(InvalidArgumentException.class, () -> b.adoptArray(null, s(2, 3), DType.FLOAT32));
    }

    @Test
    void broadcastingArithmetic() {
        BackendArray x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        BackendArray row = f(s(3), 10, 20, 30);
        BackendArray col = f(s(2, 1), 100, 200);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, run("Add", Map.of(), x, row).toFloatArray());
        assertArrayEquals(new float[] {101, 102, 103, 204, 205, 206}, run("Add", Map.of(), x, col).toFloatArray());
        assertArrayEquals(new int[] {2, 3}, run("Mul", Map.of(), col, row).shape());
        assertArrayEquals(new float[] {-1, -2, -3, -4, -5, -6}, run("Neg", Map.of(), x).toFloatArray());
        assertArrayEquals(new int[] {3, -2}, run("Div", Map.of(), b.fromArray(new int[] {7, -7}, s(2), DType.INT32),
                b.fromArray(new int[] {2, 3}, s(2), DType.INT32)).toIntArray());
        assertArrayEquals(new boolean[] {false, true, true}, run("Greater", Map.of(), row, f(s(), 15)).toBooleanArray());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> run("Add", Map.of(), x, f(s(2), 1, 2)));
        assertTrue(e.getMessage().contains("(2, 3) and (2,)"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> run("Add", Map.of(), x, d(s(3), 1, 2, 3)));
    }

    @Test
    void matmulAgainstNaiveLoops() {
        SplittableRandom rng = new SplittableRandom(3);
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {65, 784, 64}, {64, 64, 784}};
        for (int[] mkn : sizes) {
            int m = mkn[0];
            int k = mkn[1];
            int n = mkn[2];
            float[] a = new float[m * k];
            float[] c = new float[k * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) rng.nextGaussian();
            }
            float[] got = run("MatMul", Map.of(), f(s(m, k), a), f(s(k, n), c)).toFloatArray();
            for (int i = 0; i < m; i += Math.max(1, m / 7)) {
                for (int j = 0; j < n; j += Math.max(1, n / 5)) {
                    double ref = 0;
                    for (int p = 0; p < k; p++) {
                        ref += (double) a[i * k + p] * c[p * n + j];
                    }
                    assertEquals(ref, got[i * n + j], 1e-3 * Math.max(1, Math.abs(ref)));
                }
            }
        }
        BackendArray batched = run("MatMul", Map.of(), d(s(2, 1, 2), 1, 2, 3, 4), d(s(2, 1), 5, 6));
        assertArrayEquals(new int[] {2, 1, 1}, batched.shape());
        assertArrayEquals(new double[] {17, 39}, batched.toDoubleArray(), 0);
        assertArrayEquals(new double[] {17}, run("MatMul", Map.of(), d(s(2), 1, 2), d(s(2), 5, 6)).toDoubleArray(), 0);
        BackendArray gemm = run("Gemm", Map.of("transB", 1L, "alpha", 2.0), d(s(1, 2), 1, 2), d(s(1, 2), 3, 4), d(s(1), 0.5));
        assertArrayEquals(new double[] {22.5}, gemm.toDoubleArray(), 0);
        assertThrows(ShapeMismatchException.class, () -> run("MatMul", Map.of(), d(s(2, 3), 1, 2, 3, 4, 5, 6), d(s(2, 1), 1, 2)));
    }

    @Test
    void reductionsAndArgmax() {
        BackendArray x = d(s(2, 3), 1, 5, 3, 4, 2, 6);
        assertArrayEquals(new double[] {9, 12}, run("ReduceSum", Map.of("keepdims", 0L), x, l(1)).toDoubleArray(), 0);
        assertArrayEquals(new double[] {21}, run("ReduceSum", Map.of("keepdims", 0L), x).toDoubleArray(), 0);
        assertArrayEquals(new int[] {1, 3}, run("ReduceMean", Map.of("axes", new long[] {0}), x).shape());
        assertArrayEquals(new double[] {2.5, 3.5, 4.5}, run("ReduceMean", Map.of("axes", new long[] {0}), x).toDoubleArray(), 0);
        assertArrayEquals(new double[] {5, 6}, run("ReduceMax", Map.of("axes", new long[] {-1}, "keepdims", 0L), x).toDoubleArray(), 0);
        assertArrayEquals(new long[] {1, 2}, run("ArgMax", Map.of("axis", 1L, "keepdims", 0L), x).toLongArray());
        assertEquals(Math.log(Math.exp(1) + Math.exp(5) + Math.exp(3)),
                run("ReduceLogSumExp", Map.of("axes", new long[] {1}, "keepdims", 0L), x).toDoubleArray()[0], 1e-12);
    }

    @Test
    void softmaxIsStable() {
        double[] v = run("Softmax", Map.of("axis", -1L), d(s(1, 3), 1000, 1001, 1002)).toDoubleArray();
        double z = 1 + Math.exp(1) + Math.exp(2);
        assertArrayEquals(new double[] {1 / z, Math.exp(1) / z, Math.exp(2) / z}, v, 1e-12);
        double[] lv = run("LogSoftmax", Map.of("axis", 1L), d(s(1, 2), -1000, 0)).toDoubleArray();
        assertEquals(-1000, lv[0], 1e-9);
    }

    @Test
    void shapeAndIndexOps() {
        BackendArray x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, run("Transpose", Map.of(), x).toFloatArray());
        assertArrayEquals(new int[] {3, 2}, run("Reshape", Map.of(), x, l(-1, 2)).shape());
        assertArrayEquals(new float[] {2, 3, 5, 6}, run("Slice", Map.of(), x, l(1), l(10), l(-1)).toFloatArray());
        assertArrayEquals(new float[] {3, 1, 6, 4}, run("Gather", Map.of("axis", 1L), x, l(2, 0)).toFloatArray());
        assertArrayEquals(new float[] {2, 6}, run("GatherElements", Map.of("axis", 1L), x,
                b.fromArray(new long[] {1, 2}, s(2, 1), DType.INT64)).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1, 2, 3}, run("Concat", Map.of("axis", 0L), x, f(s(1, 3), 1, 2, 3)).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0, 0, 0, 0}, run("ScatterElements", Map.of("axis", 1L, "reduction", "add"),
                f(s(3, 3), new float[9]), b.fromArray(new long[] {2}, s(1, 1), DType.INT64), f(s(1, 1), 1)).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 0, 0, 0}, run("Pad", Map.of(), f(s(1, 2), 1, 2), l(0, 1, 1, 0)).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 1, 0}, run("OneHot", Map.of(), l(1, 0), l(2), f(s(2), 0, 1)).toFloatArray());
        BackendArray[] top = b.execute("TopK", Map.of(), f(s(4), 1, 9, 3, 9), l(2));
        assertArrayEquals(new float[] {9, 9}, top[0].toFloatArray());
        assertArrayEquals(new long[] {1, 3}, top[1].toLongArray());
        assertArrayEquals(new float[] {1, 3, 6}, run("CumSum", Map.of(), f(s(3), 1, 2, 3), l(0)).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 2, 2}, run("Expand", Map.of(), f(s(2, 1), 1, 2), l(2, 2)).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 1, 2}, run("Tile", Map.of(), f(s(2), 1, 2), l(2)).toFloatArray());
        assertArrayEquals(new float[] {2, 1}, run("Where", Map.of(), b.fromArray(new boolean[] {false, true}, s(2), DType.BOOL),
                f(s(2), 1, 1), f(s(2), 2, 2)).toFloatArray());
        assertArrayEquals(new long[] {3, 1}, run("Cast", Map.of("to", 7L), f(s(2), 3.7f, 1.2f)).toLongArray());
    }

    @Test
    void badInputGivesClearErrors() {
        BackendArray x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        InvalidArgumentException g = assertThrows(InvalidArgumentException.class, () -> run("Gather", Map.of(), x, l(5)));
        assertTrue(g.getMessage().contains("index 5 is out of range"), g.getMessage());
        assertThrows(ShapeMismatchException.class, () -> run("Reshape", Map.of(), x, l(4, 2)));
        assertThrows(UnsupportedOpException.class, () -> run("ConvTranspose", Map.of(), x));
        assertThrows(InvalidArgumentException.class, () -> run("Add", Map.of(), x));
        assertThrows(InvalidArgumentException.class, () -> b.fromArray(new float[3], s(2, 2), DType.FLOAT32));
        assertThrows(InvalidArgumentException.class, () -> b.full(s(100000, 100000), 0, DType.FLOAT32));
        x.close();
        assertThrows(IllegalStateKilnException.class, x::toFloatArray);
    }

    @Test
    void aResolvedKernelRunsAsExecuteDoesAndChecksItsInputs() {
        Kernel add = b.kernel("Add", Map.of(), 1);
        for (int i = 0; i < 3; i++) { // resolved once, run many times
            assertArrayEquals(new float[] {1 + i, 3 + i}, add.run(f(s(2), 1, 2), f(s(2), i, 1 + i))[0].toFloatArray());
        }
        Kernel sum = b.kernel("ReduceSum", Map.of("keepdims", 0L), 1);
        assertArrayEquals(new float[] {4, 6}, sum.run(f(s(2, 2), 1, 2, 3, 4), l(0))[0].toFloatArray());
        assertArrayEquals(new float[] {3, 7}, sum.run(f(s(2, 2), 1, 2, 3, 4), l(1))[0].toFloatArray());
        BackendArray[] top = b.kernel("TopK", Map.of(), 2).run(f(s(4), 1, 9, 3, 9), l(2));
        assertEquals(2, top.length, "values and indices");
        assertArrayEquals(new float[] {9, 9}, top[0].toFloatArray());

        UnsupportedOpException unknown = assertThrows(UnsupportedOpException.class, () -> b.kernel("NoSuchOp", Map.of(), 1));
        assertTrue(unknown.getMessage().contains("NoSuchOp"), unknown.getMessage());
        InvalidArgumentException few = assertThrows(InvalidArgumentException.class, () -> add.run(f(s(2), 1, 2)));
        assertTrue(few.getMessage().contains("needs 2 inputs"), few.getMessage());
        InvalidArgumentException missing = assertThrows(InvalidArgumentException.class, () -> add.run(f(s(2), 1, 2), null));
        assertTrue(missing.getMessage().contains("input 1 is missing"), missing.getMessage());
        InvalidArgumentException third = assertThrows(InvalidArgumentException.class,
                () -> b.kernel("Where", Map.of(), 1).run(b.fromArray(new boolean[] {true}, s(1), DType.BOOL), f(s(1), 1), null));
        assertTrue(third.getMessage().contains("input 2 is missing"), third.getMessage());
    }
}
