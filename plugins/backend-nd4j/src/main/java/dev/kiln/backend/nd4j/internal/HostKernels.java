package dev.kiln.backend.nd4j.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Attributes;
import java.util.Arrays;
import java.util.Map;

/**
 * Index-driven and rarely used kernels computed on the JVM heap from a copy of the (small) inputs: top-k, scatters,
 * one-hot, cumulative sums, ranges, padding, arg-extremes, modulo, negative-step slices, integer matmul.
 */
final class HostKernels {
    private HostKernels() {}

    static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    static int outer(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) {
            n *= shape[i];
        }
        return n;
    }

    static int inner(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    static int size(int[] s) {
        int n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }

    static long[] indices(Nd4jArray indices, long dim, String op) {
        if (indices.dtype() != DType.INT32 && indices.dtype() != DType.INT64) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` needs integer indices.", "int32 or int64",
                    indices.dtype(), "cast the indices"));
        }
        long[] v = indices.toLongArray();
        for (int i = 0; i < v.length; i++) {
            long k = v[i] < 0 ? v[i] + dim : v[i];
            if (k < 0 || k >= dim) {
                throw new InvalidArgumentException(KilnException.message("Operator `" + op + "`: index " + v[i] + " is out of range.",
                        "indices in [" + (-dim) + ", " + dim + ")", v[i], "check the indices against the size " + dim));
            }
            v[i] = k;
        }
        return v;
    }

    /** Broadcast index map: for each output element, the flat index into an input of shape {@code in}. */
    static int[] broadcastIndex(int[] in, int[] out) {
        int n = size(out);
        int[] idx = new int[n];
        int r = out.length;
        int[] inStrides = new int[r];
        int[] st = strides(in);
        for (int i = 0; i < in.length; i++) {
            int o = r - in.length + i;
            inStrides[o] = in[i] == 1 ? 0 : st[i];
        }
        int[] counter = new int[r];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = pos;
            for (int a = r - 1; a >= 0; a--) {
                counter[a]++;
                pos += inStrides[a];
                if (counter[a] < out[a]) {
                    break;
                }
                pos -= inStrides[a] * counter[a];
                counter[a] = 0;
            }
        }
        return idx;
    }

    static Nd4jArray mod(Map<String, Object> attrs, Nd4jArray a, Nd4jArray b) {
        boolean fmod = Attributes.getInt(attrs, "fmod", 0) != 0;
        int[] out = Mem.ints(Mem.broadcast("Mod", Mem.longs(a.shape()), Mem.longs(b.shape())));
        int[] ia = broadcastIndex(a.shape(), out);
        int[] ib = broadcastIndex(b.shape(), out);
        boolean floating = a.dtype().isFloating();
        if (floating) {
            double[] x = a.toDoubleArray();
            double[] y = b.toDoubleArray();
            double[] r = new double[ia.length];
            for (int i = 0; i < r.length; i++) {
                double p = x[ia[i]], q = y[ib[i]];
                double m = p % q;
                if (!fmod && m != 0 && ((m < 0) != (q < 0))) {
                    m += q;
                }
                r[i] = m;
            }
            return Mem.fromDoubles(a.dtype(), out, r);
        }
        long[] x = a.toLongArray();
        long[] y = b.toLongArray();
        double[] r = new double[ia.length];
        for (int i = 0; i < r.length; i++) {
            long p = x[ia[i]], q = y[ib[i]];
            if (q == 0) {
                throw Mem.bad("Mod", "nonzero integer divisors", 0);
            }
            r[i] = fmod ? p % q : Math.floorMod(p, q);
        }
        return Mem.fromDoubles(a.dtype(), out, r);
    }

    static Nd4jArray reduce(String op, Nd4jArray x, boolean[] reduced, long[] outShape) {
        int[] s = x.shape();
        double[] v = x.toDoubleArray();
        int r = s.length;
        int[] out = Mem.ints(outShape);
        int n = size(out);
        double[] acc = new double[n];
        double init = switch (op) {
            case "ReduceMax" -> Double.NEGATIVE_INFINITY;
            case "ReduceMin" -> Double.POSITIVE_INFINITY;
            case "ReduceProd" -> 1;
            default -> 0;
        };
        Arrays.fill(acc, init);
        double[] max = null;
        if (op.equals("ReduceLogSumExp")) {
            max = new double[n];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }
        // output strides over the reduced-or-kept layout
        int[] keptStride = new int[r];
        {
            int stride = 1;
            for (int i = r - 1; i >= 0; i--) {
                if (!reduced[i]) {
                    keptStride[i] = stride;
                    stride *= s[i];
                }
            }
        }
        int[] counter = new int[r];
        int[] target = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            int t = 0;
            for (int a = 0; a < r; a++) {
                t += reduced[a] ? 0 : counter[a] * keptStride[a];
            }
            target[i] = t;
            for (int a = r - 1; a >= 0; a--) {
                if (++counter[a] < s[a]) {
                    break;
                }
                counter[a] = 0;
            }
        }
        int count = n == 0 ? 0 : v.length / Math.max(1, n);
        if (max != null) {
            for (int i = 0; i < v.length; i++) {
                max[target[i]] = Math.max(max[target[i]], v[i]);
            }
        }
        for (int i = 0; i < v.length; i++) {
            int t = target[i];
            double e = v[i];
            switch (op) {
                case "ReduceMax" -> acc[t] = Math.max(acc[t], e);
                case "ReduceMin" -> acc[t] = Math.min(acc[t], e);
                case "ReduceProd" -> acc[t] *= e;
                case "ReduceSumSquare", "ReduceL2" -> acc[t] += e * e;
                case "ReduceLogSumExp" -> acc[t] += Math.exp(e - (Double.isInfinite(max[t]) ? 0 : max[t]));
                default -> acc[t] += e;
            }
        }
        for (int t = 0; t < n; t++) {
            switch (op) {
                case "ReduceMean" -> acc[t] = count == 0 ? Double.NaN : acc[t] / count;
                case "ReduceL2" -> acc[t] = Math.sqrt(acc[t]);
                case "ReduceLogSumExp" -> acc[t] = Math.log(acc[t]) + (Double.isInfinite(max[t]) ? 0 : max[t]);
                default -> { }
            }
            if (x.dtype().isInteger() && op.equals("ReduceMean")) {
                acc[t] = Math.floor(acc[t]);
            }
        }
        return Mem.fromDoubles(x.dtype(), out, acc);
    }

    static Nd4jArray strided(Nd4jArray x, long[] begin, long[] step, long[] outShape) {
        int[] s = x.shape();
        int[] out = Mem.ints(outShape);
        int[] st = strides(s);
        double[] v = x.toDoubleArray();
        double[] r = new double[size(out)];
        int[] counter = new int[out.length];
        for (int i = 0; i < r.length; i++) {
            long p = 0;
            for (int a = 0; a < out.length; a++) {
                p += (begin[a] + counter[a] * step[a]) * st[a];
            }
            r[i] = v[(int) p];
            for (int a = out.length - 1; a >= 0; a--) {
                if (++counter[a] < out[a]) {
                    break;
                }
                counter[a] = 0;
            }
        }
        return Mem.fromDoubles(x.dtype(), out, r);
    }

    private static int[] elementPositions(int[] dataShape, Nd4jArray indicesIn, int axis, String op) {
        int[] is = indicesIn.shape();
        if (is.length != dataShape.length) {
            throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: indices must have the data's rank.",
                    dataShape.length, is.length, null));
        }
        long[] ind = indices(indicesIn, dataShape[axis], op);
        int[] st = strides(dataShape);
        int[] pos = new int[ind.length];
        int[] counter = new int[is.length];
        for (int i = 0; i < ind.length; i++) {
            int p = 0;
            for (int a = 0; a < is.length; a++) {
                int c = a == axis ? (int) ind[i] : counter[a];
                if (a != axis && c >= dataShape[a]) {
                    throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: indices larger than the data.",
                            Mem.str(dataShape), Mem.str(is), null));
                }
                p += c * st[a];
            }
            pos[i] = p;
            for (int a = is.length - 1; a >= 0; a--) {
                if (++counter[a] < is[a]) {
                    break;
                }
                counter[a] = 0;
            }
        }
        return pos;
    }

    static Nd4jArray gatherElements(Nd4jArray x, Nd4jArray indicesIn, Map<String, Object> attrs) {
        int axis = Mem.axis(Attributes.getInt(attrs, "axis", 0), x.shape().length, "GatherElements");
        int[] pos = elementPositions(x.shape(), indicesIn, axis, "GatherElements");
        double[] v = x.toDoubleArray();
        double[] r = new double[pos.length];
        for (int i = 0; i < pos.length; i++) {
            r[i] = v[pos[i]];
        }
        return Mem.fromDoubles(x.dtype(), indicesIn.shape().clone(), r);
    }

    static Nd4jArray scatterElements(Nd4jArray data, Nd4jArray indicesIn, Nd4jArray updates, Map<String, Object> attrs) {
        int axis = Mem.axis(Attributes.getInt(attrs, "axis", 0), data.shape().length, "ScatterElements");
        String reduction = Attributes.getString(attrs, "reduction", "none");
        int[] pos = elementPositions(data.shape(), indicesIn, axis, "ScatterElements");
        double[] d = data.toDoubleArray();
        double[] u = updates.toDoubleArray();
        if (u.length != pos.length) {
            throw new ShapeMismatchException(KilnException.message("Operator `ScatterElements`: updates must match indices.",
                    Mem.str(indicesIn.shape()), Mem.str(updates.shape()), null));
        }
        for (int i = 0; i < pos.length; i++) {
            int p = pos[i];
            d[p] = switch (reduction) {
                case "add" -> d[p] + u[i];
                case "mul" -> d[p] * u[i];
                case "max" -> Math.max(d[p], u[i]);
                case "min" -> Math.min(d[p], u[i]);
                default -> u[i];
            };
        }
        return Mem.fromDoubles(data.dtype(), data.shape().clone(), d);
    }

    static Nd4jArray oneHot(Nd4jArray indicesIn, Nd4jArray depthIn, Nd4jArray values, Map<String, Object> attrs) {
        int depth = (int) depthIn.toDoubleArray()[0];
        if (depth <= 0) {
            throw Mem.bad("OneHot", "a positive depth", depth);
        }
        int[] is = indicesIn.shape();
        int axis = Mem.axis(Attributes.getInt(attrs, "axis", -1), is.length + 1, "OneHot");
        double[] ind = indicesIn.toDoubleArray();
        double[] vals = values.toDoubleArray();
        int[] out = new int[is.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == axis ? depth : is[j++];
        }
        int outer = outer(is, axis);
        int inner = ind.length / Math.max(1, outer);
        double[] r = new double[size(out)];
        Arrays.fill(r, vals[0]);
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                long k = (long) ind[o * inner + in];
                k = k < 0 ? k + depth : k;
                if (k >= 0 && k < depth) {
                    r[(o * depth + (int) k) * inner + in] = vals[1];
                }
            }
        }
        return Mem.fromDoubles(values.dtype(), out, r);
    }

    static Nd4jArray[] topK(Nd4jArray x, Nd4jArray kIn, Map<String, Object> attrs) {
        int[] s = x.shape();
        int axis = Mem.axis(Attributes.getInt(attrs, "axis", -1), s.length, "TopK");
        boolean largest = Attributes.getInt(attrs, "largest", 1) != 0;
        int k = (int) kIn.toLongArray()[0];
        if (k < 0 || k > s[axis]) {
            throw Mem.bad("TopK", "k in [0, " + s[axis] + "]", k);
        }
        int outer = outer(s, axis);
        int inner = inner(s, axis);
        final int n = s[axis];
        final int stride = inner;
        double[] v = x.toDoubleArray();
        int[] out = s.clone();
        out[axis] = k;
        double[] vals = new double[size(out)];
        double[] idx = new double[vals.length];
        Integer[] order = new Integer[n];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (p, q) -> {
                    int c = Double.compare(v[base + q * stride], v[base + p * stride]);
                    if (!largest) {
                        c = -c;
                    }
                    return c != 0 ? c : Integer.compare(p, q);
                });
                for (int t = 0; t < k; t++) {
                    int pos = (o * k + t) * inner + in;
                    vals[pos] = v[base + order[t] * inner];
                    idx[pos] = order[t];
                }
            }
        }
        return new Nd4jArray[] {Mem.fromDoubles(x.dtype(), out, vals), Mem.fromDoubles(DType.INT64, out, idx)};
    }

    static Nd4jArray cumSum(Nd4jArray x, Nd4jArray axisIn, Map<String, Object> attrs) {
        int[] s = x.shape();
        int axis = Mem.axis(axisIn.toLongArray()[0], s.length, "CumSum");
        boolean exclusive = Attributes.getInt(attrs, "exclusive", 0) != 0;
        boolean reverse = Attributes.getInt(attrs, "reverse", 0) != 0;
        int outer = outer(s, axis);
        int inner = inner(s, axis);
        int n = s[axis];
        double[] v = x.toDoubleArray();
        double[] r = new double[v.length];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                double acc = 0;
                for (int t = 0; t < n; t++) {
                    int k = reverse ? n - 1 - t : t;
                    int p = (o * n + k) * inner + in;
                    if (exclusive) {
                        r[p] = acc;
                        acc += v[p];
                    } else {
                        acc += v[p];
                        r[p] = acc;
                    }
                }
            }
        }
        return Mem.fromDoubles(x.dtype(), s.clone(), r);
    }

    static Nd4jArray range(Nd4jArray start, Nd4jArray limit, Nd4jArray delta) {
        double s = start.toDoubleArray()[0];
        double l = limit.toDoubleArray()[0];
        double d = delta.toDoubleArray()[0];
        if (d == 0) {
            throw Mem.bad("Range", "a nonzero delta", 0);
        }
        long n = Math.max(0, (long) Math.ceil((l - s) / d));
        Mem.checkedSize(new int[] {(int) Math.min(n, Integer.MAX_VALUE)}, start.dtype());
        double[] r = new double[(int) n];
        for (int i = 0; i < n; i++) {
            r[i] = s + i * d;
        }
        return Mem.fromDoubles(start.dtype(), new int[] {(int) n}, r);
    }

    static Nd4jArray pad(Nd4jArray x, Nd4jArray padsIn, Nd4jArray valueIn, Nd4jArray axesIn, Map<String, Object> attrs) {
        String mode = Attributes.getString(attrs, "mode", "constant");
        int[] s = x.shape();
        int r = s.length;
        long[] pads = padsIn.toLongArray();
        int[] axes = new int[r];
        if (axesIn != null) {
            long[] ax = axesIn.toLongArray();
            axes = new int[ax.length];
            for (int i = 0; i < ax.length; i++) {
                axes[i] = Mem.axis(ax[i], r, "Pad");
            }
        } else {
            for (int i = 0; i < r; i++) {
                axes[i] = i;
            }
        }
        if (pads.length != 2 * axes.length) {
            throw Mem.bad("Pad", "pads of length " + 2 * axes.length, pads.length);
        }
        long[] before = new long[r];
        long[] after = new long[r];
        for (int i = 0; i < axes.length; i++) {
            before[axes[i]] = pads[i];
            after[axes[i]] = pads[i + axes.length];
        }
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = (int) (s[i] + before[i] + after[i]);
            if (out[i] < 0) {
                throw Mem.bad("Pad", "pads that leave a non-negative size", Arrays.toString(pads));
            }
        }
        Mem.checkedSize(out, x.dtype());
        double value = valueIn == null || valueIn.size() == 0 ? 0 : valueIn.toDoubleArray()[0];
        double[] v = x.toDoubleArray();
        int[] st = strides(s);
        double[] res = new double[size(out)];
        int[] counter = new int[r];
        for (int i = 0; i < res.length; i++) {
            long p = 0;
            boolean inside = true;
            for (int a = 0; a < r && inside; a++) {
                long c = counter[a] - before[a];
                if (c < 0 || c >= s[a]) {
                    switch (mode) {
                        case "edge" -> c = c < 0 ? 0 : s[a] - 1;
                        case "reflect" -> {
                            if (s[a] == 1) {
                                c = 0;
                            } else {
                                long period = 2L * (s[a] - 1);
                                c = Math.floorMod(c, period);
                                if (c >= s[a]) {
                                    c = period - c;
                                }
                            }
                        }
                        case "constant" -> inside = false;
                        default -> throw Mem.bad("Pad", "mode constant, edge or reflect", mode);
                    }
                }
                p += c * st[a];
            }
            res[i] = inside ? v[(int) p] : value;
            for (int a = r - 1; a >= 0; a--) {
                if (++counter[a] < out[a]) {
                    break;
                }
                counter[a] = 0;
            }
        }
        return Mem.fromDoubles(x.dtype(), out, res);
    }

    static Nd4jArray argExtreme(String op, Map<String, Object> attrs, Nd4jArray x) {
        int[] s = x.shape();
        int axis = Mem.axis(Attributes.getInt(attrs, "axis", 0), s.length, op);
        boolean keep = Attributes.getInt(attrs, "keepdims", 1) != 0;
        boolean last = Attributes.getInt(attrs, "select_last_index", 0) != 0;
        boolean max = op.equals("ArgMax");
        int outer = outer(s, axis);
        int inner = inner(s, axis);
        int n = s[axis];
        double[] v = x.toDoubleArray();
        double[] r = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int best = 0;
                double bv = v[o * n * inner + in];
                for (int t = 1; t < n; t++) {
                    double e = v[(o * n + t) * inner + in];
                    boolean better = max ? (last ? e >= bv : e > bv) : (last ? e <= bv : e < bv);
                    if (better) {
                        best = t;
                        bv = e;
                    }
                }
                r[o * inner + in] = best;
            }
        }
        int[] out;
        if (keep) {
            out = s.clone();
            out[axis] = 1;
        } else {
            out = new int[s.length - 1];
            for (int i = 0, j = 0; i < s.length; i++) {
                if (i != axis) {
                    out[j++] = s[i];
                }
            }
        }
        return Mem.fromDoubles(DType.INT64, out, r);
    }

    /** Integer MatMul (rare): computed with exact long arithmetic. */
    static Nd4jArray matmul(Nd4jArray a, Nd4jArray b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length != 2 || bs.length != 2 || as[1] != bs[0]) {
            throw new ShapeMismatchException(KilnException.message("Operator `MatMul` on integers: 2-D operands with matching inner size.",
                    "(m, k) x (k, n)", Mem.str(as) + " x " + Mem.str(bs), null));
        }
        long[] x = a.toLongArray();
        long[] y = b.toLongArray();
        int m = as[0], k = as[1], n = bs[1];
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long acc = 0;
                for (int t = 0; t < k; t++) {
                    acc += x[i * k + t] * y[t * n + j];
                }
                r[i * n + j] = acc;
            }
        }
        return Mem.fromDoubles(a.dtype(), new int[] {m, n}, r);
    }
}
