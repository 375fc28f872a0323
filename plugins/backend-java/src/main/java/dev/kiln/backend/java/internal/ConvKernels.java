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
import java.util.function.Supplier;

/**
 * Convolution and pooling over any number of spatial dimensions (NC + spatial layout), and their gradient kernels.
 * Convolutions go through im2col: one table maps (kernel offset, output position) to an input position or padding,
 * the columns of one sample are gathered into rows and multiplied by {@link #product} (four output rows per pass,
 * falling back to {@link LinalgKernels#rows}), whose inner loops the JIT vectorizes. Samples are split across the
 * matmul pool when the work is large enough.
 */
final class ConvKernels {
    /** Below this many multiply-adds a convolution runs on the calling thread. */
    private static final long PARALLEL_WORK = 1_000_000;

    private ConvKernels() {}

    // ------------------------------------------------------------------------------------------ geometry

    /** Window geometry of one convolution or pooling: sizes per spatial dimension, and the gather table. */
    static final class Geo {
        final int r;
        final int[] in;
        final int[] k;
        final int[] s;
        final int[] d;
        final int[] pb;
        final int[] pe;
        final int[] out;
        final int inSize;
        final int outSize;
        final int kSize;
        private int[] idx;

        Geo(int[] in, int[] k, int[] s, int[] d, int[] pb, int[] pe, int[] out) {
            this.r = in.length;
            this.in = in;
            this.k = k;
            this.s = s;
            this.d = d;
            this.pb = pb;
            this.pe = pe;
            this.out = out;
            this.inSize = prod(in);
            this.outSize = prod(out);
            this.kSize = prod(k);
        }

        /**
         * {@code idx[kk * outSize + p]}: the flat spatial input index read by kernel offset {@code kk} at output
         * position {@code p}, or -1 where the tap falls on padding (or beyond the input in ceil mode).
         */
        int[] table() {
            if (idx != null) {
                return idx;
            }
            int[] t = new int[kSize * outSize];
            int[] inStr = Nd.strides(in);
            int[] o = new int[r];
            int[] j = new int[r];
            for (int kk = 0; kk < kSize; kk++) {
                Arrays.fill(o, 0);
                for (int p = 0; p < outSize; p++) {
                    int flat = 0;
                    for (int a = 0; a < r; a++) {
                        int c = o[a] * s[a] - pb[a] + j[a] * d[a];
                        if (c < 0 || c >= in[a]) {
                            flat = -1;
                            break;
                        }
                        flat += c * inStr[a];
                    }
                    t[kk * outSize + p] = flat;
                    inc(o, out);
                }
                inc(j, k);
            }
            idx = t;
            return t;
        }

        /** Taps per window that count as AveragePool's divisor: inside the input, or inside input plus pads. */
        double[] divisors(boolean includePad) {
            double[][] perDim = new double[r][];
            for (int a = 0; a < r; a++) {
                perDim[a] = new double[out[a]];
                int hi = includePad ? in[a] + pe[a] : in[a];
                int lo = includePad ? -pb[a] : 0;
                for (int o = 0; o < out[a]; o++) {
                    int n = 0;
                    for (int j = 0; j < k[a]; j++) {
                        int c = o * s[a] - pb[a] + j * d[a];
                        if (c >= lo && c < hi) {
                            n++;
                        }
                    }
                    perDim[a][o] = n;
                }
            }
            double[] div = new double[outSize];
            int[] o = new int[r];
            for (int p = 0; p < outSize; p++) {
                double v = 1;
                for (int a = 0; a < r; a++) {
                    v *= perDim[a][o[a]];
                }
                div[p] = v;
                inc(o, out);
            }
            return div;
        }
    }

    private static void inc(int[] c, int[] dims) {
        for (int a = c.length - 1; a >= 0; a--) {
            if (++c[a] < dims[a]) {
                return;
            }
            c[a] = 0;
        }
    }

    private static int prod(int[] v) {
        long n = 1;
        for (int x : v) {
            n *= x;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new InvalidArgumentException("Convolution geometry too large for the java backend: " + Nd.str(v) + ".");
        }
        return (int) n;
    }

    private static InvalidArgumentException bad(String op, String what, Object expected, Object received, String fix) {
        return new InvalidArgumentException(KilnException.message("Operator `" + op + "`: " + what, expected, received, fix));
    }

