package dev.kiln.backend.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The float32 fast paths (transpose blocks, reductions, comparisons, casts) agree with the general float64 path. */
class FastPathTest {
    private final Backend b = new JavaBackendProvider().create();
    private final int[] shape = {3, 1, 4, 5};
    private final double[] values = new double[60];

    FastPathTest() {
        Random r = new Random(11);
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.round(r.nextGaussian() * 8) / 4.0; // exact in float32, ties for the comparisons
        }
    }

    private BackendArray f32() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return b.fromArray(f, shape, DType.FLOAT32);
    }

    private BackendArray f64() { return b.fromArray(values.clone(), shape, DType.FLOAT64); }

    private static List<int[]> permutations(int[] items, int k) {
        List<int[]> out = new ArrayList<>();
        if (k == items.length) {
            out.add(items.clone());
            return out;
        }
        for (int i = k; i < items.length; i++) {
            int[] c = items.clone();
            int t = c[k];
            c[k] = c[i];
            c[i] = t;
            out.addAll(permutations(c, k + 1));
        }
        return out;
    }

    @Test
    void everyTransposeOfARank4Tensor() {
        for (int[] p : permutations(new int[] {0, 1, 2, 3}, 0)) {
            long[] perm = java.util.Arrays.stream(p).asLongStream().toArray();
            BackendArray fast = b.execute("Transpose", Map.of("perm", perm), f32())[0];
            BackendArray general = b.execute("Transpose", Map.of("perm", perm), f64())[0];
            assertArrayEquals(general.shape(), fast.shape());
            assertArrayEquals(general.toDoubleArray(), fast.toDoubleArray(), 0, java.util.Arrays.toString(p));
        }
    }

    @Test
    void everyReductionOverEveryAxisSet() {
        for (String op : List.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin")) {
            for (int mask = 0; mask < 16; mask++) {
                List<Long> axes = new ArrayList<>();
                for (int a = 0; a < 4; a++) {
                    if ((mask & (1 << a)) != 0) {
                        axes.add((long) a);
                    }
                }
                for (long keep : new long[] {0, 1}) {
                    Map<String, Object> attrs = axes.isEmpty() ? Map.of("keepdims", keep)
                            : Map.of("keepdims", keep, "axes", axes.stream().mapToLong(Long::longValue).toArray());
                    BackendArray fast = op.equals("ReduceSum") && !axes.isEmpty()
                            ? b.execute(op, Map.of("keepdims", keep), f32(), b.fromArray(axes.stream().mapToLong(Long::longValue).toArray(),
                                    new int[] {axes.size()}, DType.INT64))[0]
                            : b.execute(op, op.equals("ReduceSum") ? Map.of("keepdims", keep) : attrs, f32())[0];
                    BackendArray general = op.equals("ReduceSum") && !axes.isEmpty()
                            ? b.execute(op, Map.of("keepdims", keep), f64(), b.fromArray(axes.stream().mapToLong(Long::longValue).toArray(),
                                    new int[] {axes.size()}, DType.INT64))[0]
                            : b.execute(op, op.equals("ReduceSum") ? Map.of("keepdims", keep) : attrs, f64())[0];
                    String what = op + " axes " + axes + " keepdims " + keep;
                    assertArrayEquals(general.shape(), fast.shape(), what);
                    double[] g = general.toDoubleArray();
                    double[] f = fast.toDoubleArray();
                    for (int i = 0; i < g.length; i++) {
                        assertEquals(g[i], f[i], 1e-5 * Math.max(1, Math.abs(g[i])), what);
                    }
                }
            }
        }
    }

    @Test
    void largeSumsSplitAcrossThreadsStayExact() {
        // Above the size at which per-channel sums are split across the kernel threads (a conv bias gradient).
        int[] big = {16, 8, 48, 48};
        int n = 16 * 8 * 48 * 48;
        float[] f = new float[n];
        double[] d = new double[n];
        Random r = new Random(5);
        for (int i = 0; i < n; i++) {
            d[i] = Math.round(r.nextGaussian() * 8) / 4.0; // sums of quarters stay exact in double
            f[i] = (float) d[i];
        }
        for (long[] axes : new long[][] {{0, 2, 3}, {2, 3}, {0, 1, 2, 3}}) {
            BackendArray ax = b.fromArray(axes, new int[] {axes.length}, DType.INT64);
            BackendArray fast = b.execute("ReduceSum", Map.of("keepdims", 0L), b.fromArray(f, big, DType.FLOAT32), ax)[0];
            BackendArray general = b.execute("ReduceSum", Map.of("keepdims", 0L), b.fromArray(d, big, DType.FLOAT64), ax)[0];
            assertArrayEquals(general.toDoubleArray(), fast.toDoubleArray(), 0, java.util.Arrays.toString(axes));
        }
    }

    @Test
    void comparisonsAndMaskCasts() {
        for (String op : List.of("Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual")) {
            BackendArray scalar32 = b.fromArray(new float[] {0.5f}, new int[0], DType.FLOAT32);
            BackendArray scalar64 = b.fromArray(new double[] {0.5}, new int[0], DType.FLOAT64);
            assertArrayEquals(b.execute(op, Map.of(), f64(), scalar64)[0].toBooleanArray(),
                    b.execute(op, Map.of(), f32(), scalar32)[0].toBooleanArray(), op);
            BackendArray mask = b.execute(op, Map.of(), f32(), f32())[0];
            assertArrayEquals(b.execute(op, Map.of(), f64(), f64())[0].toBooleanArray(), mask.toBooleanArray(), op);
            float[] cast = b.execute("Cast", Map.of("to", 1L), mask)[0].toFloatArray();
            boolean[] m = mask.toBooleanArray();
            for (int i = 0; i < m.length; i++) {
                assertEquals(m[i] ? 1f : 0f, cast[i]);
            }
        }
    }

    @Test
    void maxPoolWithoutPaddingAndItsGradient() {
        // The values (with ties) as N=3, C=1, H=4, W=5, and as N=1, C=3, H=5, W=4: windows that tile the plane leave a
        // column, or a row, that no window covers. Kernels equal to the strides, smaller, and larger.
        for (int[] xs : new int[][] {shape, {1, 3, 5, 4}})
        for (Map<String, Object> attrs : List.<Map<String, Object>>of(Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}),
                Map.of("kernel_shape", new long[] {3, 2}, "strides", new long[] {1, 2}),
                Map.of("kernel_shape", new long[] {2, 1}, "strides", new long[] {2, 1}),
                Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {3, 3}))) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            java.util.function.Supplier<BackendArray> f32 = () -> b.fromArray(f.clone(), xs, DType.FLOAT32);
            java.util.function.Supplier<BackendArray> f64 = () -> b.fromArray(values.clone(), xs, DType.FLOAT64);
            BackendArray[] fast = b.execute("MaxPool", attrs, f32.get());
            BackendArray[] general = b.execute("MaxPool", attrs, f64.get());
            assertArrayEquals(general[0].toDoubleArray(), fast[0].toDoubleArray(), 0);
            assertArrayEquals(general[1].toLongArray(), fast[1].toLongArray(), "indices, first maximum on ties");
            // Y alone (as Keras asks for it) takes the path that tracks no positions
            assertArrayEquals(general[0].toDoubleArray(), b.execute("MaxPool", attrs, 1, f32.get())[0].toDoubleArray(), 0);
            int[] ys = general[0].shape();
            int n = 1;
            for (int d : ys) {
                n *= d;
            }
            double[] gy = new double[n];
            float[] gyf = new float[n];
            for (int i = 0; i < n; i++) {
                gy[i] = i + 1;
                gyf[i] = i + 1;
            }
            // twice: the second takes the first's freed buffer, so an element left unwritten would show its old value
            for (int round = 0; round < 2; round++) {
                BackendArray dxFast = b.execute("MaxPoolGrad", attrs, f32.get(), b.fromArray(gyf, ys, DType.FLOAT32))[0];
                BackendArray dxGeneral = b.execute("MaxPoolGrad", attrs, f64.get(), b.fromArray(gy, ys, DType.FLOAT64))[0];
                assertArrayEquals(dxGeneral.toDoubleArray(), dxFast.toDoubleArray(), 0, java.util.Arrays.toString(xs) + " " + attrs);
                dxFast.close();
            }
        }
    }

    @Test
    void maxPoolGradientOverReusedBuffersWritesEveryElement() {
        // Large enough (27 KB) that a freed gradient's buffer is pooled and handed, unzeroed, to the next one; odd
        // planes (33 x 35) leave a row and a column outside every 2 x 2 window.
        int[] xs = {2, 3, 33, 35};
        int n = 2 * 3 * 33 * 35;
        Random r = new Random(11);
        double[] d = new double[n];
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.round(r.nextGaussian() * 8) / 4.0;
            f[i] = (float) d[i];
        }
        Map<String, Object> attrs = Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2});
        int[] ys = {2, 3, 16, 17};
        double[] gy = new double[2 * 3 * 16 * 17];
        float[] gyf = new float[gy.length];
        for (int i = 0; i < gy.length; i++) {
            gy[i] = i + 1;
            gyf[i] = i + 1;
        }
        double[] want = b.execute("MaxPoolGrad", attrs, b.fromArray(d, xs, DType.FLOAT64), b.fromArray(gy, ys, DType.FLOAT64))[0].toDoubleArray();
        for (int round = 0; round < 3; round++) {
            BackendArray x = b.fromArray(f, xs, DType.FLOAT32);
            BackendArray dy = b.fromArray(gyf, ys, DType.FLOAT32);
            BackendArray poison = b.full(xs, 99, DType.FLOAT32); // freed here: its buffer, full of 99s, is the next one taken
            poison.close();
            BackendArray got = b.execute("MaxPoolGrad", attrs, x, dy)[0];
            assertArrayEquals(want, got.toDoubleArray(), 0);
            got.close();
        }
    }

    @Test
    void reluAndItsGradient() {
        // values include zeros and negatives; the gradient is the element index + 1
        assertArrayEquals(b.execute("Relu", Map.of(), f64())[0].toDoubleArray(), b.execute("Relu", Map.of(), f32())[0].toDoubleArray(), 0);
        double[] g = new double[values.length];
        float[] gf = new float[values.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = i + 1;
            gf[i] = i + 1;
        }
        BackendArray fast = b.execute("ReluGrad", Map.of(), b.execute("Relu", Map.of(), f32())[0], b.fromArray(gf, shape, DType.FLOAT32))[0];
        BackendArray general = b.execute("ReluGrad", Map.of(), b.execute("Relu", Map.of(), f64())[0], b.fromArray(g, shape, DType.FLOAT64))[0];
        assertArrayEquals(general.toDoubleArray(), fast.toDoubleArray(), 0);
        for (int i = 0; i < g.length; i++) {
            assertEquals(values[i] > 0 ? i + 1 : 0, fast.toDoubleArray()[i], "element " + i + " of value " + values[i]);
        }
        float[] nan = {Float.NaN, -1f};
        assertEquals(Float.NaN, b.execute("Relu", Map.of(), b.fromArray(nan, new int[] {2}, DType.FLOAT32))[0].toFloatArray()[0]);
        assertEquals(Double.NaN, b.execute("Relu", Map.of(), b.fromArray(new double[] {Double.NaN}, new int[] {1}, DType.FLOAT64))[0]
                .toDoubleArray()[0]);
    }

    private BackendArray random(int[] shape, DType dtype, long seed) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (Math.round(r.nextGaussian() * 8) + 0.5) / 4.0; // exact in float32, never zero (a divisor)
        }
        if (dtype == DType.FLOAT64) {
            return b.fromArray(v, shape, dtype);
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) v[i];
        }
        return b.fromArray(f, shape, dtype);
    }

    @Test
    void arithmeticOverEveryBroadcastAgreesWithTheGeneralPath() {
        // Bias-like operands on either side (tiled), scalars on either side, equal shapes, and sizes that split across the
        // kernel threads (600 x 500 elements).
        int[][][] pairs = {{{4, 5}, {5}}, {{5}, {4, 5}}, {{2, 3, 4}, {3, 4}}, {{3, 4}, {2, 3, 4}}, {{2, 3, 4}, {1, 4}},
            {{4, 5}, {4, 1}}, {{1}, {4, 5}}, {{4, 5}, {}}, {{4, 5}, {4, 5}}, {{600, 500}, {500}}, {{500}, {600, 500}},
            {{600, 500}, {600, 500}}, {{0, 5}, {5}}, {{7}, {7}}};
        for (String op : List.of("Add", "Sub", "Mul", "Div")) {
            for (int[][] p : pairs) {
                BackendArray fast = b.execute(op, Map.of(), random(p[0], DType.FLOAT32, 1), random(p[1], DType.FLOAT32, 2))[0];
                BackendArray general = b.execute(op, Map.of(), random(p[0], DType.FLOAT64, 1), random(p[1], DType.FLOAT64, 2))[0];
                String what = op + " " + java.util.Arrays.toString(p[0]) + " " + java.util.Arrays.toString(p[1]);
                assertArrayEquals(general.shape(), fast.shape(), what);
                double[] g = general.toDoubleArray();
                double[] f = fast.toDoubleArray();
                for (int i = 0; i < g.length; i++) {
                    assertEquals((float) g[i], f[i], Math.ulp((float) g[i]), what + " at " + i);
                }
            }
        }
    }

    @Test
    void softmaxRowsSplitAcrossThreadsAgreeWithTheGeneralPath() {
        for (int[] shape : new int[][] {{3, 10}, {1024, 10}, {2, 5000}}) {
            for (String op : List.of("Softmax", "LogSoftmax")) {
                BackendArray fast = b.execute(op, Map.of("axis", -1L), random(shape, DType.FLOAT32, 3))[0];
                BackendArray general = b.execute(op, Map.of("axis", -1L), random(shape, DType.FLOAT64, 3))[0];
                double[] g = general.toDoubleArray();
                double[] f = fast.toDoubleArray();
                for (int i = 0; i < g.length; i++) {
                    assertEquals((float) g[i], f[i], 0, op + " " + java.util.Arrays.toString(shape) + " at " + i);
                }
            }
        }
    }

    @Test
    void softmaxOfExtremeAndWideRowsAgreesWithTheGeneralPath() {
        // Large and tiny magnitudes (the row's maximum must leave LogSoftmax's largest element exact), NaN, infinities,
        // rows wider than the block the exponentials are taken in, and many short rows over several blocks.
        float big = 3.4e38f;
        float[][] rows = {{1e10f, 1e10f}, {-big, -big, -big}, {big, 0, -big}, {30, -45, 60.5f, 1e-20f},
                {Float.NaN, 1, 2}, {Float.POSITIVE_INFINITY, 1}, {Float.NEGATIVE_INFINITY, 1}, {-200, 0}, {7}};
        java.util.List<float[]> cases = new java.util.ArrayList<>(java.util.List.of(rows));
        Random r = new Random(11);
        float[] wide = new float[9000];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = (float) (r.nextGaussian() * 30);
        }
        cases.add(wide);
        for (float[] row : cases) {
            check(row, new int[] {1, row.length});
        }
        float[] many = new float[5000 * 3];
        for (int i = 0; i < many.length; i++) {
            many[i] = (float) (r.nextGaussian() * 30);
        }
        check(many, new int[] {5000, 3});
    }

    private void check(float[] values, int[] shape) {
        double[] asDouble = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            asDouble[i] = values[i];
        }
        for (String op : List.of("Softmax", "LogSoftmax")) {
            float[] fast = b.execute(op, Map.of("axis", -1L), b.fromArray(values, shape, DType.FLOAT32))[0].toFloatArray();
            double[] general = b.execute(op, Map.of("axis", -1L), b.fromArray(asDouble, shape, DType.FLOAT64))[0].toDoubleArray();
            for (int i = 0; i < fast.length; i++) {
                float want = (float) general[i];
                if (Float.isNaN(want)) {
                    assertTrue(Float.isNaN(fast[i]), op + " " + java.util.Arrays.toString(shape) + " at " + i + ": " + fast[i]);
                } else {
                    assertEquals(want, fast[i], Float.isInfinite(want) ? 0 : Math.ulp(want), op + " " + java.util.Arrays.toString(shape)
                            + " at " + i);
                }
            }
        }
    }

    @Test
    void expandToLeadingDimensionsRepeatsTheWholeInput() {
        // The tiled path (x's shape is the target's trailing part), for two dtypes, against the broadcast definition.
        int[][][] pairs = {{{4, 5}, {3, 4, 5}}, {{5}, {7, 5}}, {{}, {2, 3}}, {{2, 3}, {2, 3}}, {{6}, {1000, 6}}};
        for (int[][] p : pairs) {
            long[] target = java.util.Arrays.stream(p[1]).asLongStream().toArray();
            BackendArray shape = b.fromArray(target, new int[] {target.length}, DType.INT64);
            BackendArray x = random(p[0], DType.FLOAT32, 5);
            float[] xs = x.toFloatArray();
            float[] got = b.execute("Expand", Map.of(), x, shape)[0].toFloatArray();
            assertEquals(java.util.Arrays.stream(p[1]).reduce(1, (u, v) -> u * v), got.length);
            for (int i = 0; i < got.length; i++) {
                assertEquals(xs[i % xs.length], got[i], 0, java.util.Arrays.toString(p[1]) + " at " + i);
            }
            long[] ids = new long[xs.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 100 + i;
            }
            long[] gotIds = b.execute("Expand", Map.of(), b.fromArray(ids, p[0], DType.INT64), shape)[0].toLongArray();
            for (int i = 0; i < gotIds.length; i++) {
                assertEquals(ids[i % ids.length], gotIds[i], "int64 " + java.util.Arrays.toString(p[1]) + " at " + i);
            }
        }
    }
}
