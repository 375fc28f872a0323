package dev.kiln.backend.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.UnsupportedOpException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** One or more hand-computed checks per operator, plus dtype rules and error cases. */
class OperatorTest {
    private static final Map<String, Object> NONE = Map.of();
    private final Backend b = new JavaBackendProvider().create();

    private BackendArray f(int[] shape, float... v) { return b.fromArray(v, shape, DType.FLOAT32); }

    private BackendArray f(float... v) { return f(new int[] {v.length}, v); }

    private BackendArray d(int[] shape, double... v) { return b.fromArray(v, shape, DType.FLOAT64); }

    private BackendArray d(double... v) { return d(new int[] {v.length}, v); }

    private BackendArray i32(int... v) { return b.fromArray(v, new int[] {v.length}, DType.INT32); }

    private BackendArray l(long... v) { return b.fromArray(v, new int[] {v.length}, DType.INT64); }

    private BackendArray l(int[] shape, long... v) { return b.fromArray(v, shape, DType.INT64); }

    private BackendArray z(boolean... v) { return b.fromArray(v, new int[] {v.length}, DType.BOOL); }

    private BackendArray scalarL(long v) { return b.fromArray(new long[] {v}, new int[0], DType.INT64); }

    private BackendArray run(String op, Map<String, Object> attrs, BackendArray... in) { return b.execute(op, attrs, in)[0]; }

    private double[] dv(String op, Map<String, Object> attrs, BackendArray... in) { return run(op, attrs, in).toDoubleArray(); }

    private static int[] s(int... dims) { return dims; }