    private static int[] ints(String op, Map<String, Object> attrs, String name, int len, int dflt, int min) {
        long[] v = Attributes.getInts(attrs, name, null);
        int[] out = new int[len];
        if (v == null) {
            Arrays.fill(out, dflt);
            return out;
        }
        if (v.length != len) {
            throw bad(op, "attribute `" + name + "` has the wrong length.", len + " values (one per spatial dimension"
                    + (name.equals("pads") ? ", begins then ends" : "") + ")", v.length + " values " + Arrays.toString(v), null);
        }
        for (int i = 0; i < len; i++) {
            if (v[i] < min || v[i] > Integer.MAX_VALUE / 4) {
                throw bad(op, "attribute `" + name + "` is out of range.", "values >= " + min, Arrays.toString(v), null);
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /**
     * Geometry from ONNX attributes for an input of full shape {@code x} (N, C, spatial...) and a kernel of spatial
     * shape {@code kernel} (null: read {@code kernel_shape}, required).
     */
    static Geo geometry(String op, int[] x, int[] kernel, Map<String, Object> attrs, boolean pool) {
        if (x.length < 3) {
            throw bad(op, "the input needs a batch, a channel and at least one spatial dimension.",
                    "rank >= 3 (N, C, D1, ...)", "shape " + Nd.str(x), "reshape the input to (batch, channels, spatial...)");
        }
        int r = x.length - 2;
        int[] in = Arrays.copyOfRange(x, 2, x.length);
        int[] k;
        long[] ks = Attributes.getInts(attrs, "kernel_shape", null);
        if (kernel == null) {
            if (ks == null) {
                throw bad(op, "attribute `kernel_shape` is required.", "kernel_shape with " + r + " values", "none", null);
            }
            k = ints(op, attrs, "kernel_shape", r, 1, 1);
        } else {
            k = kernel;
            if (ks != null && !Arrays.equals(ints(op, attrs, "kernel_shape", r, 1, 1), kernel)) {
                throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: attribute `kernel_shape` differs "
                        + "from the weights' spatial shape.", Nd.str(kernel), Arrays.toString(ks), "drop kernel_shape or make it match W"));
            }
        }
        for (int a = 0; a < r; a++) {
            if (k[a] < 1) {
                throw bad(op, "kernel dimensions must be positive.", "sizes >= 1", Nd.str(k), null);
            }
        }
        int[] s = ints(op, attrs, "strides", r, 1, 1);
        int[] d = ints(op, attrs, "dilations", r, 1, 1);
        boolean ceil = pool && Attributes.getInt(attrs, "ceil_mode", 0) != 0;
        String autoPad = Attributes.getString(attrs, "auto_pad", "NOTSET");
        int[] pb = new int[r];
        int[] pe = new int[r];
        int[] out = new int[r];
        switch (autoPad) {
            case "NOTSET" -> {
                int[] pads = ints(op, attrs, "pads", 2 * r, 0, 0);
                System.arraycopy(pads, 0, pb, 0, r);
                System.arraycopy(pads, r, pe, 0, r);
            }
            case "VALID" -> { }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int a = 0; a < r; a++) {
                    int o = (in[a] + s[a] - 1) / s[a];
                    int total = Math.max(0, (o - 1) * s[a] + (k[a] - 1) * d[a] + 1 - in[a]);
                    pb[a] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    pe[a] = total - pb[a];
                }
            }
            default -> throw bad(op, "unknown auto_pad.", "NOTSET, SAME_UPPER, SAME_LOWER or VALID", autoPad, null);
        }
        for (int a = 0; a < r; a++) {
            long span = (long) (k[a] - 1) * d[a] + 1;
            long room = (long) in[a] + pb[a] + pe[a] - span;
            if (room < 0) {
                throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: the kernel is larger than the padded "
                        + "input in spatial dimension " + a + ".", "a (dilated) kernel extent <= input + pads",
                        "kernel extent " + span + " over padded size " + ((long) in[a] + pb[a] + pe[a]) + " (input shape " + Nd.str(x)
                                + ", kernel " + Nd.str(k) + ")", "use a smaller kernel, more padding or a larger input"));
            }
            long o = ceil ? (room + s[a] - 1) / s[a] + 1 : room / s[a] + 1;
            if (ceil && (o - 1) * s[a] >= (long) in[a] + pb[a]) {
                o--; // the last window would start in the end padding
            }
            out[a] = (int) o;
        }
        return new Geo(in, k, s, d, pb, pe, out);
    }

    private static int[] outShape(int n, int c, Geo g) {
        int[] o = new int[g.r + 2];
        o[0] = n;
        o[1] = c;
        System.arraycopy(g.out, 0, o, 2, g.r);
        return o;
    }

    private static void checkFloat(String op, String name, JavaArray a) {
        if (!a.dtype().isFloating()) {
            throw bad(op, name + " must be floating point.", "float32 or float64", a.dtype(), "cast it");
        }
    }

    private static void sameDtype(String op, String name, JavaArray ref, JavaArray a) {
        if (a.dtype() != ref.dtype()) {
            throw bad(op, name + " has another dtype than the input.", ref.dtype(), a.dtype(), "cast it");
        }
    }

    private static int[] shapeAttr(String op, Map<String, Object> attrs, String name) {
        long[] v = Attributes.getInts(attrs, name, null);
        if (v == null) {
            throw bad(op, "attribute `" + name + "` is required.", "the full shape as a list of integers", "none", null);
        }
        int[] s = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
                throw bad(op, "attribute `" + name + "` has an invalid dimension.", "sizes >= 0", Arrays.toString(v), null);
            }
            s[i] = (int) v[i];
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------ Conv

    /** Shapes of one convolution, checked: X (N, C, in...), W (M, C/group, k...), dY (N, M, out...). */
    private record ConvDims(int n, int c, int m, int group, Geo geo) {
        int cg() { return c / group; }

        int mg() { return m / group; }

        int cgk() { return c / group * geo.kSize; }
    }

    private static ConvDims convDims(String op, int[] x, int[] w, Map<String, Object> attrs) {
        if (x.length < 3) {
            throw bad(op, "X needs a batch, a channel and at least one spatial dimension.", "rank >= 3 (N, C, D1, ...)",
                    "shape " + Nd.str(x), "reshape X to (batch, channels, spatial...)");
        }
        if (w.length != x.length) {
            throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: W must have the rank of X.",
                    "W of rank " + x.length + " (M, C/group, k...)", "X " + Nd.str(x) + " and W " + Nd.str(w), null));
        }
        long group = Attributes.getInt(attrs, "group", 1);
        if (group < 1 || group > Integer.MAX_VALUE) {
            throw bad(op, "attribute `group` must be positive.", ">= 1", group, null);
        }
        int gr = (int) group;
        if ((long) w[1] * gr != x[1]) {
            throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: input channels do not match the weights.",
                    "C = W.shape[1] * group = " + w[1] + " * " + gr + " = " + ((long) w[1] * gr), "C = " + x[1] + " (X " + Nd.str(x)
                            + ", W " + Nd.str(w) + ")", "give W shape (M, C/group, k...)"));
        }
        if (w[0] % gr != 0) {
            throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: output channels are not divisible by group.",
                    "M a multiple of " + gr, "M = " + w[0], null));
        }
        Geo geo = geometry(op, x, Arrays.copyOfRange(w, 2, w.length), attrs, false);
        return new ConvDims(x[0], x[1], w[0], gr, geo);
    }

    private static void checkDy(String op, int[] dy, int[] expected) {
        if (!Arrays.equals(dy, expected)) {
            throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: dY does not have the forward output's shape.",
                    Nd.str(expected), Nd.str(dy), "pass the gradient of the forward operator's output and its attributes"));
        }
    }

    static JavaArray conv(Map<String, Object> attrs, JavaArray x, JavaArray w, JavaArray bias, MatrixKernels mk) {
        checkFloat("Conv", "X", x);
        sameDtype("Conv", "W", x, w);
        ConvDims cd = convDims("Conv", x.shape(), w.shape(), attrs);
        if (bias != null) {
            sameDtype("Conv", "B", x, bias);
            if (bias.shape().length != 1 || bias.shape()[0] != cd.m()) {
                throw new ShapeMismatchException(KilnException.message("Operator `Conv`: B must hold one value per output channel.",
                        "shape (" + cd.m() + ",)", Nd.str(bias.shape()), null));
            }
        }
        Geo g = cd.geo();
        int[] ys = outShape(cd.n(), cd.m(), g);
        // The batched path below writes every output row (with its bias); the others accumulate into zeros.
        boolean writesAll = mk != null && cd.cgk() > 0;
        JavaArray y = writesAll ? JavaArray.allocateDirty(x.dtype(), ys) : JavaArray.allocate(x.dtype(), ys);
        if (y.length() == 0 || cd.cgk() == 0) {
            addBias(y, bias, cd.m(), g.outSize);
            return y;
        }
        int[] idx = g.table();
        boolean f32 = x.dtype() == DType.FLOAT32;
        Object xd = x.data();
        Object wd = w.data();
        Object yd = y.data();
        int p = g.outSize;
        int cgk = cd.cgk();
        if (mk != null) {
            // Y[chunk, group] (mg x nb*p) = W[group] (mg x cgk) . col (cgk x nb*p), then each sample's rows to its place
            // with the bias added on the way (one pass over Y instead of two: the same sums, in the same order).
            int mg = cd.mg();
            Object bd = bias == null ? null : bias.data();
            forChunks(cd, g, f32, null, (n0, count, gi, col, rows, state) -> {
                int cols = count * p;
                im2colChunk(xd, cd, g, idx, gi, n0, count, col);
                LinalgKernels.product(mk, false, false, mg, cols, cgk, 1, wd, gi * mg * cgk, cgk, col, 0, cols, 0, rows, 0, cols);
                if (bd == null) {
                    chunkRows(false, yd, n0, count, cd.m(), gi * mg, mg, p, rows, cols);
                } else {
                    scatterRowsWithBias(yd, n0, count, cd.m(), gi * mg, mg, p, rows, cols, bd);
                }
            });
            return y;
        }
        forSamples(cd.n(), (long) cd.m() * cgk * p, (from, to) -> {
            Object col = f32 ? new float[cgk][p] : new double[cgk][p];
            for (int n = from; n < to; n++) {
                for (int gi = 0; gi < cd.group(); gi++) {
                    im2col(xd, (n * cd.c() + gi * cd.cg()) * g.inSize, g.inSize, cd.cg(), g.kSize, p, idx, col);
                    product(wd, gi * cd.mg() * cgk, col, yd, (n * cd.m() + gi * cd.mg()) * p, cgk, p, cd.mg());
                }
            }
        });
        addBias(y, bias, cd.m(), p);
        return y;
    }

    private static void addBias(JavaArray y, JavaArray bias, int m, int p) {
        if (bias == null) {
            return;
        }
        int n = y.length() / Math.max(1, m * p);
        if (y.data() instanceof float[] yf) {
            float[] b = bias.floats();
            for (int i = 0; i < n * m; i++) {
                float v = b[i % m];
                for (int j = i * p, e = j + p; j < e; j++) {
                    yf[j] += v;
                }
            }
        } else {
            double[] yd = y.doubles();
            double[] b = bias.doubles();
            for (int i = 0; i < n * m; i++) {
                double v = b[i % m];
                for (int j = i * p, e = j + p; j < e; j++) {
                    yd[j] += v;
                }
            }
        }
    }

    /** Columns of one sample's channel group: {@code col[c*K + kk][p] = x[xOff + c*inSize + idx[kk*P + p]]}, 0 on padding. */
    private static void im2col(Object xd, int xOff, int inSize, int cg, int kSize, int p, int[] idx, Object col) {
        if (xd instanceof float[] x) {
            float[][] cl = (float[][]) col;
            for (int c = 0; c < cg; c++) {
                int base = xOff + c * inSize;
                for (int kk = 0; kk < kSize; kk++) {
                    float[] row = cl[c * kSize + kk];
                    int t = kk * p;
                    for (int q = 0; q < p; q++) {
                        int j = idx[t + q];
                        row[q] = j < 0 ? 0f : x[base + j];
                    }
                }
            }
        } else {
            double[] x = (double[]) xd;
            double[][] cl = (double[][]) col;
            for (int c = 0; c < cg; c++) {
                int base = xOff + c * inSize;
                for (int kk = 0; kk < kSize; kk++) {
                    double[] row = cl[c * kSize + kk];
                    int t = kk * p;
                    for (int q = 0; q < p; q++) {
                        int j = idx[t + q];
                        row[q] = j < 0 ? 0.0 : x[base + j];
                    }
                }
            }
        }
    }

    /**
     * Samples per chunk of a batched convolution product, at most {@code n}: columns and output rows of about 2 MB
     * together, so that they stay in cache between the im2col, the product and the copy out. A BLAS reaches its speed
     * from about a thousand columns (8 samples of W2's second convolution); bigger chunks only spill the cache.
     */
    private static int chunk(int cgk, int mg, int p, int n) {
        return (int) Math.max(1, Math.min(n, (1L << 19) / Math.max(1L, (long) (cgk + mg) * p)));
    }

    /**
     * {@link #im2col} into one flat array with {@code ld} elements per row, starting at column {@code colOff}:
     * {@code col[(c*K + kk)*ld + colOff + p]}, the layout a BLAS reads (several samples side by side).
     */
    private static void im2colFlat(Object xd, int xOff, int inSize, int cg, int kSize, int p, int[] idx, Object col, int ld,
            int colOff) {
        if (xd instanceof float[] x) {
            float[] cl = (float[]) col;
            for (int c = 0; c < cg; c++) {
                int base = xOff + c * inSize;
                for (int kk = 0; kk < kSize; kk++) {
                    int row = (c * kSize + kk) * ld + colOff;
                    int t = kk * p;
                    for (int q = 0; q < p; q++) {
                        int j = idx[t + q];
                        cl[row + q] = j < 0 ? 0f : x[base + j];
                    }
                }
            }
        } else {
            double[] x = (double[]) xd;
            double[] cl = (double[]) col;
            for (int c = 0; c < cg; c++) {
                int base = xOff + c * inSize;
                for (int kk = 0; kk < kSize; kk++) {
                    int row = (c * kSize + kk) * ld + colOff;
                    int t = kk * p;
                    for (int q = 0; q < p; q++) {
                        int j = idx[t + q];
                        cl[row + q] = j < 0 ? 0.0 : x[base + j];
                    }
                }
            }
        }
    }

    /** ConvGradInput(dY, W): the gradient of Conv with respect to X. */
    static JavaArray convGradInput(Map<String, Object> attrs, JavaArray dy, JavaArray w, MatrixKernels mk) {
        String op = "ConvGradInput";
        checkFloat(op, "dY", dy);
        sameDtype(op, "W", dy, w);
        int[] xs = shapeAttr(op, attrs, "input_shape");
        ConvDims cd = convDims(op, xs, w.shape(), attrs);
        Geo g = cd.geo();
        checkDy(op, dy.shape(), outShape(cd.n(), cd.m(), g));
        JavaArray dx = JavaArray.allocate(dy.dtype(), xs);
        if (dx.length() == 0 || dy.length() == 0) {
            return dx;
        }
        int[] idx = g.table();
        boolean f32 = dy.dtype() == DType.FLOAT32;
        int p = g.outSize;
        int cgk = cd.cgk();
        int mg = cd.mg();
        if (mk != null) {
            // dcol (cgk x nb*p) = W[group]^T (cgk x mg) . dY[chunk, group] (mg x nb*p), scattered back into dX.
            Object dyd = dy.data();
            forChunks(cd, g, f32, null, (n0, count, gi, dcol, rows, state) -> {
                int cols = count * p;
                chunkRows(true, dyd, n0, count, cd.m(), gi * mg, mg, p, rows, cols);
                LinalgKernels.product(mk, true, false, cgk, cols, mg, 1, w.data(), gi * mg * cgk, cgk, rows, 0, cols, 0, dcol, 0, cols);
                for (int n = n0; n < n0 + count; n++) {
                    col2im(dcol, dx.data(), (n * cd.c() + gi * cd.cg()) * g.inSize, g.inSize, cd.cg(), g.kSize, p, idx, cols,
                            (n - n0) * p);
                }
            });
            return dx;
        }
        // W of each group transposed: (C/group * K) rows of M/group.
        Object wt;
        if (f32) {
            float[] wf = w.floats();
            float[] t = new float[wf.length];
            for (int gi = 0; gi < cd.group(); gi++) {
                int off = gi * mg * cgk;
                for (int m = 0; m < mg; m++) {
                    for (int q = 0; q < cgk; q++) {
                        t[off + q * mg + m] = wf[off + m * cgk + q];
                    }
                }
            }
            wt = t;
        } else {
            double[] wf = w.doubles();
            double[] t = new double[wf.length];
            for (int gi = 0; gi < cd.group(); gi++) {
                int off = gi * mg * cgk;
                for (int m = 0; m < mg; m++) {
                    for (int q = 0; q < cgk; q++) {
                        t[off + q * mg + m] = wf[off + m * cgk + q];
                    }
                }
            }
            wt = t;
        }
        Object dyd = dy.data();
        Object dxd = dx.data();
        forSamples(cd.n(), (long) cd.m() * cgk * p, (from, to) -> {
            Object rowsDy = f32 ? new float[mg][p] : new double[mg][p];
            Object dcol = f32 ? new float[cgk * p] : new double[cgk * p];
            for (int n = from; n < to; n++) {
                for (int gi = 0; gi < cd.group(); gi++) {
                    int dyOff = (n * cd.m() + gi * mg) * p;
                    for (int m = 0; m < mg; m++) {
                        System.arraycopy(dyd, dyOff + m * p, f32 ? ((float[][]) rowsDy)[m] : ((double[][]) rowsDy)[m], 0, p);
                    }
                    product(wt, gi * mg * cgk, rowsDy, dcol, 0, mg, p, cgk);
                    col2im(dcol, dxd, (n * cd.c() + gi * cd.cg()) * g.inSize, g.inSize, cd.cg(), g.kSize, p, idx, p, 0);
                }
            }
        });
        return dx;
    }

    /** {@link #chunkRows} scattering, each row plus its channel's bias. */
    private static void scatterRowsWithBias(Object nmp, int n0, int count, int mAll, int m0, int mg, int p, Object rows, int ld, Object bias) {
        for (int n = 0; n < count; n++) {
            for (int m = 0; m < mg; m++) {
                int at = ((n0 + n) * mAll + m0 + m) * p;
                int from = m * ld + n * p;
                if (nmp instanceof float[] y) {
                    float[] r = (float[]) rows;
                    float b = ((float[]) bias)[m0 + m];
                    for (int j = 0; j < p; j++) {
                        y[at + j] = r[from + j] + b;
                    }
                } else {
                    double[] y = (double[]) nmp;
                    double[] r = (double[]) rows;
                    double b = ((double[]) bias)[m0 + m];
                    for (int j = 0; j < p; j++) {
                        y[at + j] = r[from + j] + b;
                    }
                }
            }
        }
    }

    /**
     * Channels {@code [m0, m0 + mg)} of samples {@code [n0, n0 + count)} of an {@code (N, M, p)} array, gathered into
     * (or, with {@code gather} false, scattered back from) a chunk matrix of {@code ld} elements per row:
     * {@code rows[m*ld + (n - n0)*p + q]} is {@code nmp[((n*M) + m0 + m)*p + q]}.
     */
    private static void chunkRows(boolean gather, Object nmp, int n0, int count, int mAll, int m0, int mg, int p, Object rows, int ld) {
        for (int n = 0; n < count; n++) {
            for (int m = 0; m < mg; m++) {
                int at = ((n0 + n) * mAll + m0 + m) * p;
                if (gather) {
                    System.arraycopy(nmp, at, rows, m * ld + n * p, p);
                } else {
                    System.arraycopy(rows, m * ld + n * p, nmp, at, p);
                }
            }
        }
    }

    /** One group of one chunk of samples {@code [n0, n0 + count)}, with its range's buffers and state. */
    @FunctionalInterface
    private interface ChunkStep {
        void run(int n0, int count, int gi, Object col, Object rows, Object state);
    }

    /**
     * The batched products' loop: sample ranges across the kernel threads, each walked in chunks of {@link #chunk}
     * samples (a BLAS runs 3-4x faster on a chunk's product than on one sample's), every group of every chunk handed
     * to {@code step} with the range's column buffer {@code (cgk x nb*p)}, row buffer {@code (mg x nb*p)} and state
     * (from {@code state}, or null). Returns the ranges' states.
     */
    private static List<Object> forChunks(ConvDims cd, Geo g, boolean f32, Supplier<Object> state, ChunkStep step) {
        int cgk = cd.cgk();
        int mg = cd.mg();
        int p = g.outSize;
        List<Object> states = new ArrayList<>();
        forSamples(cd.n(), (long) cd.m() * cgk * p, (from, to) -> {
            int nb = chunk(cgk, mg, p, to - from);
            Object col = Scratch.get(0, f32, cgk * nb * p);
            Object rows = Scratch.get(1, f32, mg * nb * p);
            Object own = state == null ? null : state.get();
            for (int n0 = from; n0 < to; n0 += nb) {
                int count = Math.min(nb, to - n0);
                for (int gi = 0; gi < cd.group(); gi++) {
                    step.run(n0, count, gi, col, rows, own);
                }
            }
            synchronized (states) {
                states.add(own);
            }
        });
        return states;
    }

    /**
     * The batched products' column and row buffers, kept per thread between calls: the steps write every element they
     * read (im2col, a gather, or a product with beta 0), so a buffer is neither zeroed nor allocated again (zeroing
     * W2's ~2 MB of them per call took 5 % of a convolution). Buffers above {@link #MAX_KEPT} elements are not kept.
     */
    private static final class Scratch {
        static final int MAX_KEPT = 1 << 22;
        private static final ThreadLocal<Object[]> BUFFERS = ThreadLocal.withInitial(() -> new Object[4]);

        /** Buffer {@code slot} (0 or 1) of this thread, float[] or double[], at least {@code n} long. */
        static Object get(int slot, boolean f32, int n) {
            if (n > MAX_KEPT) {
                return f32 ? new float[n] : new double[n];
            }
            Object[] b = BUFFERS.get();
            int i = slot * 2 + (f32 ? 0 : 1);
            Object have = b[i];
            if (have == null || java.lang.reflect.Array.getLength(have) < n) {
                have = f32 ? new float[n] : new double[n];
                b[i] = have;
            }
            return have;
        }
    }

    /** The columns of group {@code gi} of samples {@code [n0, n0 + count)}, side by side in {@code col}. */
    private static void im2colChunk(Object xd, ConvDims cd, Geo g, int[] idx, int gi, int n0, int count, Object col) {
        int p = g.outSize;
        for (int n = n0; n < n0 + count; n++) {
            im2colFlat(xd, (n * cd.c() + gi * cd.cg()) * g.inSize, g.inSize, cd.cg(), g.kSize, p, idx, col, count * p, (n - n0) * p);
        }
    }

    /**
     * Scatter-adds columns back: {@code dx[xOff + c*inSize + idx[kk*P + p]] += dcol[(c*K + kk)*ld + colOff + p]}
     * ({@code ld} elements per row of dcol; several samples side by side start at different {@code colOff}).
     */
    private static void col2im(Object dcol, Object dxd, int xOff, int inSize, int cg, int kSize, int p, int[] idx, int ld, int colOff) {
        if (dxd instanceof float[] dx) {
            float[] dc = (float[]) dcol;
            for (int c = 0; c < cg; c++) {
                int base = xOff + c * inSize;
                for (int kk = 0; kk < kSize; kk++) {
                    int src = (c * kSize + kk) * ld + colOff;
                    int t = kk * p;
                    for (int q = 0; q < p; q++) {
                        int j = idx[t + q];
                        if (j >= 0) {
                            dx[base + j] += dc[src + q];
                        }
                    }
                }
            }
        } else {
            double[] dx = (double[]) dxd;
            double[] dc = (double[]) dcol;
            for (int c = 0; c < cg; c++) {
                int base = xOff + c * inSize;
                for (int kk = 0; kk < kSize; kk++) {
                    int src = (c * kSize + kk) * ld + colOff;
                    int t = kk * p;
                    for (int q = 0; q < p; q++) {
                        int j = idx[t + q];
                        if (j >= 0) {
                            dx[base + j] += dc[src + q];
                        }
                    }
                }
            }
        }
    }

    /** ConvGradFilter(X, dY): the gradient of Conv with respect to W. */
    static JavaArray convGradFilter(Map<String, Object> attrs, JavaArray x, JavaArray dy, MatrixKernels mk) {
        String op = "ConvGradFilter";
        checkFloat(op, "X", x);
        sameDtype(op, "dY", x, dy);
        int[] ws = shapeAttr(op, attrs, "filter_shape");
        ConvDims cd = convDims(op, x.shape(), ws, attrs);
        Geo g = cd.geo();
        checkDy(op, dy.shape(), outShape(cd.n(), cd.m(), g));
        JavaArray dw = JavaArray.allocate(x.dtype(), ws);
        int p = g.outSize;
        int cgk = cd.cgk();
        int mg = cd.mg();
        if (dw.length() == 0 || dy.length() == 0) {
            return dw;
        }
        int[] idx = g.table();
        boolean f32 = x.dtype() == DType.FLOAT32;
        Object xd = x.data();
        Object dyd = dy.data();
        int wLen = dw.length();
        if (mk != null) {
            // dW[group] (mg x cgk) += dY[chunk, group] (mg x nb*p) . col^T (nb*p x cgk); each sample range accumulates
            // its own partial (beta 1), then the partials are added.
            List<Object> parts = forChunks(cd, g, f32, () -> f32 ? new float[wLen] : new double[wLen],
                    (n0, count, gi, col, rows, acc) -> {
                        int cols = count * p;
                        im2colChunk(xd, cd, g, idx, gi, n0, count, col);
                        chunkRows(true, dyd, n0, count, cd.m(), gi * mg, mg, p, rows, cols);
                        LinalgKernels.product(mk, false, true, mg, cgk, cols, 1, rows, 0, cols, col, 0, cols, 1, acc, gi * mg * cgk, cgk);
                    });
            for (Object part : parts) {
                addInto(dw.data(), 0, part);
            }
            return dw;
        }
        List<Object> partials = new ArrayList<>();
        forSamples(cd.n(), (long) cd.m() * cgk * p, (from, to) -> {
            Object colT = f32 ? new float[p][cgk] : new double[p][cgk];
            Object part = f32 ? new float[mg * cgk] : new double[mg * cgk];
            Object acc = f32 ? new float[wLen] : new double[wLen];
            for (int n = from; n < to; n++) {
                for (int gi = 0; gi < cd.group(); gi++) {
                    im2colT(xd, (n * cd.c() + gi * cd.cg()) * g.inSize, g.inSize, cd.cg(), g.kSize, p, idx, colT);
                    product(dyd, (n * cd.m() + gi * mg) * p, colT, part, 0, p, cgk, mg);
                    addInto(acc, gi * mg * cgk, part);
                }
            }
            synchronized (partials) {
                partials.add(acc);
            }
        });
        for (Object a : partials) {
            addInto(dw.data(), 0, a);
        }
        return dw;
    }

    /** Transposed columns: {@code colT[p][c*K + kk]}. */
    private static void im2colT(Object xd, int xOff, int inSize, int cg, int kSize, int p, int[] idx, Object colT) {
        if (xd instanceof float[] x) {
            float[][] cl = (float[][]) colT;
            for (int c = 0; c < cg; c++) {
                int base = xOff + c * inSize;
                for (int kk = 0; kk < kSize; kk++) {
                    int qc = c * kSize + kk;
                    int t = kk * p;
                    for (int q = 0; q < p; q++) {
                        int j = idx[t + q];
                        cl[q][qc] = j < 0 ? 0f : x[base + j];
                    }
                }
            }
        } else {
            double[] x = (double[]) xd;
            double[][] cl = (double[][]) colT;
            for (int c = 0; c < cg; c++) {
                int base = xOff + c * inSize;
                for (int kk = 0; kk < kSize; kk++) {
                    int qc = c * kSize + kk;
                    int t = kk * p;
                    for (int q = 0; q < p; q++) {
                        int j = idx[t + q];
                        cl[q][qc] = j < 0 ? 0.0 : x[base + j];
                    }
                }
            }
        }
    }

    private static void addInto(Object dst, int off, Object src) {
        if (dst instanceof float[] d) {
            float[] s = (float[]) src;
            for (int i = 0; i < s.length; i++) {
                d[off + i] += s[i];
            }
        } else {
            double[] d = (double[]) dst;
            double[] s = (double[]) src;
            for (int i = 0; i < s.length; i++) {
                d[off + i] += s[i];
            }
        }
    }

    /**
     * out[i, :] = sum_q A[aOff + i*k + q] * B[q][:] for rows i in [0, m): float32 four rows at a time, so each loaded B
     * element feeds four products and accumulators stay in separate arrays (which HotSpot vectorizes); other dtypes
     * and leftover rows use {@link LinalgKernels#rows}.
     */
    static void product(Object aData, int aOff, Object bRows, Object outData, int oOff, int k, int n, int m) {
        int done = 0;
        if (outData instanceof float[] out && k >= 2) {
            float[] a = (float[]) aData;
            float[][] b = (float[][]) bRows;
            float[] c0 = new float[n];
            float[] c1 = new float[n];
            float[] c2 = new float[n];
            float[] c3 = new float[n];
            for (; done + 4 <= m; done += 4) {
                Arrays.fill(c0, 0f);
                Arrays.fill(c1, 0f);
                Arrays.fill(c2, 0f);
                Arrays.fill(c3, 0f);
                int r0 = aOff + done * k;
                int r1 = r0 + k;
                int r2 = r1 + k;
                int r3 = r2 + k;
                for (int q = 0; q < k; q++) {
                    float x0 = a[r0 + q];
                    float x1 = a[r1 + q];
                    float x2 = a[r2 + q];
                    float x3 = a[r3 + q];
                    float[] u = b[q];
                    for (int j = 0; j < n; j++) {
                        float uj = u[j];
                        c0[j] += x0 * uj;
                        c1[j] += x1 * uj;
                        c2[j] += x2 * uj;
                        c3[j] += x3 * uj;
                    }
                }
                System.arraycopy(c0, 0, out, oOff + done * n, n);
                System.arraycopy(c1, 0, out, oOff + (done + 1) * n, n);
                System.arraycopy(c2, 0, out, oOff + (done + 2) * n, n);
                System.arraycopy(c3, 0, out, oOff + (done + 3) * n, n);
            }
        }
        if (done < m) {
            LinalgKernels.rows(aData, aOff, bRows, null, outData, oOff, k, n, 1.0, done, m);
        }
    }

    /** Runs {@code body} over sample ranges: on the calling thread when small, else split across the kernel threads. */
    private static void forSamples(int n, long workPerSample, LinalgKernels.Range body) {
        int chunks = (int) Math.min(Math.min(LinalgKernels.THREADS, n), Math.max(1, workPerSample * n / PARALLEL_WORK));
        LinalgKernels.split(n, chunks, 1, body);
    }

    // ------------------------------------------------------------------------------------------ pooling

    private static Geo poolGeo(String op, JavaArray x, Map<String, Object> attrs) {
        checkFloat(op, "X", x);
        return geometry(op, x.shape(), null, attrs, true);
    }

    /** MaxPool: the Y output, plus Indices (flat positions in X, row- or column-major by storage_order) when asked. */
    static JavaArray[] maxPool(Map<String, Object> attrs, JavaArray x, boolean withIndices) {
        Geo g = poolGeo("MaxPool", x, attrs);
        int[] xs = x.shape();
        int nc = xs[0] * xs[1];
        int p = g.outSize;
        int kSize = g.kSize;
        int[] os = outShape(xs[0], xs[1], g);
        JavaArray y = JavaArray.allocateDirty(x.dtype(), os); // both paths below write every output
        long[] where = withIndices ? new long[nc * p] : null;
        boolean columnMajor = Attributes.getInt(attrs, "storage_order", 0) != 0;
        Object xd = x.data();
        Object yd = y.data();
        if (plain2d(g, xd)) {
            forSamples(nc, (long) p * kSize, (from, to) -> {
                for (int i = from; i < to; i++) {
                    maxPlane2d((float[]) xd, i * g.inSize, g, (float[]) yd, i * p, where, columnMajor, null, null);
                }
            });
            return where == null ? new JavaArray[] {y} : new JavaArray[] {y, new JavaArray(DType.INT64, os.clone(), where)};
        }
        int[] idx = g.table(); // the window table only the general path reads
        forSamples(nc, (long) p * kSize, (from, to) -> {
            for (int i = from; i < to; i++) {
                int base = i * g.inSize;
                for (int q = 0; q < p; q++) {
                    int arg = argMax(xd, base, idx, q, p, kSize);
                    if (yd instanceof float[] yf) {
                        yf[i * p + q] = arg < 0 ? Float.NEGATIVE_INFINITY : ((float[]) xd)[base + arg];
                    } else {
                        ((double[]) yd)[i * p + q] = arg < 0 ? Double.NEGATIVE_INFINITY : ((double[]) xd)[base + arg];
                    }
                    if (where != null) {
                        where[i * p + q] = arg < 0 ? -1 : (long) base + (columnMajor ? columnMajorIndex(g, arg) : arg);
                    }
                }
            }
        });
        return where == null ? new JavaArray[] {y} : new JavaArray[] {y, new JavaArray(DType.INT64, os.clone(), where)};
    }

    /**
     * One plane of the common 2-D float32 max pool without padding or dilation (Keras's MaxPooling2D, "valid"), forward
     * ({@code dx == null}: the maxima into {@code y}, their flat positions into {@code where} if given) or backward
     * (each {@code dy} added into {@code dx} at its window's maximum). Addresses are computed row by row instead of read
     * from the gather table, and the running maximum and its position kept without branches (a branch on which element
     * wins mispredicts about half the time on real data: 4x slower on W2's first pool). Ties keep the first element;
     * a NaN in the window makes the maximum NaN, as in PyTorch.
     */
    private static void maxPlane2d(float[] v, int base, Geo g, float[] y, int yOff, long[] where, boolean columnMajor, float[] dy,
            float[] dx) {
        int oh = g.out[0];
        int ow = g.out[1];
        int w = g.in[1];
        int kh = g.k[0];
        int kw = g.k[1];
        int sh = g.s[0];
        int sw = g.s[1];
        boolean twoByTwo = kh == 2 && kw == 2;
        if (dx == null && where == null && twoByTwo) {
            // Only the maxima (Keras never asks for Indices): no positions to track, four loads and three maxima each.
            for (int oy = 0; oy < oh; oy++) {
                int r0 = base + oy * sh * w;
                int r1 = r0 + w;
                int o = yOff + oy * ow;
                for (int ox = 0; ox < ow; ox++) {
                    int a = ox * sw;
                    y[o + ox] = Math.max(Math.max(v[r0 + a], v[r0 + a + 1]), Math.max(v[r1 + a], v[r1 + a + 1]));
                }
            }
            return;
        }
        // Windows that tile the plane (strides equal to the kernel): the gradient writes each window whole, zeros
        // included, and then the rows and columns no window covers, so dx need not be zeroed first.
        boolean tiles = dx != null && sh == kh && sw == kw;
        for (int oy = 0; oy < oh; oy++) {
            int top = oy * sh * w;
            int o = yOff + oy * ow;
            for (int ox = 0; ox < ow; ox++) {
                int arg = top + ox * sw;
                float best = v[base + arg];
                if (twoByTwo) {
                    // Unrolled: with window bounds in variables the JIT runs these 2-iteration loops 8x slower.
                    int a = arg;
                    float e = v[base + a + 1];
                    int wins = Float.floatToRawIntBits(best - e) >> 31; // all ones when e > best
                    arg = (arg & ~wins) | ((a + 1) & wins);
                    best = Math.max(best, e);
                    e = v[base + a + w];
                    wins = Float.floatToRawIntBits(best - e) >> 31;
                    arg = (arg & ~wins) | ((a + w) & wins);
                    best = Math.max(best, e);
                    e = v[base + a + w + 1];
                    wins = Float.floatToRawIntBits(best - e) >> 31;
                    arg = (arg & ~wins) | ((a + w + 1) & wins);
                    best = Math.max(best, e);
                } else {
                    for (int ky = 0; ky < kh; ky++) {
                        int row = top + ky * w + ox * sw;
                        for (int kx = 0; kx < kw; kx++) {
                            float e = v[base + row + kx];
                            int wins = Float.floatToRawIntBits(best - e) >> 31;
                            arg = (arg & ~wins) | ((row + kx) & wins);
                            best = Math.max(best, e);
                        }
                    }
                }
                if (tiles) {
                    int corner = base + top + ox * sw;
                    if (twoByTwo) {
                        dx[corner] = 0f;
                        dx[corner + 1] = 0f;
                        dx[corner + w] = 0f;
                        dx[corner + w + 1] = 0f;
                    } else {
                        for (int ky = 0; ky < kh; ky++) {
                            java.util.Arrays.fill(dx, corner + ky * w, corner + ky * w + kw, 0f);
                        }
                    }
                    dx[base + arg] = dy[o + ox];
                } else if (dx != null) {
                    dx[base + arg] += dy[o + ox];
                } else {
                    y[o + ox] = best;
                    if (where != null) {
                        where[o + ox] = (long) base + (columnMajor ? columnMajorIndex(g, arg) : arg);
                    }
                }
            }
            if (tiles && ow * sw < w) {
                for (int ky = 0; ky < kh; ky++) {
                    java.util.Arrays.fill(dx, base + (oy * sh + ky) * w + ow * sw, base + (oy * sh + ky + 1) * w, 0f);
                }
            }
        }
        if (tiles) {
            java.util.Arrays.fill(dx, base + oh * sh * w, base + g.in[0] * w, 0f);
        }
    }

    /** True when {@link #maxPlane2d} applies. */
    private static boolean plain2d(Geo g, Object xd) {
        return xd instanceof float[] && g.r == 2 && g.d[0] == 1 && g.d[1] == 1 && g.pb[0] == 0 && g.pb[1] == 0 && g.pe[0] == 0
                && g.pe[1] == 0 && (g.out[0] - 1) * g.s[0] + g.k[0] <= g.in[0] && (g.out[1] - 1) * g.s[1] + g.k[1] <= g.in[1];
    }

    /** The spatial index of output {@code q}'s window maximum in the plane at {@code base}: the first on ties, -1 if all padding. */
    private static int argMax(Object xd, int base, int[] idx, int q, int p, int kSize) {
        int arg = -1;
        if (xd instanceof float[] v) {
            float best = 0;
            for (int kk = 0; kk < kSize; kk++) {
                int j = idx[kk * p + q];
                if (j >= 0 && (arg < 0 || v[base + j] > best)) {
                    best = v[base + j];
                    arg = j;
                }
            }
        } else {
            double[] v = (double[]) xd;
            double best = 0;
            for (int kk = 0; kk < kSize; kk++) {
                int j = idx[kk * p + q];
                if (j >= 0 && (arg < 0 || v[base + j] > best)) {
                    best = v[base + j];
                    arg = j;
                }
            }
        }
        return arg;
    }

    /** A row-major spatial index re-expressed column-major (MaxPool's Indices with storage_order 1). */
    private static long columnMajorIndex(Geo g, int rowMajor) {
        long idx = 0;
        long stride = 1;
        int rest = rowMajor;
        int[] c = new int[g.r];
        for (int a = g.r - 1; a >= 0; a--) {
            c[a] = rest % g.in[a];
            rest /= g.in[a];
        }
        for (int a = 0; a < g.r; a++) {
            idx += c[a] * stride;
            stride *= g.in[a];
        }
        return idx;
    }

    /** MaxPoolGrad(X, dY): each output gradient goes to its window's max (first on ties; padding never wins). */
    static JavaArray maxPoolGrad(Map<String, Object> attrs, JavaArray x, JavaArray dy) {
        String op = "MaxPoolGrad";
        Geo g = poolGeo(op, x, attrs);
        sameDtype(op, "dY", x, dy);
        int[] xs = x.shape();
        checkDy(op, dy.shape(), outShape(xs[0], xs[1], g));
        int nc = xs[0] * xs[1];
        int p = g.outSize;
        int kSize = g.kSize;
        boolean plain = plain2d(g, x.data());
        // The plain path writes every element when the windows tile the plane (see maxPlane2d).
        boolean writesAll = plain && g.s[0] == g.k[0] && g.s[1] == g.k[1];
        JavaArray dx = writesAll ? JavaArray.allocateDirty(x.dtype(), xs) : JavaArray.allocate(x.dtype(), xs);
        Object xd = x.data();
        Object gyd = dy.data();
        Object dxd = dx.data();
        if (plain) {
            forSamples(nc, (long) p * kSize, (from, to) -> {
                for (int i = from; i < to; i++) {
                    maxPlane2d((float[]) xd, i * g.inSize, g, null, i * p, null, false, (float[]) gyd, (float[]) dxd);
                }
            });
            return dx;
        }
        int[] idx = g.table();
        forSamples(nc, (long) p * kSize, (from, to) -> {
            for (int i = from; i < to; i++) {
                int base = i * g.inSize;
                for (int q = 0; q < p; q++) {
                    int arg = argMax(xd, base, idx, q, p, kSize);
                    if (arg < 0) {
                        continue;
                    }
                    if (dxd instanceof float[] df) {
                        df[base + arg] += ((float[]) gyd)[i * p + q];
                    } else {
                        ((double[]) dxd)[base + arg] += ((double[]) gyd)[i * p + q];
                    }
                }
            }
        });
        return dx;
    }

    static JavaArray averagePool(Map<String, Object> attrs, JavaArray x) {
        Geo g = poolGeo("AveragePool", x, attrs);
        int[] xs = x.shape();
        int nc = xs[0] * xs[1];
        int p = g.outSize;
        int kSize = g.kSize;
        int[] idx = g.table();
        double[] div = g.divisors(Attributes.getInt(attrs, "count_include_pad", 0) != 0);
        JavaArray y = JavaArray.allocate(x.dtype(), outShape(xs[0], xs[1], g));
        Object xd = x.data();
        Object yd = y.data();
        forSamples(nc, (long) p * kSize, (from, to) -> {
            for (int i = from; i < to; i++) {
                int base = i * g.inSize;
                for (int q = 0; q < p; q++) {
                    double sum = 0;
                    if (xd instanceof float[] v) {
                        for (int kk = 0; kk < kSize; kk++) {
                            int j = idx[kk * p + q];
                            if (j >= 0) {
                                sum += v[base + j];
                            }
                        }
                        ((float[]) yd)[i * p + q] = (float) (sum / div[q]);
                    } else {
                        double[] v = (double[]) xd;
                        for (int kk = 0; kk < kSize; kk++) {
                            int j = idx[kk * p + q];
                            if (j >= 0) {
                                sum += v[base + j];
                            }
                        }
                        ((double[]) yd)[i * p + q] = sum / div[q];
                    }
                }
            }
        });
        return y;
    }

    /** AveragePoolGrad(dY) with {@code input_shape}: spreads each output gradient over its window's divisor. */
    static JavaArray averagePoolGrad(Map<String, Object> attrs, JavaArray dy) {
        String op = "AveragePoolGrad";
        checkFloat(op, "dY", dy);
        int[] xs = shapeAttr(op, attrs, "input_shape");
        Geo g = geometry(op, xs, null, attrs, true);
        checkDy(op, dy.shape(), outShape(xs[0], xs[1], g));
        int nc = xs[0] * xs[1];
        int p = g.outSize;
        int kSize = g.kSize;
        int[] idx = g.table();
        double[] div = g.divisors(Attributes.getInt(attrs, "count_include_pad", 0) != 0);
        JavaArray dx = JavaArray.allocate(dy.dtype(), xs);
        Object gyd = dy.data();
        Object dxd = dx.data();
        forSamples(nc, (long) p * kSize, (from, to) -> {
            for (int i = from; i < to; i++) {
                int base = i * g.inSize;
                for (int q = 0; q < p; q++) {
                    if (dxd instanceof float[] df) {
                        float share = (float) (((float[]) gyd)[i * p + q] / div[q]);
                        for (int kk = 0; kk < kSize; kk++) {
                            int j = idx[kk * p + q];
                            if (j >= 0) {
                                df[base + j] += share;
                            }
                        }
                    } else {
                        double[] dd = (double[]) dxd;
                        double share = ((double[]) gyd)[i * p + q] / div[q];
                        for (int kk = 0; kk < kSize; kk++) {
                            int j = idx[kk * p + q];
                            if (j >= 0) {
                                dd[base + j] += share;
                            }
                        }
                    }
                }
            }
        });
        return dx;
    }

    /** GlobalMaxPool / GlobalAveragePool: over all spatial dimensions, keeping them as size 1. */
    static JavaArray globalPool(String op, JavaArray x) {
        checkFloat(op, "X", x);
        int[] xs = x.shape();
        if (xs.length < 3) {
            throw bad(op, "the input needs a batch, a channel and at least one spatial dimension.", "rank >= 3 (N, C, D1, ...)",
                    "shape " + Nd.str(xs), "reshape the input to (batch, channels, spatial...)");
        }
        int nc = xs[0] * xs[1];
        int size = Nd.inner(xs, 1);
        if (size == 0) {
            throw bad(op, "the spatial dimensions are empty.", "spatial sizes >= 1", "shape " + Nd.str(xs), null);
        }
        boolean max = op.equals("GlobalMaxPool");
        double[] v = x.toDoubleArray();
        double[] out = new double[nc];
        for (int i = 0; i < nc; i++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int j = i * size, e = j + size; j < e; j++) {
                acc = max ? Math.max(acc, v[j]) : acc + v[j];
            }
            out[i] = max ? acc : acc / size;
        }
        int[] os = new int[xs.length];
        Arrays.fill(os, 1);
        os[0] = xs[0];
        os[1] = xs[1];
        return JavaArray.fromDoubles(x.dtype(), os, out);
    }
}
