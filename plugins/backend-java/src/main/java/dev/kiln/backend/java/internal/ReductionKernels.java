package dev.kiln.backend.java.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.backend.spi.Attributes;
import java.util.Map;

/** ReductionKernels over a set of axes, and ArgMax/ArgMin. */
final class ReductionKernels {
    private ReductionKernels() {}

    /** {@code axesInput} is ReduceSum's optional axes input (opset 13+); the others read the {@code axes} attribute. */
    static JavaArray reduce(String op, Map<String, Object> attrs, JavaArray x, JavaArray axesInput) {
        int[] s = x.shape();
        int r = s.length;
        long[] axes = op.equals("ReduceSum") ? (axesInput == null ? null : axesInput.toLongArray()) : Attributes.getInts(attrs, "axes", null);
        boolean keep = Attributes.getInt(attrs, "keepdims", 1) != 0;
        boolean[] reduced = new boolean[r];
        if (axes == null || axes.length == 0) {
            if (axes != null && Attributes.getInt(attrs, "noop_with_empty_axes", 0) != 0) {
                return JavaArray.fromDoubles(x.dtype(), s, x.toDoubleArray());
            }
            java.util.Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                reduced[Nd.axis(a, r, op)] = true;
            }
        }
        int[] outKeep = new int[r];
        int outRank = 0;
        for (int i = 0; i < r; i++) {
            outKeep[i] = reduced[i] ? 1 : s[i];
            outRank += reduced[i] ? 0 : 1;
        }
        int[] outShape;
        if (keep) {
            outShape = outKeep;
        } else {
            outShape = new int[outRank];
            for (int i = 0, j = 0; i < r; i++) {
                if (!reduced[i]) {
                    outShape[j++] = s[i];
                }
            }
        }
        int outSize = Nd.size(outKeep);
        if (x.dtype() == DType.FLOAT32 && (op.equals("ReduceSum") || op.equals("ReduceMean") || op.equals("ReduceMax")
                || op.equals("ReduceMin")) && x.length() > 0) {
            return floatReduce(op, x.floats(), s, reduced, outShape, outSize);
        }
        double[] v = x.toDoubleArray();
        double[] acc = new double[outSize];
        double init = switch (op) {
            case "ReduceMax" -> Double.NEGATIVE_INFINITY;
            case "ReduceMin" -> Double.POSITIVE_INFINITY;
            case "ReduceProd" -> 1;
            default -> 0;
        };
        java.util.Arrays.fill(acc, init);
        double[] maxForLse = null;
        if (op.equals("ReduceLogSumExp")) {
            JavaArray m = reduce("ReduceMax", Map.of("keepdims", 1L, "axes", axesOf(reduced)), x, null);
            maxForLse = m.toDoubleArray();
        }
        int[] idx = Nd.broadcastIndex(outKeep, s); // maps every input element to its output slot
        for (int i = 0; i < v.length; i++) {
            int o = idx[i];
            double e = v[i];
            switch (op) {
                case "ReduceSum", "ReduceMean" -> acc[o] += e;
                case "ReduceMax" -> acc[o] = Math.max(acc[o], e);
                case "ReduceMin" -> acc[o] = Math.min(acc[o], e);
                case "ReduceProd" -> acc[o] *= e;
                case "ReduceSumSquare", "ReduceL2" -> acc[o] += e * e;
                case "ReduceLogSumExp" -> acc[o] += Math.exp(e - maxForLse[o]);
                default -> throw new IllegalArgumentException(op);
            }
        }
        if (op.equals("ReduceMean")) {
            double count = v.length / (double) Math.max(1, outSize);
            for (int i = 0; i < outSize; i++) {
                acc[i] /= count;
            }
        } else if (op.equals("ReduceL2")) {
            for (int i = 0; i < outSize; i++) {
                acc[i] = Math.sqrt(acc[i]);
            }
        } else if (op.equals("ReduceLogSumExp")) {
            for (int i = 0; i < outSize; i++) {
                acc[i] = Math.log(acc[i]) + maxForLse[i];
            }
        }
        return JavaArray.fromDoubles(x.dtype(), outShape, acc);
    }

    /**
     * float32 sum, mean, max and min without index tables: neighbouring axes that are both reduced or both kept are
     * merged, then the input is read once in order. Sums accumulate in double, as the general path does.
     */
    private static JavaArray floatReduce(String op, float[] v, int[] s, boolean[] reduced, int[] outShape, int outSize) {
        int r = s.length;
        int[] dim = new int[r];
        boolean[] red = new boolean[r];
        int m = 0;
        for (int i = 0; i < r; i++) {
            if (s[i] == 1) {
                continue; // a size-1 axis changes nothing
            }
            if (m > 0 && red[m - 1] == reduced[i]) {
                dim[m - 1] *= s[i];
            } else {
                dim[m] = s[i];
                red[m] = reduced[i];
                m++;
            }
        }
        boolean sum = op.equals("ReduceSum") || op.equals("ReduceMean");
        boolean max = op.equals("ReduceMax");
        double[] acc = new double[outSize];
        if (!sum) {
            java.util.Arrays.fill(acc, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        // Output strides of the merged axes (0 where reduced).
        int[] ostride = new int[m];
        for (int i = m - 1, st = 1; i >= 0; i--) {
            ostride[i] = red[i] ? 0 : st;
            st *= red[i] ? 1 : dim[i];
        }
        int inner = m == 0 ? 1 : dim[m - 1];
        boolean innerReduced = m > 0 && red[m - 1];
        if (innerReduced && sum) {
            // Outputs split across the kernel threads for large inputs: each output is still summed by one thread in
            // the same order, so the values do not depend on the split (W2's conv bias gradients read 11 MB).
            int merged = m;
            LinalgKernels.split(outSize, v.length >= ElementwiseKernels.PARALLEL_ELEMENTS ? LinalgKernels.THREADS : 1, 1,
                    (lo, hi) -> sumRuns(v, inner, merged, dim, ostride, acc, lo, hi));
        } else {
            fold(v, inner, innerReduced, sum, max, m, dim, ostride, acc);
        }
        JavaArray out = JavaArray.allocate(DType.FLOAT32, outShape);
        divide(acc, op.equals("ReduceMean") ? v.length / (double) Math.max(1, outSize) : 1, out.floats());
        return out;
    }

    // Each loop of floatReduce is a method of its own: the JIT compiles a method once per hot loop (on-stack
    // replacement) and again whole, and with every loop in one method W1 compiled it six times (0.4-0.6 s).

    /** Folds {@code v} into {@code acc} by max or min along a reduced inner axis, or by sum, max or min across rows. */
    private static void fold(float[] v, int inner, boolean innerReduced, boolean sum, boolean max, int m, int[] dim,
                             int[] ostride, double[] acc) {
        int[] counter = new int[Math.max(0, m - 1)];
        int o = 0;
        for (int base = 0; base < v.length; base += inner) {
            if (innerReduced) {
                double a = acc[o];
                for (int j = 0; j < inner; j++) {
                    float e = v[base + j];
                    a = max ? Math.max(a, e) : Math.min(a, e);
                }
                acc[o] = a;
            } else {
                for (int j = 0; j < inner; j++) {
                    float e = v[base + j];
                    acc[o + j] = sum ? acc[o + j] + e : max ? Math.max(acc[o + j], e) : Math.min(acc[o + j], e);
                }
            }
            o = next(o, counter, dim, ostride, m);
        }
    }

    /** {@code out[i] = (float) (acc[i] / count)}. */
    private static void divide(double[] acc, double count, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (acc[i] / count);
        }
    }

    private static long[] axesOf(boolean[] reduced) {
        int n = 0;
        for (boolean b : reduced) {
            n += b ? 1 : 0;
        }
        long[] a = new long[n];
        for (int i = 0, j = 0; i < reduced.length; i++) {
            if (reduced[i]) {
                a[j++] = i;
            }
        }
        return a;
    }

    static JavaArray argExtreme(String op, Map<String, Object> attrs, JavaArray x) {
        int[] s = x.shape();
        if (s.length == 0) {
            throw new InvalidArgumentException("Operator `" + op + "` needs an input of rank >= 1.");
        }
        int axis = Nd.axis(Attributes.getInt(attrs, "axis", 0), s.length, op);
        boolean keep = Attributes.getInt(attrs, "keepdims", 1) != 0;
        boolean last = Attributes.getInt(attrs, "select_last_index", 0) != 0;
        boolean max = op.equals("ArgMax");
        int outer = Nd.outer(s, axis);
        int inner = Nd.inner(s, axis);
        int n = s[axis];
        if (n == 0 && outer * inner > 0) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` over an empty axis has no answer.",
                    "axis " + axis + " of size >= 1", Nd.str(s), "reduce over another axis, or skip empty inputs"));
        }
        long[] out = new long[outer * inner];
        if (x.data() instanceof float[] f && max && !last && inner == 1) {
            // the accuracy metrics' case: the first largest score of each float row, without a double copy
            for (int o = 0; o < outer; o++) {
                int best = 0;
                float bv = f[o * n];
                for (int k = 1; k < n; k++) {
                    if (f[o * n + k] > bv) {
                        best = k;
                        bv = f[o * n + k];
                    }
                }
                out[o] = best;
            }
        } else {
            double[] v = x.toDoubleArray();
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    int best = 0;
                    double bv = v[o * n * inner + in];
                    for (int k = 1; k < n; k++) {
                        double e = v[o * n * inner + k * inner + in];
                        boolean better = max ? (last ? e >= bv : e > bv) : (last ? e <= bv : e < bv);
                        if (better) {
                            best = k;
                            bv = e;
                        }
                    }
                    out[o * inner + in] = best;
                }
            }
        }
        int[] outShape;
        if (keep) {
            outShape = s.clone();
            outShape[axis] = 1;
        } else {
            outShape = new int[s.length - 1];
            for (int i = 0, j = 0; i < s.length; i++) {
                if (i != axis) {
                    outShape[j++] = s[i];
                }
            }
        }
        return new JavaArray(DType.INT64, outShape, out);
    }

    /** Sums of the reduced inner runs whose output index is in {@code [lo, hi)}, walked in input order. */
    private static void sumRuns(float[] v, int inner, int m, int[] dim, int[] ostride, double[] acc, int lo, int hi) {
        int[] counter = new int[Math.max(0, m - 1)];
        int o = 0;
        for (int base = 0; base < v.length; base += inner) {
            if (o >= lo && o < hi) {
                // Four running sums: one chain of dependent double adds runs at a quarter of the speed (a conv bias
                // gradient over 128 x 26 x 26 positions per channel: 2.7 ms as one chain).
                double a0 = 0;
                double a1 = 0;
                double a2 = 0;
                double a3 = 0;
                int j = 0;
                for (; j + 4 <= inner; j += 4) {
                    a0 += v[base + j];
                    a1 += v[base + j + 1];
                    a2 += v[base + j + 2];
                    a3 += v[base + j + 3];
                }
                for (; j < inner; j++) {
                    a0 += v[base + j];
                }
                acc[o] += (a0 + a1) + (a2 + a3);
            }
            o = next(o, counter, dim, ostride, m);
        }
    }

    /** The output index of the next inner run: the merged outer axes counted like an odometer. */
    private static int next(int o, int[] counter, int[] dim, int[] ostride, int m) {
        for (int a = m - 2; a >= 0; a--) {
            o += ostride[a];
            if (++counter[a] < dim[a]) {
                break;
            }
            o -= ostride[a] * dim[a];
            counter[a] = 0;
        }
        return o;
    }
}