    private void unary(String op, Map<String, Object> attrs, double[] in, double[] expected) {
        assertArrayEquals(expected, dv(op, attrs, d(in)), 1e-12, op);
        BackendArray r32 = run(op, attrs, f(toFloat(in)));
        assertEquals(DType.FLOAT32, r32.dtype(), op);
        assertArrayEquals(expected, r32.toDoubleArray(), 1e-6, op);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    // ---- unary ----

    @Test
    void basicUnaryMath() {
        double e = Math.E;
        unary("Neg", NONE, new double[] {1, -2, 0}, new double[] {-1, 2, -0.0});
        unary("Abs", NONE, new double[] {-1.5, 2}, new double[] {1.5, 2});
        unary("Exp", NONE, new double[] {0, 1}, new double[] {1, e});
        unary("Log", NONE, new double[] {1, e}, new double[] {0, 1});
        unary("Sqrt", NONE, new double[] {4, 2.25}, new double[] {2, 1.5});
        unary("Reciprocal", NONE, new double[] {4, -0.5}, new double[] {0.25, -2});
        unary("Sign", NONE, new double[] {-3, 0, 2}, new double[] {-1, 0, 1});
        unary("Floor", NONE, new double[] {1.5, -1.5}, new double[] {1, -2});
        unary("Ceil", NONE, new double[] {1.5, -1.5}, new double[] {2, -1});
        unary("Round", NONE, new double[] {0.5, 1.5, 2.5, -0.5, -1.5, 2.4}, new double[] {0, 2, 2, -0.0, -2, 2});
        unary("Sin", NONE, new double[] {0, Math.PI / 2}, new double[] {0, 1});
        unary("Cos", NONE, new double[] {0, Math.PI}, new double[] {1, -1});
        unary("Erf", NONE, new double[] {0, 0.5, 1, -2, 3}, new double[] {0, 0.5204998778130465, 0.8427007929497149,
                -0.9953222650189527, 0.9999779095030014});
    }

    @Test
    void activations() {
        unary("Relu", NONE, new double[] {-1, 0, 2}, new double[] {0, 0, 2});
        unary("Sigmoid", NONE, new double[] {0, 2, -800}, new double[] {0.5, 1 / (1 + Math.exp(-2)), 0});
        unary("Tanh", NONE, new double[] {0, 1}, new double[] {0, Math.tanh(1)});
        unary("Softplus", NONE, new double[] {0, 1000, -1000}, new double[] {Math.log(2), 1000, 0});
        unary("Softsign", NONE, new double[] {1, -3}, new double[] {0.5, -0.75});
        unary("Elu", NONE, new double[] {-1, 2}, new double[] {Math.exp(-1) - 1, 2});
        unary("Elu", Map.of("alpha", 2.0), new double[] {-1}, new double[] {2 * (Math.exp(-1) - 1)});
        double alpha = 1.67326319217681884765625;
        double gamma = 1.05070102214813232421875;
        unary("Selu", NONE, new double[] {-1, 2}, new double[] {gamma * alpha * (Math.exp(-1) - 1), gamma * 2});
        unary("LeakyRelu", NONE, new double[] {-10, 3}, new double[] {-0.1, 3});
        unary("LeakyRelu", Map.of("alpha", 0.5), new double[] {-10}, new double[] {-5});
        unary("HardSigmoid", NONE, new double[] {-10, 0, 1, 10}, new double[] {0, 0.5, 0.7, 1});
    }

    @Test
    void predicatesAndLogicalNot() {
        BackendArray x = d(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1);
        assertEquals(DType.BOOL, run("IsNaN", NONE, x).dtype());
        assertArrayEquals(new boolean[] {true, false, false, false}, run("IsNaN", NONE, x).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true, false}, run("IsInf", NONE, x).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true, false}, run("IsInf", Map.of("detect_positive", 0L), x).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true}, run("Not", NONE, z(true, false)).toBooleanArray());
        assertThrows(InvalidArgumentException.class, () -> run("Not", NONE, f(1)));
        assertThrows(InvalidArgumentException.class, () -> run("Exp", NONE, i32(1)));
    }

    @Test
    void integerUnaryIsExact() {
        long big = (1L << 60) + 1;
        assertArrayEquals(new long[] {-big, 3}, run("Neg", NONE, l(big, -3)).toLongArray());
        assertArrayEquals(new long[] {big, 3}, run("Abs", NONE, l(-big, -3)).toLongArray());
        assertArrayEquals(new int[] {-1, 0, 1}, run("Sign", NONE, i32(-5, 0, 7)).toIntArray());
        assertArrayEquals(new int[] {0, 7}, run("Relu", NONE, i32(-5, 7)).toIntArray());
    }

    @Test
    void identityCopies() {
        BackendArray x = l(s(2), 1L << 62, 5);
        BackendArray y = run("Identity", NONE, x);
        x.close();
        assertArrayEquals(new long[] {1L << 62, 5}, y.toLongArray());
        assertArrayEquals(new int[] {2}, y.shape());
    }

    // ---- binary ----

    @Test
    void arithmeticBroadcasts() {
        BackendArray x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, run("Add", NONE, x, f(10, 20, 30)).toFloatArray());
        assertArrayEquals(new float[] {-99, -98, -97, -196, -195, -194}, run("Sub", NONE, x, f(s(2, 1), 100, 200)).toFloatArray());
        BackendArray outer = run("Mul", NONE, f(s(2, 1), 1, 2), f(s(1, 3), 1, 2, 3));
        assertArrayEquals(new int[] {2, 3}, outer.shape());
        assertArrayEquals(new float[] {1, 2, 3, 2, 4, 6}, outer.toFloatArray());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2, 2.5f, 3}, run("Div", NONE, x, f(s(), 2)).toFloatArray());
        assertArrayEquals(new double[] {8, 0.25}, dv("Pow", NONE, d(2, 4), d(3, -1)), 0);
        // rank-3 with a middle broadcast dimension, through the generic path
        BackendArray r3 = run("Add", NONE, d(s(2, 1, 2), 1, 2, 3, 4), d(s(3, 1), 10, 20, 30));
        assertArrayEquals(new int[] {2, 3, 2}, r3.shape());
        assertArrayEquals(new double[] {11, 12, 21, 22, 31, 32, 13, 14, 23, 24, 33, 34}, r3.toDoubleArray(), 0);
    }

    @Test
    void integerArithmetic() {
        assertArrayEquals(new int[] {3, -3, -3, 3}, run("Div", NONE, i32(7, -7, 7, -7), i32(2, 2, -2, -2)).toIntArray());
        assertArrayEquals(new int[] {1, 1, -1, -1}, run("Mod", NONE, i32(7, -7, 7, -7), i32(2, 2, -2, -2)).toIntArray());
        assertArrayEquals(new int[] {1, -1, 1, -1}, run("Mod", Map.of("fmod", 1L), i32(7, -7, 7, -7), i32(2, 2, -2, -2)).toIntArray());
        long big = (1L << 60) + 1;
        assertArrayEquals(new long[] {big + 1}, run("Add", NONE, l(big), l(1)).toLongArray());
        assertArrayEquals(new boolean[] {false}, run("Equal", NONE, l(big), l(big - 1)).toBooleanArray());
        assertArrayEquals(new long[] {9}, run("Pow", NONE, l(3), l(2)).toLongArray());
        assertThrows(InvalidArgumentException.class, () -> run("Div", NONE, i32(1), i32(0)));
    }

    @Test
    void floatMod() {
        assertArrayEquals(new double[] {1.5, -1.5}, dv("Mod", Map.of("fmod", 1L), d(5.5, -5.5), d(2, 2)), 1e-12);
    }

    @Test
    void variadicMaxMin() {
        assertArrayEquals(new float[] {3, 5, 4}, run("Max", NONE, f(1, 5, 2), f(3, 0, 4)).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 1}, run("Min", NONE, f(1, 5, 2), f(3, 0, 4), f(s(), 1)).toFloatArray());
        assertArrayEquals(new float[] {1, 5}, run("Max", NONE, f(1, 5)).toFloatArray());
        assertArrayEquals(new int[] {2, 3}, run("Max", NONE, f(s(2, 1), 1, 2), f(1, 2, 3)).shape());
        assertArrayEquals(new int[] {-1, 2}, run("Min", NONE, i32(-1, 5), i32(3, 2)).toIntArray());
    }

    @Test
    void comparisons() {
        BackendArray x = f(1, 2, 3);
        BackendArray two = f(s(), 2);
        assertEquals(DType.BOOL, run("Equal", NONE, x, two).dtype());
        assertArrayEquals(new boolean[] {false, true, false}, run("Equal", NONE, x, two).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, false}, run("Less", NONE, x, two).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, false}, run("LessOrEqual", NONE, x, two).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true}, run("Greater", NONE, x, two).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true}, run("GreaterOrEqual", NONE, x, two).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false}, run("Less", NONE, i32(1, 5), i32(2, 2)).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false}, run("Equal", NONE, z(true, true), z(true, false)).toBooleanArray());
    }

    @Test
    void logic() {
        BackendArray p = z(true, true, false, false);
        BackendArray q = z(true, false, true, false);
        assertArrayEquals(new boolean[] {true, false, false, false}, run("And", NONE, p, q).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true, false}, run("Or", NONE, p, q).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true, false}, run("Xor", NONE, p, q).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false}, run("And", NONE, b.fromArray(new boolean[] {true}, s(), DType.BOOL),
                z(true, false)).toBooleanArray());
        assertThrows(InvalidArgumentException.class, () -> run("And", NONE, f(1), f(1)));
        assertThrows(InvalidArgumentException.class, () -> run("Add", NONE, z(true), z(true)));
    }

    @Test
    void badBroadcastMessageHasBothShapesAndAFix() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> run("Add", NONE, f(s(2, 3), 1, 2, 3, 4, 5, 6), f(1, 2)));
        assertTrue(e.getMessage().contains("(2, 3) and (2,)"), e.getMessage());
        assertTrue(e.getMessage().contains("Expected") && e.getMessage().contains("To fix"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> run("Where", NONE, z(true, false, true), f(1, 2), f(1, 2)));
    }

    @Test
    void dtypeMismatchIsRejected() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> run("Add", NONE, f(1), d(1)));
        assertTrue(e.getMessage().contains("float32 and float64"), e.getMessage());
    }

    // ---- where, clip, cast ----

    @Test
    void whereBroadcastsAndKeepsInt64Exact() {
        BackendArray c = b.fromArray(new boolean[] {true, false}, s(2, 1), DType.BOOL);
        BackendArray r = run("Where", NONE, c, f(1, 2, 3), f(s(), -1));
        assertArrayEquals(new int[] {2, 3}, r.shape());
        assertArrayEquals(new float[] {1, 2, 3, -1, -1, -1}, r.toFloatArray());
        long big = (1L << 62) + 1;
        assertArrayEquals(new long[] {big, 0}, run("Where", NONE, z(true, false), l(big, big), l(0, 0)).toLongArray());
    }

    @Test
    void clipWithOptionalBounds() {
        BackendArray x = f(-5, 0.5f, 5);
        assertArrayEquals(new float[] {-1, 0.5f, 1}, run("Clip", NONE, x, f(s(), -1), f(s(), 1)).toFloatArray());
        assertArrayEquals(new float[] {0, 0.5f, 5}, run("Clip", NONE, x, f(s(), 0)).toFloatArray());
        assertArrayEquals(new float[] {-5, 0.5f, 1}, b.execute("Clip", NONE, x, null, f(s(), 1))[0].toFloatArray());
        assertArrayEquals(new float[] {-5, 0.5f, 5}, run("Clip", NONE, x).toFloatArray());
        assertArrayEquals(new int[] {0, 3}, run("Clip", NONE, i32(-4, 3), i32(0), i32(9)).toIntArray());
    }

    @Test
    void castFollowsOnnxCodes() {
        assertArrayEquals(new long[] {3, -1}, run("Cast", Map.of("to", 7L), f(3.7f, -1.2f)).toLongArray());
        assertEquals(DType.INT32, run("Cast", Map.of("to", 6L), f(1)).dtype());
        assertArrayEquals(new boolean[] {true, false}, run("Cast", Map.of("to", 9L), f(2, 0)).toBooleanArray());
        assertArrayEquals(new double[] {1, 0}, dv("Cast", Map.of("to", 11L), z(true, false)), 0);
        assertEquals(DType.FLOAT32, run("Cast", Map.of("to", 1L), l(1)).dtype());
        assertThrows(InvalidArgumentException.class, () -> run("Cast", Map.of("to", 8L), f(1)));
    }

    // ---- softmax ----

    @Test
    void softmaxAndLogSoftmaxAreStable() {
        double[] v = dv("Softmax", NONE, d(s(1, 3), 1000, 1001, 1002));
        double zs = 1 + Math.exp(1) + Math.exp(2);
        assertArrayEquals(new double[] {1 / zs, Math.exp(1) / zs, Math.exp(2) / zs}, v, 1e-12);
        double[] lv = dv("LogSoftmax", Map.of("axis", 1L), d(s(1, 2), -1000, 0));
        assertArrayEquals(new double[] {-1000, 0}, lv, 1e-9);
        // axis 0 of a 2x2 matrix: columns sum to one
        double[] col = dv("Softmax", Map.of("axis", 0L), d(s(2, 2), 0, 1, 0, 1));
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, col, 1e-12);
        float[] f32 = run("Softmax", NONE, f(s(2, 2), 0, 0, 1, 1)).toFloatArray();
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, f32, 1e-7f);
    }

    // ---- reductions ----

    @Test
    void reductionsOverAttributeAxes() {
        BackendArray x = d(s(2, 3), 1, 5, 3, 4, 2, 6);
        Map<String, Object> ax1 = Map.of("axes", new long[] {1}, "keepdims", 0L);
        assertArrayEquals(new double[] {3, 4}, dv("ReduceMean", ax1, x), 1e-12);
        assertArrayEquals(new double[] {5, 6}, dv("ReduceMax", ax1, x), 0);
        assertArrayEquals(new double[] {1, 2}, dv("ReduceMin", ax1, x), 0);
        assertArrayEquals(new double[] {15, 48}, dv("ReduceProd", ax1, x), 0);
        assertArrayEquals(new double[] {35, 56}, dv("ReduceSumSquare", ax1, x), 0);
        assertArrayEquals(new double[] {Math.sqrt(35), Math.sqrt(56)}, dv("ReduceL2", ax1, x), 1e-12);
        assertEquals(Math.log(Math.exp(1) + Math.exp(5) + Math.exp(3)), dv("ReduceLogSumExp", ax1, x)[0], 1e-12);
        assertEquals(1000 + Math.log(2), dv("ReduceLogSumExp", NONE, d(1000, 1000))[0], 1e-9);
        BackendArray kept = run("ReduceMean", Map.of("axes", new long[] {-2}), x);
        assertArrayEquals(new int[] {1, 3}, kept.shape());
        assertArrayEquals(new double[] {2.5, 3.5, 4.5}, kept.toDoubleArray(), 0);
        BackendArray all = run("ReduceMax", NONE, x);
        assertArrayEquals(new int[] {1, 1}, all.shape());
        assertArrayEquals(new double[] {6}, all.toDoubleArray(), 0);
    }

    @Test
    void reduceSumTakesAxesAsInput() {
        BackendArray x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new float[] {6, 15}, run("ReduceSum", Map.of("keepdims", 0L), x, l(-1)).toFloatArray());
        BackendArray kept = run("ReduceSum", NONE, x, l(0));
        assertArrayEquals(new int[] {1, 3}, kept.shape());
        assertArrayEquals(new float[] {5, 7, 9}, kept.toFloatArray());
        BackendArray all = run("ReduceSum", Map.of("keepdims", 0L), x);
        assertArrayEquals(new int[0], all.shape());
        assertArrayEquals(new float[] {21}, all.toFloatArray());
        BackendArray noop = run("ReduceSum", Map.of("noop_with_empty_axes", 1L), x, l());
        assertArrayEquals(new int[] {2, 3}, noop.shape());
        assertArrayEquals(new float[] {21}, run("ReduceSum", Map.of("keepdims", 0L), x, l()).toFloatArray());
        assertArrayEquals(new int[] {15}, run("ReduceSum", Map.of("keepdims", 0L), b.fromArray(new int[] {1, 2, 3, 4, 5}, s(5), DType.INT32))
                .toIntArray());
        assertThrows(InvalidArgumentException.class, () -> run("ReduceSum", NONE, x, l(2)));
    }

    @Test
    void argMaxArgMin() {
        BackendArray x = f(s(2, 3), 1, 7, 7, 9, 2, 9);
        BackendArray am = run("ArgMax", Map.of("axis", 1L), x);
        assertEquals(DType.INT64, am.dtype());
        assertArrayEquals(new int[] {2, 1}, am.shape());
        assertArrayEquals(new long[] {1, 0}, am.toLongArray());
        assertArrayEquals(new long[] {2, 2}, run("ArgMax", Map.of("axis", -1L, "keepdims", 0L, "select_last_index", 1L), x).toLongArray());
        assertArrayEquals(new long[] {0, 1, 0}, run("ArgMin", Map.of("keepdims", 0L), x).toLongArray());
        BackendArray empty = f(s(2, 0));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> run("ArgMax", Map.of("axis", 1L), empty));
        assertTrue(e.getMessage().contains("empty axis"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> run("ArgMin", Map.of("axis", 1L), empty));
        assertArrayEquals(new int[] {0, 1}, run("ArgMax", Map.of("axis", 1L), f(s(0, 3))).shape(), "no rows: an empty answer");
    }

    // ---- linear algebra ----

    @Test
    void matmulShapes() {
        BackendArray batched = run("MatMul", NONE, d(s(2, 1, 2), 1, 2, 3, 4), d(s(2, 1), 5, 6));
        assertArrayEquals(new int[] {2, 1, 1}, batched.shape());
        assertArrayEquals(new double[] {17, 39}, batched.toDoubleArray(), 0);
        BackendArray dot = run("MatMul", NONE, d(1, 2), d(5, 6));
        assertArrayEquals(new int[0], dot.shape());
        assertArrayEquals(new double[] {17}, dot.toDoubleArray(), 0);
        BackendArray vm = run("MatMul", NONE, d(1, 2), d(s(2, 2), 1, 2, 3, 4));
        assertArrayEquals(new int[] {2}, vm.shape());
        assertArrayEquals(new double[] {7, 10}, vm.toDoubleArray(), 0);
        BackendArray bc = run("MatMul", NONE, f(s(2, 1, 2), 1, 0, 0, 1), f(s(2, 3), 1, 2, 3, 4, 5, 6));
        assertArrayEquals(new int[] {2, 1, 3}, bc.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, bc.toFloatArray());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> run("MatMul", NONE, d(s(2, 3), 1, 2, 3, 4, 5, 6), d(s(2, 1), 1, 2)));
        assertTrue(e.getMessage().contains("(2, 3) and (2, 1)"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> run("MatMul", NONE, i32(1), i32(1)));
    }

    @Test
    void gemmAttributesAndC() {
        BackendArray a = d(s(2, 2), 1, 2, 3, 4);
        BackendArray bm = d(s(2, 2), 5, 6, 7, 8);
        assertArrayEquals(new double[] {19, 22, 43, 50}, dv("Gemm", NONE, a, bm), 0);
        assertArrayEquals(new double[] {26, 30, 38, 44}, dv("Gemm", Map.of("transA", 1L), a, bm), 0);
        assertArrayEquals(new double[] {17, 23, 39, 53}, dv("Gemm", Map.of("transB", 1L), a, bm), 0);
        assertArrayEquals(new double[] {23, 31, 34, 46}, dv("Gemm", Map.of("transA", 1L, "transB", 1L), a, bm), 0);
        assertArrayEquals(new double[] {39, 45, 87, 101}, dv("Gemm", Map.of("alpha", 2.0, "beta", 0.5), a, bm, d(2)), 0);
        assertArrayEquals(new double[] {20, 23, 45, 52}, dv("Gemm", NONE, a, bm, d(s(2, 1), 1, 2)), 0);
        assertThrows(ShapeMismatchException.class, () -> run("Gemm", NONE, a, bm, d(1, 2, 3)));
    }

    @Test
    void matmulAndGemmAgainstNaiveLoops() {
        SplittableRandom rng = new SplittableRandom(7);
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {65, 784, 64}, {64, 64, 784}, {2, 1, 9}, {7, 3, 1}};
        for (int[] mkn : sizes) {
            int m = mkn[0];
            int k = mkn[1];
            int n = mkn[2];
            double[] a = gaussian(rng, m * k);
            double[] c = gaussian(rng, k * n);
            double[] ref = naive(a, c, m, k, n);
            assertArrayEquals(ref, dv("MatMul", NONE, d(s(m, k), a), d(s(k, n), c)), 1e-9, "float64 " + m + "x" + k + "x" + n);
            float[] got = run("MatMul", NONE, f(s(m, k), toFloat(a)), f(s(k, n), toFloat(c))).toFloatArray();
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], got[i], 1e-3 * Math.max(1, Math.abs(ref[i])), "float32 " + m + "x" + k + "x" + n);
            }
            // Gemm with both operands stored transposed must give the same product
            double[] at = transpose(a, m, k);
            double[] ct = transpose(c, k, n);
            assertArrayEquals(ref, dv("Gemm", Map.of("transA", 1L, "transB", 1L), d(s(k, m), at), d(s(n, k), ct)), 1e-9);
            float[] g32 = run("Gemm", Map.of("transB", 1L), f(s(m, k), toFloat(a)), f(s(n, k), toFloat(ct))).toFloatArray();
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], g32[i], 1e-3 * Math.max(1, Math.abs(ref[i])));
            }
        }
        // batched 2x3x4x5 @ 5x6 (broadcast B)
        double[] a = gaussian(rng, 2 * 3 * 4 * 5);
        double[] c = gaussian(rng, 5 * 6);
        BackendArray r = run("MatMul", NONE, d(s(2, 3, 4, 5), a), d(s(5, 6), c));
        assertArrayEquals(new int[] {2, 3, 4, 6}, r.shape());
        double[] got = r.toDoubleArray();
        for (int t = 0; t < 6; t++) {
            double[] at = java.util.Arrays.copyOfRange(a, t * 20, t * 20 + 20);
            assertArrayEquals(naive(at, c, 4, 5, 6), java.util.Arrays.copyOfRange(got, t * 24, t * 24 + 24), 1e-12);
        }
    }

    private static double[] gaussian(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    private static double[] naive(double[] a, double[] c, int m, int k, int n) {
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += a[i * k + p] * c[p * n + j];
                }
                r[i * n + j] = acc;
            }
        }
        return r;
    }

    private static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    // ---- shape ops ----

    @Test
    void transpose() {
        BackendArray x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        BackendArray t = run("Transpose", NONE, x);
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
        BackendArray y = run("Transpose", Map.of("perm", new long[] {1, 0, 2}), l(s(2, 2, 1), 1, 2, 3, 4));
        assertArrayEquals(new int[] {2, 2, 1}, y.shape());
        assertArrayEquals(new long[] {1, 3, 2, 4}, y.toLongArray());
        assertThrows(InvalidArgumentException.class, () -> run("Transpose", Map.of("perm", new long[] {0, 0}), x));
    }

    @Test
    void reshapeZeroAndMinusOne() {
        BackendArray x = f(s(2, 3, 4), new float[24]);
        assertArrayEquals(new int[] {2, 12}, run("Reshape", NONE, x, l(0, -1)).shape());
        assertArrayEquals(new int[] {4, 3, 2}, run("Reshape", NONE, x, l(4, 0, -1)).shape());
        assertArrayEquals(new int[] {0, 5}, run("Reshape", Map.of("allowzero", 1L), f(s(0, 5)), l(0, 5)).shape());
        assertArrayEquals(new float[] {1, 2, 3, 4}, run("Reshape", NONE, f(s(2, 2), 1, 2, 3, 4), l(4)).toFloatArray());
        assertThrows(ShapeMismatchException.class, () -> run("Reshape", NONE, x, l(5, -1)));
        assertThrows(InvalidArgumentException.class, () -> run("Reshape", NONE, x, l(-1, -1)));
    }

    @Test
    void expandBroadcastsBothWays() {
        BackendArray r = run("Expand", NONE, f(s(3, 1), 1, 2, 3), l(2, 1, 2));
        assertArrayEquals(new int[] {2, 3, 2}, r.shape());
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}, r.toFloatArray());
        assertThrows(ShapeMismatchException.class, () -> run("Expand", NONE, f(1, 2, 3), l(2)));
    }

    @Test
    void concat() {
        BackendArray a = f(s(2, 1), 1, 2);
        BackendArray c = f(s(2, 2), 3, 4, 5, 6);
        BackendArray r = run("Concat", Map.of("axis", -1L), a, c);
        assertArrayEquals(new int[] {2, 3}, r.shape());
        assertArrayEquals(new float[] {1, 3, 4, 2, 5, 6}, r.toFloatArray());
        assertArrayEquals(new long[] {1, 2, 3}, run("Concat", Map.of("axis", 0L), l(1), l(2, 3)).toLongArray());
        assertThrows(ShapeMismatchException.class, () -> run("Concat", Map.of("axis", 0L), a, c));
    }

    @Test
    void sliceClampsAndSteps() {
        BackendArray x = f(s(2, 4), 1, 2, 3, 4, 5, 6, 7, 8);
        assertArrayEquals(new float[] {2, 3, 6, 7}, run("Slice", NONE, x, l(1), l(3), l(1)).toFloatArray());
        assertArrayEquals(new float[] {5, 6, 7, 8}, run("Slice", NONE, x, l(1, 0), l(1000, 1000)).toFloatArray());
        assertArrayEquals(new float[] {4, 2, 8, 6}, run("Slice", NONE, x, l(-1), l(0), l(-1), l(-2)).toFloatArray());
        assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5}, run("Slice", NONE, x, l(-1), l(Long.MIN_VALUE), l(1), l(-1)).toFloatArray());
        assertArrayEquals(new int[] {2, 0}, run("Slice", NONE, x, l(3), l(1), l(1)).shape());
        assertArrayEquals(new float[] {1, 3, 5, 7}, run("Slice", NONE, x, l(0), l(Long.MAX_VALUE), l(-1), l(2)).toFloatArray());
    }

    @Test
    void gather() {
        BackendArray x = f(s(3, 2), 1, 2, 3, 4, 5, 6);
        BackendArray r = run("Gather", NONE, x, l(s(2, 2), 0, 2, -1, 1));
        assertArrayEquals(new int[] {2, 2, 2}, r.shape());
        assertArrayEquals(new float[] {1, 2, 5, 6, 5, 6, 3, 4}, r.toFloatArray());
        assertArrayEquals(new float[] {2, 4, 6}, run("Gather", Map.of("axis", 1L), x, scalarL(1)).toFloatArray());
        assertArrayEquals(new int[] {3}, run("Gather", Map.of("axis", 1L), x, scalarL(1)).shape());
        assertArrayEquals(new float[] {3, 4}, run("Gather", NONE, x, i32(1)).toFloatArray());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> run("Gather", NONE, x, l(3)));
        assertTrue(e.getMessage().contains("index 3") && e.getMessage().contains("3"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> run("Gather", NONE, x, l(-4)));
        assertThrows(InvalidArgumentException.class, () -> run("Gather", NONE, x, f(1)));
        // runs of consecutive indices are copied as one block
        BackendArray rows = f(s(5, 2), 0, 1, 10, 11, 20, 21, 30, 31, 40, 41);
        assertArrayEquals(new float[] {10, 11, 20, 21, 30, 31, 0, 1, 40, 41}, run("Gather", NONE, rows, l(1, 2, 3, 0, 4)).toFloatArray());
        BackendArray cols = f(s(2, 4), 1, 2, 3, 4, 5, 6, 7, 8);
        assertArrayEquals(new float[] {2, 3, 6, 7}, run("Gather", Map.of("axis", 1L), cols, l(1, 2)).toFloatArray());
    }

    @Test
    void gatherElements() {
        BackendArray x = f(s(2, 2), 1, 2, 3, 4);
        assertArrayEquals(new float[] {1, 1, 4, 3}, run("GatherElements", Map.of("axis", 1L), x, l(s(2, 2), 0, 0, 1, 0)).toFloatArray());
        assertArrayEquals(new float[] {3, 2}, run("GatherElements", NONE, x, l(s(1, 2), 1, -2)).toFloatArray());
        assertThrows(InvalidArgumentException.class, () -> run("GatherElements", NONE, x, l(s(1, 2), 2, 0)));
    }

    @Test
    void scatterElementsReductions() {
        BackendArray data = f(s(1, 3), 1, 2, 3);
        BackendArray idx = l(s(1, 2), 0, 0);
        BackendArray upd = f(s(1, 2), 5, 7);
        Map<String, Object> ax = Map.of("axis", 1L);
        assertArrayEquals(new float[] {7, 2, 3}, run("ScatterElements", ax, data, idx, upd).toFloatArray());
        assertArrayEquals(new float[] {13, 2, 3}, run("ScatterElements", Map.of("axis", 1L, "reduction", "add"), data, idx, upd).toFloatArray());
        assertArrayEquals(new float[] {35, 2, 3}, run("ScatterElements", Map.of("axis", 1L, "reduction", "mul"), data, idx, upd).toFloatArray());
        assertArrayEquals(new float[] {7, 2, 3}, run("ScatterElements", Map.of("axis", 1L, "reduction", "max"), data, idx, upd).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3}, run("ScatterElements", Map.of("axis", 1L, "reduction", "min"), data, idx, upd).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 9}, run("ScatterElements", ax, data, l(s(1, 1), -1), f(s(1, 1), 9)).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3}, data.toFloatArray(), "the input is not modified");
    }

    @Test
    void flattenSqueezeUnsqueeze() {
        BackendArray x = f(s(2, 3, 4), new float[24]);
        assertArrayEquals(new int[] {2, 12}, run("Flatten", NONE, x).shape());
        assertArrayEquals(new int[] {1, 24}, run("Flatten", Map.of("axis", 0L), x).shape());
        assertArrayEquals(new int[] {6, 4}, run("Flatten", Map.of("axis", -1L), x).shape());
        BackendArray y = f(s(1, 3, 1), 1, 2, 3);
        assertArrayEquals(new int[] {3}, run("Squeeze", NONE, y).shape());
        assertArrayEquals(new int[] {1, 3}, run("Squeeze", NONE, y, l(-1)).shape());
        assertThrows(InvalidArgumentException.class, () -> run("Squeeze", NONE, y, l(1)));
        assertArrayEquals(new int[] {1, 3, 1, 1}, run("Unsqueeze", NONE, y, l(-1)).shape());
        assertArrayEquals(new int[] {1, 1, 3, 1}, run("Unsqueeze", NONE, y, l(0)).shape());
        assertArrayEquals(new float[] {1, 2, 3}, run("Unsqueeze", NONE, y, l(0, 4)).toFloatArray());
    }

    @Test
    void tileRangePad() {
        BackendArray t = run("Tile", NONE, f(s(1, 2), 1, 2), l(2, 2));
        assertArrayEquals(new int[] {2, 4}, t.shape());
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 1, 2}, t.toFloatArray());
        BackendArray r = run("Range", NONE, scalarL(1), scalarL(10), scalarL(3));
        assertEquals(DType.INT64, r.dtype());
        assertArrayEquals(new long[] {1, 4, 7}, r.toLongArray());
        assertArrayEquals(new float[] {3, 2.5f, 2}, run("Range", NONE, f(s(), 3), f(s(), 1.9f), f(s(), -0.5f)).toFloatArray(), 1e-6f);
        assertArrayEquals(new int[] {0}, run("Range", NONE, scalarL(5), scalarL(1), scalarL(1)).shape());
        BackendArray p = run("Pad", NONE, f(s(2, 2), 1, 2, 3, 4), l(1, 0, 0, 1), f(s(), 9));
        assertArrayEquals(new int[] {3, 3}, p.shape());
        assertArrayEquals(new float[] {9, 9, 9, 1, 2, 9, 3, 4, 9}, p.toFloatArray());
        assertArrayEquals(new float[] {2, 4}, run("Pad", NONE, f(s(2, 2), 1, 2, 3, 4), l(0, -1, 0, 0)).toFloatArray());
        assertThrows(UnsupportedOpException.class, () -> run("Pad", Map.of("mode", "reflect"), f(1), l(1, 1)));
    }

    // ---- index ops ----

    @Test
    void oneHot() {
        BackendArray r = run("OneHot", NONE, l(1, -1, 5), scalarL(3), f(0, 1));
        assertArrayEquals(new int[] {3, 3}, r.shape());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1, 0, 0, 0}, r.toFloatArray());
        BackendArray a0 = run("OneHot", Map.of("axis", 0L), l(0, 2), scalarL(3), l(-1, 7));
        assertArrayEquals(new int[] {3, 2}, a0.shape());
        assertArrayEquals(new long[] {7, -1, -1, -1, -1, 7}, a0.toLongArray());
    }

    @Test
    void topK() {
        BackendArray x = f(s(2, 4), 1, 9, 3, 9, 4, 3, 2, 1);
        BackendArray[] top = b.execute("TopK", NONE, x, l(2));
        assertArrayEquals(new int[] {2, 2}, top[0].shape());
        assertArrayEquals(new float[] {9, 9, 4, 3}, top[0].toFloatArray());
        assertEquals(DType.INT64, top[1].dtype());
        assertArrayEquals(new long[] {1, 3, 0, 1}, top[1].toLongArray());
        BackendArray[] low = b.execute("TopK", Map.of("largest", 0L, "axis", 0L), x, l(1));
        assertArrayEquals(new float[] {1, 3, 2, 1}, low[0].toFloatArray());
        assertArrayEquals(new long[] {0, 1, 1, 1}, low[1].toLongArray());
        assertThrows(InvalidArgumentException.class, () -> b.execute("TopK", NONE, x, l(5)));
    }

    @Test
    void cumSum() {
        BackendArray x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new float[] {1, 3, 6, 4, 9, 15}, run("CumSum", NONE, x, scalarL(1)).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 5, 7, 9}, run("CumSum", NONE, x, l(0)).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 3, 0, 4, 9}, run("CumSum", Map.of("exclusive", 1L), x, scalarL(-1)).toFloatArray());
        assertArrayEquals(new float[] {6, 5, 3, 15, 11, 6}, run("CumSum", Map.of("reverse", 1L), x, scalarL(1)).toFloatArray());
        assertArrayEquals(new float[] {5, 3, 0, 11, 6, 0}, run("CumSum", Map.of("reverse", 1L, "exclusive", 1L), x, scalarL(1)).toFloatArray());
    }

    @Test
    void reluGradMasksWithTheOutput() {
        BackendArray y = f(s(2, 2), 0, 2, 0, 0.5f);
        assertArrayEquals(new float[] {0, 20, 0, 40}, run("ReluGrad", NONE, y, f(s(2, 2), 10, 20, 30, 40)).toFloatArray());
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class, () -> run("ReluGrad", NONE, y, f(s(4), 1, 2, 3, 4)));
        assertTrue(shape.getMessage().contains("(2, 2)") && shape.getMessage().contains("(4,)"), shape.getMessage());
        InvalidArgumentException dtype = assertThrows(InvalidArgumentException.class,
                () -> run("ReluGrad", NONE, y, b.fromArray(new double[] {1, 2, 3, 4}, s(2, 2), DType.FLOAT64)));
        assertTrue(dtype.getMessage().contains("float32 and float64"), dtype.getMessage());
    }

    // ---- contract ----

    @Test
    void supportedOpsIsExactlyTheImplementedSet() {
        TreeSet<String> expected = new TreeSet<>(java.util.List.of("Neg", "Abs", "Exp", "Log", "Sqrt", "Reciprocal", "Sign", "Floor",
                "Ceil", "Round", "Relu", "Sigmoid", "Tanh", "Erf", "Softplus", "Softsign", "Sin", "Cos", "Elu", "Selu", "LeakyRelu",
                "HardSigmoid", "IsNaN", "IsInf", "Not", "Identity", "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Equal",
                "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor", "Where", "Clip", "Cast", "Softmax",
                "LogSoftmax", "MatMul", "Gemm", "Transpose", "Reshape", "Expand", "Concat", "Slice", "Gather", "GatherElements",
                "ScatterElements", "Flatten", "Squeeze", "Unsqueeze", "Tile", "Range", "Pad", "ReduceSum", "ReduceMean", "ReduceMax",
                "ReduceMin", "ReduceProd", "ReduceSumSquare", "ReduceL2", "ReduceLogSumExp", "ArgMax", "ArgMin", "OneHot", "TopK",
                "CumSum", "Conv", "MaxPool", "AveragePool", "GlobalMaxPool", "GlobalAveragePool", "ConvGradInput", "ConvGradFilter",
                "MaxPoolGrad", "AveragePoolGrad", "ReluGrad", "RMSpropUpdate", "AdamUpdate"));
        assertEquals(expected, new TreeSet<>(b.supportedOps()));
        UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> run("ConvTranspose", NONE, f(1)));
        assertTrue(e.getMessage().contains("ConvTranspose"), e.getMessage());
    }

    @Test
    void callerMistakesGiveClearErrors() {
        assertThrows(InvalidArgumentException.class, () -> run("Add", NONE, f(1)));
        assertThrows(InvalidArgumentException.class, () -> b.execute("Add", NONE, f(1), null));
        assertThrows(InvalidArgumentException.class, () -> run("Softmax", Map.of("axis", 3L), f(1)));
        assertThrows(InvalidArgumentException.class, () -> run("Softmax", Map.of("axis", "x"), f(1)));
        assertThrows(InvalidArgumentException.class, () -> b.fromArray(new float[3], s(2, 2), DType.FLOAT32));
        assertThrows(InvalidArgumentException.class, () -> b.fromArray(new int[4], s(2, 2), DType.FLOAT32));
        InvalidArgumentException big = assertThrows(InvalidArgumentException.class, () -> b.full(s(100000, 100000), 0, DType.FLOAT32));
        assertTrue(big.getMessage().contains("[100000, 100000]") && big.getMessage().contains("2147483639"), big.getMessage());
        assertThrows(InvalidArgumentException.class, () -> b.full(s(-1), 0, DType.FLOAT32));
    }

    @Test
    void closedArraysRefuseReads() {
        BackendArray x = f(1, 2);
        x.close();
        x.close(); // idempotent
        assertTrue(x.isClosed());
        RuntimeException e = assertThrows(RuntimeException.class, x::toFloatArray);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(RuntimeException.class, () -> run("Neg", NONE, x));
    }

    @Test
    void fullFillsEveryDtype() {
        assertArrayEquals(new float[] {2.5f, 2.5f}, b.full(s(2), 2.5, DType.FLOAT32).toFloatArray());
        assertArrayEquals(new long[] {3, 3}, b.full(s(2), 3, DType.INT64).toLongArray());
        assertArrayEquals(new boolean[] {true}, b.full(s(1), 1, DType.BOOL).toBooleanArray());
        assertEquals(0, b.full(s(0, 3), 1, DType.FLOAT64).size());
    }
}
