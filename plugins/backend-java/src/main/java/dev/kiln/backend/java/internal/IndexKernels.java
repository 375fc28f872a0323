package dev.kiln.backend.java.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Attributes;
import java.util.Arrays;
import java.util.Map;

/** Index-driven kernels: gathers, scatters, one-hot, top-k and cumulative sums. */
final class IndexKernels {
    private IndexKernels() {}

    private static long[] indices(JavaArray indices, int dim, String op) {
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

    static JavaArray gather(JavaArray x, JavaArray indicesIn, Map<String, Object> attrs) {
        int[] s = x.shape();
        int axis = Nd.axis(Attributes.getInt(attrs, "axis", 0), s.length, "Gather");
        long[] ind = indices(indicesIn, s[axis], "Gather");
        int[] is = indicesIn.shape();
        int outer = Nd.outer(s, axis);
        int inner = Nd.inner(s, axis);
        int[] out = new int[s.length - 1 + is.length];
        int j = 0;
        for (int i = 0; i < axis; i++) {
            out[j++] = s[i];
        }
        for (int d : is) {
            out[j++] = d;
        }
        for (int i = axis + 1; i < s.length; i++) {
            out[j++] = s[i];
        }
        JavaArray result = JavaArray.allocateDirty(x.dtype(), out); // every row is copied below
        // A window (a dataset's rows, JavaArray.rows) is read in place: a shuffled batch of a sliced training set
        // would otherwise copy the whole slice out on its first gather (157 MB for Fashion-MNIST's first 50k images).
        JavaArray.Region in = x.region();
        Object src = in.base();
        int at = in.offset();
        Object dst = result.data();
        for (int o = 0; o < outer; o++) {
            for (int t = 0; t < ind.length; ) {
                // A run of consecutive indices (predict's batches, unshuffled data) is one copy.
                int run = 1;
                while (t + run < ind.length && ind[t + run] == ind[t] + run) {
                    run++;
                }
                System.arraycopy(src, at + (o * s[axis] + (int) ind[t]) * inner, dst, (o * ind.length + t) * inner, run * inner);
                t += run;
            }
        }
        return result;
    }

    /** Flat source (or target) positions for GatherElements / ScatterElements. */
    private static int[] elementPositions(int[] dataShape, JavaArray indicesIn, int axis, String op) {
        int[] is = indicesIn.shape();
        if (is.length != dataShape.length) {
            throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: indices must have the data's rank.",
                    dataShape.length, is.length, null));
        }
        long[] ind = indices(indicesIn, dataShape[axis], op);
        int[] st = Nd.strides(dataShape);
        int[] pos = new int[ind.length];
        int[] counter = new int[is.length];
        for (int i = 0; i < ind.length; i++) {
            int p = 0;
            for (int a = 0; a < is.length; a++) {
                int c = a == axis ? (int) ind[i] : counter[a];
                if (a != axis && c >= dataShape[a]) {
                    throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: indices larger than the data.",
                            Nd.str(dataShape), Nd.str(is), null));
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

    static JavaArray gatherElements(JavaArray x, JavaArray indicesIn, Map<String, Object> attrs) {
        int axis = Nd.axis(Attributes.getInt(attrs, "axis", 0), x.shape().length, "GatherElements");
        return ShapeKernels.take(x, indicesIn.shape().clone(), elementPositions(x.shape(), indicesIn, axis, "GatherElements"));
    }

    static JavaArray scatterElements(JavaArray data, JavaArray indicesIn, JavaArray updates, Map<String, Object> attrs) {
        int axis = Nd.axis(Attributes.getInt(attrs, "axis", 0), data.shape().length, "ScatterElements");
        String reduction = Attributes.getString(attrs, "reduction", "none");
        int[] pos = elementPositions(data.shape(), indicesIn, axis, "ScatterElements");
        double[] d = data.toDoubleArray();
        double[] u = updates.toDoubleArray();
        if (u.length != pos.length) {
            throw new ShapeMismatchException(KilnException.message("Operator `ScatterElements`: updates must match indices.",
                    Nd.str(indicesIn.shape()), Nd.str(updates.shape()), null));
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
        return JavaArray.fromDoubles(data.dtype(), data.shape(), d);
    }

    static JavaArray oneHot(JavaArray indicesIn, JavaArray depthIn, JavaArray values, Map<String, Object> attrs) {
        int depth = (int) depthIn.toDoubleArray()[0];
        if (depth <= 0) {
            throw Nd.bad("OneHot", "a positive depth", depth);
        }
        int[] is = indicesIn.shape();
        int axis = Nd.axis(Attributes.getInt(attrs, "axis", -1), is.length + 1, "OneHot");
        double[] ind = indicesIn.toDoubleArray();
        double[] vals = values.toDoubleArray();
        int[] out = new int[is.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == axis ? depth : is[j++];
        }
        int outer = Nd.outer(is, axis);
        int inner = ind.length / Math.max(1, outer);
        double[] r = new double[Nd.size(out)];
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
        return JavaArray.fromDoubles(values.dtype(), out, r);
    }

    static JavaArray[] topK(JavaArray x, JavaArray kIn, Map<String, Object> attrs) {
        int[] s = x.shape();
        int axis = Nd.axis(Attributes.getInt(attrs, "axis", -1), s.length, "TopK");
        boolean largest = Attributes.getInt(attrs, "largest", 1) != 0;
        int k = (int) kIn.toLongArray()[0];
        if (k < 0 || k > s[axis]) {
            throw Nd.bad("TopK", "k in [0, " + s[axis] + "]", k);
        }
        int outer = Nd.outer(s, axis);
        int inner = Nd.inner(s, axis);
        final int n = s[axis];
        final int stride = inner;
        double[] v = x.toDoubleArray();
        int[] out = s.clone();
        out[axis] = k;
        double[] vals = new double[Nd.size(out)];
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
        return new JavaArray[] {JavaArray.fromDoubles(x.dtype(), out, vals), JavaArray.fromDoubles(DType.INT64, out, idx)};
    }

    static JavaArray cumSum(JavaArray x, JavaArray axisIn, Map<String, Object> attrs) {
        int[] s = x.shape();
        int axis = Nd.axis(axisIn.toLongArray()[0], s.length, "CumSum");
        boolean exclusive = Attributes.getInt(attrs, "exclusive", 0) != 0;
        boolean reverse = Attributes.getInt(attrs, "reverse", 0) != 0;
        int outer = Nd.outer(s, axis);
        int inner = Nd.inner(s, axis);
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
        return JavaArray.fromDoubles(x.dtype(), s, r);
    }
}
