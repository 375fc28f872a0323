package dev.kiln.backend.java.internal;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import java.util.Arrays;

/** Shape arithmetic shared by the kernels: strides, broadcasting, axes. */
final class Nd {
    private Nd() {}

    static String str(int[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            sb.append(i > 0 ? ", " : "").append(s[i]);
        }
        return sb.append(s.length == 1 ? ",)" : ")").toString();
    }

    static int size(int[] shape) { return JavaArray.checkedSize(shape); }

    static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    static int axis(long axis, int rank, String op) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "`: axis " + axis + " is out of range.",
                    "an axis in [" + (-rank) + ", " + rank + ")", axis, null));
        }
        return (int) a;
    }

    /** NumPy multidirectional broadcasting of several shapes. */
    static int[] broadcast(String op, int[]... shapes) {
        int r = 0;
        for (int[] s : shapes) {
            r = Math.max(r, s.length);
        }
        int[] out = new int[r];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = r - s.length + i;
                int d = s[i];
                if (out[o] == 1) {
                    out[o] = d;
                } else if (d != 1 && d != out[o]) {
                    StringBuilder got = new StringBuilder();
                    for (int[] x : shapes) {
                        got.append(got.length() > 0 ? " and " : "").append(str(x));
                    }
                    throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: shapes cannot be broadcast together.",
                            "shapes whose dimensions are equal or 1, aligned from the right", got,
                            "reshape an operand so its dimensions match"));
                }
            }
        }
        return out;
    }

    /** For each output element, the flat index into an input of shape {@code in} broadcast to {@code out}. */
    static int[] broadcastIndex(int[] in, int[] out) {
        int n = size(out);
        int[] idx = new int[n];
        if (Arrays.equals(in, out)) {
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            return idx;
        }
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

    /** True if {@code small}, right-aligned, equals the trailing dimensions of {@code full} (a scalar counts). */
    static boolean isTrailing(int[] small, int[] full) {
        int lead = full.length - small.length;
        if (lead < 0) {
            return false;
        }
        for (int i = 0; i < small.length; i++) {
            if (small[i] != full[lead + i]) {
                return false;
            }
        }
        return true;
    }

    /** Product of the dimensions before {@code axis}. */
    static int outer(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** Product of the dimensions after {@code axis}. */
    static int inner(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** An invalid-input error in Keras's message form. */
    static InvalidArgumentException bad(String op, String expected, Object got) {
        return new InvalidArgumentException(KilnException.message("Invalid input to operator `" + op + "`.", expected, got, null));
    }
}
