package dev.kiln.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.api.DType;
import dev.kiln.backend.java.JavaBackendProvider;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The same operators on the same random inputs on the nd4j and java backends agree (float32: 1e-5 relative). */
class Nd4jVsJavaTest {
    static final Backend ND4J = new Nd4jBackendProvider().create();
    static final Backend JAVA = new JavaBackendProvider().create();

    /** An input: a random float tensor, or fixed data of another dtype. */
    record In(int[] shape, DType dtype, Object data, boolean positive) {
        static In f(boolean positive, int... shape) { return new In(shape, DType.FLOAT32, null, positive); }
        static In f(int... shape) { return f(false, shape); }
        static In d(int... shape) { return new In(shape, DType.FLOAT64, null, false); }
        static In longs(long... v) { return new In(new int[] {v.length}, DType.INT64, v, false); }
        static In scalarLong(long v) { return new In(new int[0], DType.INT64, new long[] {v}, false); }
        static In ints(int[] shape, int bound) { return new In(shape, DType.INT64, bound, false); }
        static In bools(int... shape) { return new In(shape, DType.BOOL, null, false); }
    }

    record Case(String op, Map<String, Object> attrs, In... inputs) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(op);
            for (In i : inputs) {
                sb.append(' ').append(java.util.Arrays.toString(i.shape()));
            }
            return sb.append(attrs.isEmpty() ? "" : " " + attrs).toString();
        }
    }

    /** Output size of a 3x3 convolution over h x w with these attributes. */
    static int[] convOut(Map<String, Object> a, int h, int w) {
        long[] st = (long[]) a.getOrDefault("strides", new long[] {1, 1});
        long[] d = (long[]) a.getOrDefault("dilations", new long[] {1, 1});
        long[] p = (long[]) a.getOrDefault("pads", new long[] {0, 0, 0, 0});
        if ("SAME_UPPER".equals(a.get("auto_pad"))) {
            return new int[] {(int) ((h + st[0] - 1) / st[0]), (int) ((w + st[1] - 1) / st[1])};
        }
        return new int[] {(int) ((h + p[0] + p[2] - (2 * d[0] + 1)) / st[0] + 1), (int) ((w + p[1] + p[3] - (2 * d[1] + 1)) / st[1] + 1)};
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (String op : List.of("Add", "Sub", "Mul", "Div", "Max", "Min")) {
            c.add(new Case(op, Map.of(), In.f(64, 64), In.f(64, 64)));
            c.add(new Case(op, Map.of(), In.f(3, 4), In.f(4)));
            c.add(new Case(op, Map.of(), In.f(2, 1, 4), In.f(3, 1)));
            c.add(new Case(op, Map.of(), In.f(5), In.f()));
        }
        c.add(new Case("Add", Map.of(), In.d(6, 7), In.d(7)));
        c.add(new Case("Pow", Map.of(), In.f(true, 4, 5), In.f(5)));
        for (String op : List.of("Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual")) {
            c.add(new Case(op, Map.of(), In.f(4, 5), In.f(1, 5)));
        }
        for (String op : List.of("And", "Or", "Xor")) {
            c.add(new Case(op, Map.of(), In.bools(3, 4), In.bools(4)));
        }
        c.add(new Case("Not", Map.of(), In.bools(3, 4)));
        for (String op : List.of("Neg", "Abs", "Exp", "Sign", "Floor", "Ceil", "Round", "Relu", "Sigmoid", "Tanh", "Erf", "Softplus",
                "Softsign", "Sin", "Cos", "Elu", "Selu", "LeakyRelu", "HardSigmoid", "IsNaN", "IsInf", "Identity")) {
            c.add(new Case(op, Map.of(), In.f(7, 9)));
        }
        for (String op : List.of("Log", "Sqrt", "Reciprocal")) {
            c.add(new Case(op, Map.of(), In.f(true, 7, 9)));
        }
        c.add(new Case("Elu", Map.of("alpha", 0.5), In.f(10)));
        c.add(new Case("LeakyRelu", Map.of("alpha", 0.2), In.f(10)));
        c.add(new Case("ReduceSum", Map.of("keepdims", 0L), In.f(4, 6, 3), In.longs(1)));
        c.add(new Case("ReduceSum", Map.of("keepdims", 1L), In.f(4, 6, 3), In.longs(0, 2)));
        c.add(new Case("ReduceSum", Map.of(), In.f(5, 6)));
        for (String op : List.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceSumSquare", "ReduceL2",
                "ReduceLogSumExp")) {
            c.add(new Case(op, Map.of("keepdims", 0L, "axes", new long[] {1}), In.f(4, 6, 3)));
            c.add(new Case(op, Map.of("keepdims", 1L, "axes", new long[] {0, 2}), In.f(4, 6, 3)));
            c.add(new Case(op, Map.of(), In.f(5, 6)));
        }
        c.add(new Case("ReduceSum", Map.of("keepdims", 0L), In.f(64, 10), In.longs(-1)));
        c.add(new Case("ReduceSum", Map.of(), In.f(64, 10), In.longs(0)));
        c.add(new Case("ReduceSum", Map.of("keepdims", 0L), In.d(64, 10), In.longs(0)));
        c.add(new Case("ReduceMean", Map.of("axes", new long[] {1}), In.f(64, 10)));
        c.add(new Case("ReduceMean", Map.of("axes", new long[] {0}, "keepdims", 0L), In.f(3000, 7)));
        c.add(new Case("Softmax", Map.of(), In.f(64, 10)));
        c.add(new Case("Softmax", Map.of("axis", 1L), In.f(3, 4, 5)));
        c.add(new Case("LogSoftmax", Map.of(), In.f(64, 10)));
        c.add(new Case("LogSoftmax", Map.of("axis", 0L), In.f(3, 4)));
        c.add(new Case("MatMul", Map.of(), In.f(64, 784), In.f(784, 64)));
        c.add(new Case("MatMul", Map.of(), In.f(2, 3, 4, 5), In.f(5, 6)));
        c.add(new Case("MatMul", Map.of(), In.f(2, 1, 4, 5), In.f(3, 5, 6)));
        c.add(new Case("MatMul", Map.of(), In.f(5), In.f(2, 5, 3)));
        c.add(new Case("MatMul", Map.of(), In.f(4, 5), In.f(5)));
        c.add(new Case("MatMul", Map.of(), In.d(8, 9), In.d(9, 2)));
        c.add(new Case("Gemm", Map.of(), In.f(8, 9), In.f(9, 4), In.f(4)));
        c.add(new Case("Gemm", Map.of("transA", 1L, "transB", 1L, "alpha", 0.5, "beta", 2.0), In.f(9, 8), In.f(4, 9), In.f(8, 1)));
        c.add(new Case("Gemm", Map.of("transB", 1L), In.f(64, 784), In.f(64, 784)));
        // one-row and one-column products run as matrix-vector products, with every transpose
        for (boolean f32 : new boolean[] {true, false}) {
            java.util.function.Function<int[], In> t = d -> f32 ? In.f(d) : In.d(d);
            c.add(new Case("Gemm", Map.of("transA", 1L), t.apply(new int[] {9, 1}), t.apply(new int[] {9, 4})));
            c.add(new Case("Gemm", Map.of("transB", 1L), t.apply(new int[] {1, 9}), t.apply(new int[] {4, 9})));
            c.add(new Case("Gemm", Map.of("transA", 1L, "transB", 1L, "alpha", 0.5), t.apply(new int[] {9, 1}), t.apply(new int[] {4, 9})));
            c.add(new Case("Gemm", Map.of(), t.apply(new int[] {5, 9}), t.apply(new int[] {9, 1})));
            c.add(new Case("Gemm", Map.of("transA", 1L), t.apply(new int[] {9, 5}), t.apply(new int[] {9, 1})));
            c.add(new Case("Gemm", Map.of("transB", 1L), t.apply(new int[] {5, 9}), t.apply(new int[] {1, 9})));
            c.add(new Case("MatMul", Map.of(), t.apply(new int[] {1, 9}), t.apply(new int[] {9, 3})));
            c.add(new Case("MatMul", Map.of(), t.apply(new int[] {6, 9}), t.apply(new int[] {9, 1})));
        }
        c.add(new Case("Transpose", Map.of(), In.f(3, 4)));
        c.add(new Case("Transpose", Map.of("perm", new long[] {1, 2, 0}), In.f(2, 3, 4)));
        c.add(new Case("Reshape", Map.of(), In.f(2, 3, 4), In.longs(0, -1)));
        c.add(new Case("Expand", Map.of(), In.f(3, 1), In.longs(2, 3, 4)));
        c.add(new Case("Concat", Map.of("axis", 1L), In.f(2, 3), In.f(2, 5), In.f(2, 1)));
        c.add(new Case("Slice", Map.of(), In.f(6, 7), In.longs(1, 0), In.longs(5, 7), In.longs(0, 1), In.longs(2, 3)));
        c.add(new Case("Slice", Map.of(), In.f(6, 7), In.longs(-1), In.longs(-100), In.longs(1), In.longs(-2)));
        c.add(new Case("Gather", Map.of("axis", 0L), In.f(10, 4), In.ints(new int[] {6}, 10)));
        c.add(new Case("Gather", Map.of("axis", 1L), In.f(3, 10, 2), In.ints(new int[] {2, 3}, 10)));
        c.add(new Case("GatherElements", Map.of("axis", 1L), In.f(4, 5), In.ints(new int[] {4, 2}, 5)));
        c.add(new Case("ScatterElements", Map.of("axis", 1L, "reduction", "add"), In.f(4, 5), In.ints(new int[] {4, 2}, 5), In.f(4, 2)));
        c.add(new Case("Flatten", Map.of("axis", 2L), In.f(2, 3, 4)));
        c.add(new Case("Squeeze", Map.of(), In.f(2, 1, 4), In.longs(1)));
        c.add(new Case("Unsqueeze", Map.of(), In.f(2, 4), In.longs(0, 3)));
        c.add(new Case("Tile", Map.of(), In.f(2, 3), In.longs(2, 2)));
        c.add(new Case("Pad", Map.of(), In.f(3, 4), In.longs(1, 0, 2, 1)));
        c.add(new Case("ArgMax", Map.of("axis", 1L, "keepdims", 0L), In.f(64, 10)));
        c.add(new Case("ArgMin", Map.of("axis", 0L), In.f(6, 10)));
        c.add(new Case("TopK", Map.of("axis", 1L), In.f(5, 10), In.longs(3)));
        c.add(new Case("CumSum", Map.of("exclusive", 1L), In.f(4, 5), In.scalarLong(1)));
        c.add(new Case("Where", Map.of(), In.bools(4, 1), In.f(4, 5), In.f(5)));
        c.add(new Case("Clip", Map.of(), In.f(4, 5), new In(new int[0], DType.FLOAT32, new float[] {-0.5f}, false),
                new In(new int[0], DType.FLOAT32, new float[] {0.5f}, false)));
        c.add(new Case("Cast", Map.of("to", 7L), In.f(4, 5)));
        c.add(new Case("Cast", Map.of("to", 11L), In.f(4, 5)));
        c.add(new Case("Cast", Map.of("to", 9L), In.f(4, 5)));
        c.add(new Case("Mod", Map.of("fmod", 1L), In.f(4, 5), In.f(true, 5)));
        c.add(new Case("OneHot", Map.of(), In.ints(new int[] {6}, 10), In.scalarLong(10),
                new In(new int[] {2}, DType.FLOAT32, new float[] {0, 1}, false)));
        c.add(new Case("Range", Map.of(), new In(new int[0], DType.FLOAT32, new float[] {1}, false),
                new In(new int[0], DType.FLOAT32, new float[] {5}, false), new In(new int[0], DType.FLOAT32, new float[] {0.5f}, false)));
        c.add(new Case("GlobalAveragePool", Map.of(), In.f(2, 3, 5, 4)));
        c.add(new Case("GlobalMaxPool", Map.of(), In.f(2, 3, 5, 4)));
        c.add(new Case("GlobalAveragePool", Map.of(), In.f(2, 3, 7)));
        // Convolutions: the products go to OpenBLAS here and stay in Java there.
        for (Map<String, Object> a : List.<Map<String, Object>>of(Map.of(), Map.of("strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER"),
                Map.of("dilations", new long[] {2, 2}), Map.of("group", 2L, "pads", new long[] {1, 0, 1, 2}))) {
            java.util.Map<String, Object> conv = new java.util.HashMap<>(a);
            conv.put("kernel_shape", new long[] {3, 3});
            c.add(new Case("Conv", conv, In.f(3, 4, 9, 8), In.f(6, 4 / (int) (long) (Long) conv.getOrDefault("group", 1L), 3, 3),
                    In.f(6)));
            int[] out = convOut(conv, 9, 8);
            java.util.Map<String, Object> gi = new java.util.HashMap<>(conv);
            gi.put("input_shape", new long[] {3, 4, 9, 8});
            c.add(new Case("ConvGradInput", gi, In.f(3, 6, out[0], out[1]),
                    In.f(6, 4 / (int) (long) (Long) conv.getOrDefault("group", 1L), 3, 3)));
            java.util.Map<String, Object> gf = new java.util.HashMap<>(conv);
            gf.put("filter_shape", new long[] {6, 4 / (long) (Long) conv.getOrDefault("group", 1L), 3, 3});
            c.add(new Case("ConvGradFilter", gf, In.f(3, 4, 9, 8), In.f(3, 6, out[0], out[1])));
        }
        c.add(new Case("Conv", Map.of("kernel_shape", new long[] {3, 3}), In.d(2, 3, 6, 6), In.d(5, 3, 3, 3)));
        c.add(new Case("Conv", Map.of("kernel_shape", new long[] {3, 3}), In.d(2, 3, 6, 6), In.d(5, 3, 3, 3), In.d(5)));
        // Big enough samples that the batched products run in several chunks per thread, the last one partial
        // (7 samples over two threads: 4 and 3, in chunks of 3).
        Map<String, Object> k3 = Map.of("kernel_shape", new long[] {3, 3});
        c.add(new Case("Conv", k3, In.f(7, 4, 64, 64), In.f(8, 4, 3, 3), In.f(8)));
        c.add(new Case("ConvGradInput", Map.of("kernel_shape", new long[] {3, 3}, "input_shape", new long[] {7, 4, 64, 64}),
                In.f(7, 8, 62, 62), In.f(8, 4, 3, 3)));
        c.add(new Case("ConvGradFilter", Map.of("kernel_shape", new long[] {3, 3}, "filter_shape", new long[] {8, 4, 3, 3}),
                In.f(7, 4, 64, 64), In.f(7, 8, 62, 62)));
        c.add(new Case("MatMul", Map.of(), In.d(3, 5, 7), In.d(7, 4)));
        // Larger products, with an odd row count and every transpose.
        c.add(new Case("MatMul", Map.of(), In.f(301, 784), In.f(784, 64)));
        c.add(new Case("Gemm", Map.of("transA", 1L), In.f(200, 301), In.f(200, 70)));
        c.add(new Case("Gemm", Map.of("transA", 1L, "transB", 1L, "alpha", 0.5), In.f(200, 301), In.f(70, 200), In.f(70)));
        c.add(new Case("MatMul", Map.of(), In.d(2, 129, 300), In.d(300, 110)));
        // Products of at least 2^24 multiply-adds, whose rows are split across the kernel threads (one BLAS call each):
        // an uneven split (1030 rows: 520 and 510) and both transposes of A.
        c.add(new Case("MatMul", Map.of(), In.f(1030, 784), In.f(784, 64)));
        c.add(new Case("Gemm", Map.of("transA", 1L), In.f(520, 301), In.f(520, 110)));
        c.add(new Case("Gemm", Map.of("transA", 1L, "transB", 1L, "alpha", 0.5), In.f(520, 301), In.f(110, 520), In.f(110)));
        return c;
    }

    static Object data(In in, Random r) {
        int n = 1;
        for (int d : in.shape()) {
            n *= d;
        }
        if (in.data() instanceof Integer bound) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(bound);
            }
            return v;
        }
        if (in.data() != null) {
            return in.data();
        }
        switch (in.dtype()) {
            case FLOAT32: {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = in.positive() ? 0.1f + 2 * r.nextFloat() : (float) (r.nextGaussian() * 2);
                }
                return v;
            }
            case FLOAT64: {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = r.nextGaussian();
                }
                return v;
            }
            case BOOL: {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = r.nextBoolean();
                }
                return v;
            }
            default: throw new IllegalStateException();
        }
    }

    /** A split product reads a window (rows of a larger array, as a predict batch is) at the window's offset. */
    @Test
    void splitProductOfAWindow() {
        Random r = new Random(7);
        float[] x = new float[1040 * 784];
        float[] w = new float[784 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        double[][] out = new double[2][];
        Backend[] backends = {ND4J, JAVA};
        for (int k = 0; k < 2; k++) {
            Backend be = backends[k];
            BackendArray all = be.fromArray(x, new int[] {1040, 784}, DType.FLOAT32);
            BackendArray rows = be.execute("Slice", Map.of(), all, be.fromArray(new long[] {3}, new int[] {1}, DType.INT64),
                    be.fromArray(new long[] {1033}, new int[] {1}, DType.INT64), be.fromArray(new long[] {0}, new int[] {1}, DType.INT64))[0];
            out[k] = be.execute("MatMul", Map.of(), rows, be.fromArray(w, new int[] {784, 64}, DType.FLOAT32))[0].toDoubleArray();
        }
        assertEquals(1030 * 64, out[0].length);
        for (int i = 0; i < out[0].length; i++) {
            if (Math.abs(out[0][i] - out[1][i]) > 1e-4 * Math.max(1, Math.abs(out[1][i]))) {
                fail("element " + i + " is " + out[0][i] + ", java gives " + out[1][i]);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> sameResults() {
        Random r = new Random(42);
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            Assumptions.assumeTrue(JAVA.supportedOps().contains(c.op()), "the java backend on the class path lacks " + c.op());
            BackendArray[] a = new BackendArray[c.inputs().length];
            BackendArray[] b = new BackendArray[c.inputs().length];
            for (int i = 0; i < a.length; i++) {
                In in = c.inputs()[i];
                Object d = data(in, r);
                a[i] = ND4J.fromArray(d, in.shape(), in.dtype());
                b[i] = JAVA.fromArray(d, in.shape(), in.dtype());
            }
            BackendArray[] got = ND4J.execute(c.op(), c.attrs(), a);
            BackendArray[] want = JAVA.execute(c.op(), c.attrs(), b);
            assertEquals(want.length, got.length);
            for (int o = 0; o < want.length; o++) {
                assertEquals(want[o].dtype(), got[o].dtype(), "dtype of output " + o);
                assertArrayEquals(want[o].shape(), got[o].shape(), "shape of output " + o);
                double[] w = want[o].toDoubleArray();
                double[] g = got[o].toDoubleArray();
                double tol = want[o].dtype() == DType.FLOAT64 ? 1e-10 : want[o].dtype() == DType.FLOAT32 ? 1e-5 : 0;
                // products sum many terms in another order: relative to the output's scale there
                double scale = 1.0;
                if (c.op().equals("MatMul") || c.op().equals("Gemm") || c.op().startsWith("Conv")) {
                    for (double v : w) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                }
                for (int i = 0; i < w.length; i++) {
                    boolean ok = Double.isNaN(w[i]) ? Double.isNaN(g[i])
                            : w[i] == g[i] || Math.abs(w[i] - g[i]) <= tol * Math.max(scale, Math.abs(w[i]));
                    if (!ok) {
                        fail(c + ": output " + o + " element " + i + " is " + g[i] + ", java gives " + w[i]);
                    }
                }
                got[o].close();
                want[o].close();
            }
            for (int i = 0; i < a.length; i++) {
                a[i].close();
                b[i].close();
            }
        }));
    }
}
