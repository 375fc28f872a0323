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
import dev.kiln.backend.spi.GradientOps;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The gradient kernels against central finite differences (float64), float32 agreement, and bad-input errors. */
class ConvKernelsTest {
    private final Backend b = new JavaBackendProvider().create();
    private final SplittableRandom rng = new SplittableRandom(42);

    private double[] random(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    private static int size(int[] s) {
        int n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }

    private BackendArray d(double[] v, int... shape) { return b.fromArray(v, shape, DType.FLOAT64); }

    private BackendArray run(String op, Map<String, Object> attrs, BackendArray... in) { return b.execute(op, attrs, in)[0]; }

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> a, String k, Object v) {
        Map<String, Object> m = new HashMap<>(a);
        m.put(k, v);
        return m;
    }

    private static long[] longs(int[] s) {
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            l[i] = s[i];
        }
        return l;
    }

    /** Checks {@code analytic} against central differences of {@code sum(f(v) * r)} around {@code base}. */
    private static void checkFd(String what, Function<double[], double[]> f, double[] base, double[] r, double[] analytic) {
        double eps = 1e-6;
        assertEquals(base.length, analytic.length, what);
        for (int j = 0; j < base.length; j++) {
            double[] up = base.clone();
            double[] dn = base.clone();
            up[j] += eps;
            dn[j] -= eps;
            double numeric = (dot(f.apply(up), r) - dot(f.apply(dn), r)) / (2 * eps);
            double err = Math.abs(numeric - analytic[j]) / Math.max(1, Math.abs(numeric));
            if (!(err < 1e-6)) {
                throw new AssertionFailedError(what + ": element " + j + " kernel " + analytic[j] + " vs finite difference " + numeric);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private void checkConv(String what, int[] xs, int[] ws, Map<String, Object> a) {
        double[] x = random(size(xs));
        double[] w = random(size(ws));
        BackendArray y = run("Conv", a, d(x, xs), d(w, ws));
        int[] ys = y.shape();
        double[] r = random(size(ys));
        double[] dx = run(GradientOps.CONV_GRAD_INPUT, with(a, "input_shape", longs(xs)), d(r, ys), d(w, ws)).toDoubleArray();
        double[] dw = run(GradientOps.CONV_GRAD_FILTER, with(a, "filter_shape", longs(ws)), d(x, xs), d(r, ys)).toDoubleArray();
        checkFd(what + " dX", v -> run("Conv", a, d(v, xs), d(w, ws)).toDoubleArray(), x, r, dx);
        checkFd(what + " dW", v -> run("Conv", a, d(x, xs), d(v, ws)).toDoubleArray(), w, r, dw);
        // float32 runs the same kernels.
        BackendArray y32 = run("Conv", a, b.fromArray(toF(x), xs, DType.FLOAT32), b.fromArray(toF(w), ws, DType.FLOAT32));
        assertArrayEquals(y.toDoubleArray(), y32.toDoubleArray(), 1e-4, what + " float32");
        BackendArray dw32 = run(GradientOps.CONV_GRAD_FILTER, with(a, "filter_shape", longs(ws)), b.fromArray(toF(x), xs, DType.FLOAT32),
                b.fromArray(toF(r), ys, DType.FLOAT32));
        assertArrayEquals(dw, dw32.toDoubleArray(), 1e-4, what + " float32 dW");
        BackendArray dx32 = run(GradientOps.CONV_GRAD_INPUT, with(a, "input_shape", longs(xs)), b.fromArray(toF(r), ys, DType.FLOAT32),
                b.fromArray(toF(w), ws, DType.FLOAT32));
        assertArrayEquals(dx, dx32.toDoubleArray(), 1e-4, what + " float32 dX");
    }

    private static float[] toF(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void convGradientsMatchFiniteDifferences() {
        checkConv("plain 2-D", new int[] {2, 3, 5, 6}, new int[] {4, 3, 3, 2}, attrs());
        checkConv("strides 2 + asymmetric pads", new int[] {2, 2, 7, 6}, new int[] {3, 2, 3, 3},
                attrs("strides", new long[] {2, 2}, "pads", new long[] {1, 0, 2, 1}));
        checkConv("dilation 2", new int[] {1, 2, 7, 7}, new int[] {2, 2, 3, 2}, attrs("dilations", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}));
        checkConv("SAME_UPPER strides 2", new int[] {2, 2, 6, 5}, new int[] {3, 2, 3, 3}, attrs("auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}));
        checkConv("SAME_LOWER", new int[] {1, 2, 4, 5}, new int[] {2, 2, 2, 2}, attrs("auto_pad", "SAME_LOWER"));
        checkConv("VALID", new int[] {1, 1, 5, 5}, new int[] {2, 1, 2, 3}, attrs("auto_pad", "VALID", "strides", new long[] {2, 1}));
        checkConv("group 2", new int[] {2, 4, 5, 5}, new int[] {6, 2, 3, 3}, attrs("group", 2L, "pads", new long[] {1, 1, 1, 1}));
        checkConv("depthwise", new int[] {1, 3, 4, 4}, new int[] {3, 1, 2, 2}, attrs("group", 3L));
        checkConv("1-D", new int[] {2, 3, 9}, new int[] {2, 3, 3}, attrs("strides", new long[] {2}, "pads", new long[] {1, 2}));
        checkConv("3-D", new int[] {1, 2, 4, 3, 4}, new int[] {2, 2, 2, 2, 3}, attrs("pads", new long[] {1, 0, 1, 0, 1, 1}));
    }

    @Test
    void maxPoolSkipsIndicesWhenOnlyYIsRead() {
        Map<String, Object> k2 = Map.of("kernel_shape", new long[] {2, 2});
        BackendArray x = b.fromArray(new float[] {1, 4, 2, 3}, new int[] {1, 1, 2, 2}, dev.kiln.api.DType.FLOAT32);
        BackendArray[] both = b.execute("MaxPool", k2, x);
        BackendArray[] first = b.execute("MaxPool", k2, 1, x);
        assertEquals(2, both.length);
        assertEquals(1L, both[1].toLongArray()[0]);
        assertEquals(1, first.length);
        assertArrayEquals(both[0].toFloatArray(), first[0].toFloatArray());
        assertEquals(2, b.execute("MaxPool", k2, 2, x).length);
    }

    @Test
    void convWithBiasAddsPerOutputChannel() {
        double[] x = random(2 * 2 * 4 * 4);
        double[] w = random(3 * 2 * 3 * 3);
        double[] bias = {0.5, -1, 2};
        double[] y0 = run("Conv", attrs(), d(x, 2, 2, 4, 4), d(w, 3, 2, 3, 3)).toDoubleArray();
        double[] y1 = run("Conv", attrs(), d(x, 2, 2, 4, 4), d(w, 3, 2, 3, 3), d(bias, 3)).toDoubleArray();
        for (int i = 0; i < y0.length; i++) {
            assertEquals(y0[i] + bias[(i / 4) % 3], y1[i], 1e-12);
        }
    }

    @Test
    void convIsParallelSafeOnLargerBatches() {
        int[] xs = {64, 8, 10, 10};
        int[] ws = {16, 8, 3, 3};
        double[] x = random(size(xs));
        double[] w = random(size(ws));
        double[] y = run("Conv", attrs(), d(x, xs), d(w, ws)).toDoubleArray();
        // Sample 37 alone must give the same output as within the batch.
        int per = 8 * 100;
        double[] one = java.util.Arrays.copyOfRange(x, 37 * per, 38 * per);
        double[] y37 = run("Conv", attrs(), d(one, 1, 8, 10, 10), d(w, ws)).toDoubleArray();
        assertArrayEquals(y37, java.util.Arrays.copyOfRange(y, 37 * 16 * 64, 38 * 16 * 64), 1e-12);
        BackendArray y32 = run("Conv", attrs(), b.fromArray(toF(x), xs, DType.FLOAT32), b.fromArray(toF(w), ws, DType.FLOAT32));
        assertArrayEquals(y, y32.toDoubleArray(), 1e-4);
        double[] r = random(y.length);
        double[] dw = run(GradientOps.CONV_GRAD_FILTER, attrs("filter_shape", longs(ws)), d(x, xs), d(r, 64, 16, 8, 8)).toDoubleArray();
        double[] sum = new double[dw.length];
        for (int n = 0; n < 64; n++) {
            double[] xn = java.util.Arrays.copyOfRange(x, n * per, (n + 1) * per);
            double[] rn = java.util.Arrays.copyOfRange(r, n * 16 * 64, (n + 1) * 16 * 64);
            double[] part = run(GradientOps.CONV_GRAD_FILTER, attrs("filter_shape", longs(ws)), d(xn, 1, 8, 10, 10), d(rn, 1, 16, 8, 8)).toDoubleArray();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += part[i];
            }
        }
        assertArrayEquals(sum, dw, 1e-9);
    }

    private void checkMaxPool(String what, int[] xs, Map<String, Object> a) {
        // Distinct values, so the max is unique and finite differences are exact.
        int n = size(xs);
        double[] x = new double[n];
        int[] perm = rng.ints(0, Integer.MAX_VALUE).limit(n).toArray();
        for (int i = 0; i < n; i++) {
            x[i] = (perm[i] % 100000) / 1000.0 - 50 + i * 1e-3;
        }
        BackendArray y = run("MaxPool", a, d(x, xs));
        double[] r = random(size(y.shape()));
        double[] dx = run(GradientOps.MAX_POOL_GRAD, a, d(x, xs), d(r, y.shape())).toDoubleArray();
        checkFd(what, v -> run("MaxPool", a, d(v, xs)).toDoubleArray(), x, r, dx);
    }

    @Test
    void maxPoolGradMatchesFiniteDifferences() {
        Map<String, Object> k2 = attrs("kernel_shape", new long[] {2, 2});
        checkMaxPool("plain", new int[] {2, 2, 4, 4}, k2);
        checkMaxPool("overlapping strides 2 + pads", new int[] {1, 2, 5, 6}, attrs("kernel_shape", new long[] {3, 3},
                "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}));
        checkMaxPool("ceil_mode", new int[] {1, 2, 5, 5}, attrs("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}, "ceil_mode", 1L));
        checkMaxPool("dilation 2", new int[] {1, 1, 7, 7}, attrs("kernel_shape", new long[] {2, 2}, "dilations", new long[] {2, 2}));
        checkMaxPool("SAME_UPPER", new int[] {1, 2, 5, 5}, attrs("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER"));
        checkMaxPool("1-D", new int[] {2, 2, 7}, attrs("kernel_shape", new long[] {3}, "strides", new long[] {2}));
    }

    @Test
    void maxPoolGradGoesToTheFirstMaxAndNeverToPadding() {
        Map<String, Object> a = attrs("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1});
        double[] x = {-5, -5, -5, -5}; // all ties and all below the zero that padding would hold
        BackendArray y = run("MaxPool", a, d(x, 1, 1, 2, 2));
        assertArrayEquals(new double[] {-5, -5, -5, -5}, y.toDoubleArray(), 0);
        double[] dx = run(GradientOps.MAX_POOL_GRAD, a, d(x, 1, 1, 2, 2), d(new double[] {1, 2, 3, 4}, 1, 1, 2, 2)).toDoubleArray();
        assertArrayEquals(new double[] {1, 2, 3, 4}, dx, 0);
        Map<String, Object> k2 = attrs("kernel_shape", new long[] {2, 2});
        double[] ties = run(GradientOps.MAX_POOL_GRAD, k2, d(new double[] {1, 3, 3, 3}, 1, 1, 2, 2), d(new double[] {7}, 1, 1, 1, 1)).toDoubleArray();
        assertArrayEquals(new double[] {0, 7, 0, 0}, ties, 0);
    }

    private void checkAvgPool(String what, int[] xs, Map<String, Object> a) {
        double[] x = random(size(xs));
        BackendArray y = run("AveragePool", a, d(x, xs));
        double[] r = random(size(y.shape()));
        double[] dx = run(GradientOps.AVERAGE_POOL_GRAD, with(a, "input_shape", longs(xs)), d(r, y.shape())).toDoubleArray();
        checkFd(what, v -> run("AveragePool", a, d(v, xs)).toDoubleArray(), x, r, dx);
    }

    @Test
    void averagePoolGradMatchesFiniteDifferences() {
        Map<String, Object> padded = attrs("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1});
        checkAvgPool("pads, count_include_pad 0", new int[] {2, 2, 5, 6}, padded);
        checkAvgPool("pads, count_include_pad 1", new int[] {2, 2, 5, 6}, with(padded, "count_include_pad", 1L));
        checkAvgPool("ceil_mode", new int[] {1, 2, 5, 5}, attrs("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}, "ceil_mode", 1L));
        checkAvgPool("ceil_mode count_include_pad 1", new int[] {1, 1, 6, 6}, attrs("kernel_shape", new long[] {3, 3},
                "strides", new long[] {2, 2}, "ceil_mode", 1L, "pads", new long[] {1, 1, 1, 1}, "count_include_pad", 1L));
        checkAvgPool("SAME_UPPER", new int[] {1, 2, 5, 4}, attrs("kernel_shape", new long[] {3, 2}, "auto_pad", "SAME_UPPER"));
        checkAvgPool("SAME_LOWER count_include_pad 1", new int[] {1, 1, 5, 5}, attrs("kernel_shape", new long[] {2, 2},
                "auto_pad", "SAME_LOWER", "count_include_pad", 1L));
        checkAvgPool("3-D", new int[] {1, 1, 3, 4, 3}, attrs("kernel_shape", new long[] {2, 2, 2}));
    }

    @Test
    void countIncludePadChangesTheDivisor() {
        Map<String, Object> a = attrs("kernel_shape", new long[] {2}, "pads", new long[] {1, 0});
        assertArrayEquals(new double[] {2, 3}, run("AveragePool", a, d(new double[] {2, 4}, 1, 1, 2)).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 3}, run("AveragePool", with(a, "count_include_pad", 1L), d(new double[] {2, 4}, 1, 1, 2)).toDoubleArray(), 1e-12);
    }

    @Test
    void badInputsGiveClearErrors() {
        BackendArray x = d(random(2 * 3 * 5 * 5), 2, 3, 5, 5);
        BackendArray w = d(random(4 * 3 * 3 * 3), 4, 3, 3, 3);
        Map<String, Object> none = attrs();
        // wrong rank
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> run("Conv", none, d(random(15), 3, 5), w));
        assertTrue(e.getMessage().contains("rank >= 3"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> run("Conv", none, x, d(random(36), 4, 3, 3)));
        // channel mismatch
        e = assertThrows(ShapeMismatchException.class, () -> run("Conv", none, x, d(random(4 * 2 * 9), 4, 2, 3, 3)));
        assertTrue(e.getMessage().contains("W.shape[1] * group"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> run("Conv", attrs("group", 3L), x, d(random(4 * 9), 4, 1, 3, 3)));
        assertThrows(InvalidArgumentException.class, () -> run("Conv", attrs("group", 0L), x, w));
        // kernel larger than the padded input
        e = assertThrows(ShapeMismatchException.class, () -> run("Conv", none, x, d(random(4 * 3 * 36), 4, 3, 6, 6)));
        assertTrue(e.getMessage().contains("larger than the padded input"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> run("MaxPool", attrs("kernel_shape", new long[] {3, 3}, "dilations", new long[] {3, 3}), x));
        // attributes
        assertThrows(InvalidArgumentException.class, () -> run("Conv", attrs("pads", new long[] {1, 1}), x, w));
        assertThrows(InvalidArgumentException.class, () -> run("Conv", attrs("strides", new long[] {0, 1}), x, w));
        assertThrows(InvalidArgumentException.class, () -> run("Conv", attrs("pads", new long[] {-1, 0, 0, 0}), x, w));
        assertThrows(InvalidArgumentException.class, () -> run("Conv", attrs("auto_pad", "SAME"), x, w));
        assertThrows(ShapeMismatchException.class, () -> run("Conv", attrs("kernel_shape", new long[] {2, 2}), x, w));
        assertThrows(InvalidArgumentException.class, () -> run("MaxPool", none, x));
        assertThrows(InvalidArgumentException.class, () -> run("AveragePool", attrs("kernel_shape", new long[] {2}), x));
        // bias, dtypes
        assertThrows(ShapeMismatchException.class, () -> run("Conv", none, x, w, d(random(3), 3)));
        assertThrows(InvalidArgumentException.class, () -> run("Conv", none, x, b.fromArray(new float[108], new int[] {4, 3, 3, 3}, DType.FLOAT32)));
        assertThrows(InvalidArgumentException.class, () -> run("MaxPool", attrs("kernel_shape", new long[] {2}),
                b.fromArray(new long[6], new int[] {1, 2, 3}, DType.INT64)));
        assertThrows(InvalidArgumentException.class, () -> run("GlobalAveragePool", none, d(random(6), 2, 3)));
        // gradient kernels: missing shape attributes, dY of the wrong shape
        BackendArray dy = d(random(2 * 4 * 3 * 3), 2, 4, 3, 3);
        assertThrows(InvalidArgumentException.class, () -> run(GradientOps.CONV_GRAD_INPUT, none, dy, w));
        assertThrows(InvalidArgumentException.class, () -> run(GradientOps.CONV_GRAD_FILTER, none, x, dy));
        e = assertThrows(ShapeMismatchException.class, () -> run(GradientOps.CONV_GRAD_INPUT,
                attrs("input_shape", new long[] {2, 3, 6, 6}), dy, w));
        assertTrue(e.getMessage().contains("dY"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> run(GradientOps.CONV_GRAD_FILTER, attrs("filter_shape", new long[] {4, 3, 2, 2}), x, dy));
        assertThrows(ShapeMismatchException.class, () -> run(GradientOps.CONV_GRAD_FILTER, attrs("filter_shape", new long[] {4, 2, 3, 3}), x, dy));
        Map<String, Object> k2 = attrs("kernel_shape", new long[] {2, 2});
        assertThrows(ShapeMismatchException.class, () -> run(GradientOps.MAX_POOL_GRAD, k2, x, dy));
        assertThrows(InvalidArgumentException.class, () -> run(GradientOps.AVERAGE_POOL_GRAD, k2, dy));
        assertThrows(ShapeMismatchException.class, () -> run(GradientOps.AVERAGE_POOL_GRAD, with(k2, "input_shape", new long[] {2, 4, 9, 9}), dy));
        assertThrows(InvalidArgumentException.class, () -> run(GradientOps.MAX_POOL_GRAD, k2, x));
    }

    @Test
    void maxPoolReturnsIndicesAndGlobalPoolsKeepSpatialDims() {
        BackendArray x = d(new double[] {1, 5, 2, 0, 3, 4, 9, 8, 7}, 1, 1, 3, 3);
        BackendArray[] out = b.execute("MaxPool", attrs("kernel_shape", new long[] {2, 2}), x);
        assertArrayEquals(new double[] {5, 5, 9, 8}, out[0].toDoubleArray(), 0);
        assertArrayEquals(new long[] {1, 1, 6, 7}, out[1].toLongArray());
        BackendArray[] col = b.execute("MaxPool", attrs("kernel_shape", new long[] {2, 2}, "storage_order", 1L), x);
        assertArrayEquals(new long[] {3, 3, 2, 5}, col[1].toLongArray());
        BackendArray gm = run("GlobalMaxPool", attrs(), x);
        assertArrayEquals(new int[] {1, 1, 1, 1}, gm.shape());
        assertArrayEquals(new double[] {9}, gm.toDoubleArray(), 0);
        assertArrayEquals(new double[] {39 / 9.0}, run("GlobalAveragePool", attrs(), x).toDoubleArray(), 1e-12);
    }
}
