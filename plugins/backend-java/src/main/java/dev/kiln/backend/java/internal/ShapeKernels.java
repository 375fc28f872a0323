package dev.kiln.backend.java.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Attributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Shape and data-movement kernels. Most compute a source index per output element and copy by it ({@link #take}). */
final class ShapeKernels {
    private ShapeKernels() {}

    /** A new array of {@code shape} whose element i is {@code src[index[i]]}, copied without changing type. */
    static JavaArray take(JavaArray src, int[] shape, int[] index) {
        JavaArray out = JavaArray.allocate(src.dtype(), shape);
        Object s = src.data();
        Object d = out.data();
        switch (src.dtype()) {
            case FLOAT32 -> { float[] a = (float[]) s; float[] b = (float[]) d; for (int i = 0; i < index.length; i++) { b[i] = a[index[i]]; } }
            case FLOAT64 -> { double[] a = (double[]) s; double[] b = (double[]) d; for (int i = 0; i < index.length; i++) { b[i] = a[index[i]]; } }
            case INT32 -> { int[] a = (int[]) s; int[] b = (int[]) d; for (int i = 0; i < index.length; i++) { b[i] = a[index[i]]; } }
            case INT64 -> { long[] a = (long[]) s; long[] b = (long[]) d; for (int i = 0; i < index.length; i++) { b[i] = a[index[i]]; } }
            case BOOL -> { boolean[] a = (boolean[]) s; boolean[] b = (boolean[]) d; for (int i = 0; i < index.length; i++) { b[i] = a[index[i]]; } }
        }
        return out;
    }

    static JavaArray transpose(JavaArray x, Map<String, Object> attrs) {
        int[] s = x.shape();
        int r = s.length;
        long[] perm = Attributes.getInts(attrs, "perm", null);
        int[] p = new int[r];
        boolean[] used = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = perm == null ? r - 1 - i : (int) perm[i];
            if (perm != null && (perm.length != r || p[i] < 0 || p[i] >= r || used[p[i]])) {
                throw new InvalidArgumentException(KilnException.message("Operator `Transpose`: invalid permutation.",
                        "a permutation of 0.." + (r - 1), Arrays.toString(perm), null));
            }
            used[p[i]] = true;
        }
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = s[p[i]];
        }
        if (x.dtype() == DType.FLOAT32) {
            JavaArray fast = blockTranspose(x.floats(), s, p, out);
            if (fast != null) {
                return fast;
            }
        }
        int[] st = Nd.strides(s);
        int n = Nd.size(out);
        int[] idx = new int[n];
        int[] counter = new int[r];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = pos;
            for (int a = r - 1; a >= 0; a--) {
                counter[a]++;
                pos += st[p[a]];
                if (counter[a] < out[a]) {
                    break;
                }
                pos -= st[p[a]] * counter[a];
                counter[a] = 0;
            }
        }
        return take(x, out, idx);
    }

    /**
     * Permutations that are a batch of 2-D transposes once neighbouring axes that stay neighbours are merged: (1, 0),
     * (0, 2, 1), and so NHWC to NCHW (0, 3, 1, 2) and back (0, 2, 3, 1), as convolution layers ask. {@code null} for
     * other permutations.
     */
    private static JavaArray blockTranspose(float[] a, int[] s, int[] p, int[] outShape) {
        int r = s.length;
        // Merge runs of output axes whose input axes are consecutive.
        int[] groupStart = new int[r];
        int groups = 0;
        for (int i = 0; i < r; i++) {
            if (i == 0 || p[i] != p[i - 1] + 1) {
                groupStart[groups++] = i;
            }
        }
        int[] dim = new int[groups];
        int[] firstIn = new int[groups];
        for (int g = 0; g < groups; g++) {
            int end = g + 1 < groups ? groupStart[g + 1] : r;
            dim[g] = 1;
            for (int i = groupStart[g]; i < end; i++) {
                dim[g] *= s[p[i]];
            }
            firstIn[g] = p[groupStart[g]];
        }
        boolean swap = groups == 2 && firstIn[0] > firstIn[1] // (1, 0)
                || groups == 3 && firstIn[0] < firstIn[2] && firstIn[2] < firstIn[1]; // (0, 2, 1)
        if (groups > 1 && !swap) {
            return null; // decided before allocating: the general path makes its own output
        }
        JavaArray out = JavaArray.allocate(DType.FLOAT32, outShape);
        float[] t = out.floats();
        if (groups == 1) {
            System.arraycopy(a, 0, t, 0, a.length);
            return out;
        }
        int batch = groups == 3 ? dim[0] : 1;
        int rows = dim[groups - 1];
        int cols = dim[groups - 2];
        for (int b = 0; b < batch; b++) {
            tiles(a, b * rows * cols, t, b * rows * cols, rows, cols);
        }
        return out;
    }

    /** Transposes a rows x cols block at {@code from} into a cols x rows block at {@code to}, in cache-sized tiles. */
    private static void tiles(float[] a, int from, float[] t, int to, int rows, int cols) {
        final int tile = 32;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            int i1 = Math.min(rows, i0 + tile);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int j1 = Math.min(cols, j0 + tile);
                for (int j = j0; j < j1; j++) { // contiguous writes, strided reads: the faster of the two here
                    int w = to + j * rows;
                    for (int i = i0; i < i1; i++) {
                        t[w + i] = a[from + i * cols + j];
                    }
                }
            }
        }
    }

    static JavaArray reshape(JavaArray x, JavaArray shapeIn, Map<String, Object> attrs) {
        long[] want = shapeIn.toLongArray();
        boolean allowZero = Attributes.getInt(attrs, "allowzero", 0) != 0;
        int[] s = x.shape();
        int[] out = new int[want.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < want.length; i++) {
            long d = want[i];
            if (d == -1) {
                if (infer >= 0) {
                    throw Nd.bad("Reshape", "at most one -1 dimension", Arrays.toString(want));
                }
                infer = i;
                continue;
            }
            if (d == 0 && !allowZero) {
                if (i >= s.length) {
                    throw Nd.bad("Reshape", "0 only where the input has a dimension to copy", Arrays.toString(want));
                }
                d = s[i];
            }
            if (d < 0) {
                throw Nd.bad("Reshape", "dimensions >= -1", Arrays.toString(want));
            }
            out[i] = (int) d;
            known *= d;
        }
        long total = x.size();
        if (infer >= 0) {
            if (known == 0 || total % known != 0) {
                throw new ShapeMismatchException(KilnException.message("Cannot reshape " + Nd.str(s) + " into " + Arrays.toString(want) + ".",
                        "a shape with the same number of elements (" + total + ")", Arrays.toString(want), null));
            }
            out[infer] = (int) (total / known);
            known *= out[infer];
        }
        if (known != total) {
            throw new ShapeMismatchException(KilnException.message("Cannot reshape " + Nd.str(s) + " into " + Nd.str(out) + ".",
                    "a shape with " + total + " elements", known + " elements", "check the target shape"));
        }
        return x.view(out);
    }


    static JavaArray expand(JavaArray x, JavaArray shapeIn) {
        long[] want = shapeIn.toLongArray();
        int[] w = new int[want.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (int) want[i];
        }
        int[] out = Nd.broadcast("Expand", x.shape(), w);
        if (Nd.size(out) > 0 && Nd.isTrailing(x.shape(), out)) {
            return tiled(x, out);
        }
        return take(x, out, Nd.broadcastIndex(x.shape(), out));
    }

    /**
     * {@code x} repeated over leading dimensions to {@code shape}, of which x's shape is the trailing part ({@link
     * Nd#isTrailing}) and which has elements: x's buffer copied in, then the filled part copied after itself, doubling.
     * Element-wise arithmetic tiles a bias this way because HotSpot vectorizes only loops that index every array alike.
     */
    static JavaArray tiled(JavaArray x, int[] shape) {
        JavaArray out = JavaArray.allocateDirty(x.dtype(), shape); // every element is written below
        Object t = out.data();
        int n = Nd.size(shape);
        int len = Nd.size(x.shape());
        System.arraycopy(x.data(), 0, t, 0, len);
        for (int filled = len; filled < n; filled += Math.min(filled, n - filled)) {
            System.arraycopy(t, 0, t, filled, Math.min(filled, n - filled));
        }
        return out;
    }

    static JavaArray concat(Map<String, Object> attrs, JavaArray[] in) {
        if (in.length == 0) {
            throw Nd.bad("Concat", "at least one input", 0);
        }
        int[] s0 = in[0].shape();
        int axis = Nd.axis(Attributes.getInt(attrs, "axis", 0), s0.length, "Concat");
        int total = 0;
        for (JavaArray a : in) {
            int[] s = a.shape();
            boolean ok = s.length == s0.length && a.dtype() == in[0].dtype();
            for (int i = 0; ok && i < s.length; i++) {
                ok = i == axis || s[i] == s0[i];
            }
            if (!ok) {
                throw new ShapeMismatchException(KilnException.message("Operator `Concat`: inputs differ off the concatenation axis.",
                        "equal shapes and dtypes except on axis " + axis, Nd.str(s0) + " and " + Nd.str(s), null));
            }
            total += s[axis];
        }
        int[] out = s0.clone();
        out[axis] = total;
        int outer = Nd.outer(s0, axis);
        int inner = Nd.inner(s0, axis);
        JavaArray result = JavaArray.allocate(in[0].dtype(), out);
        int rowOut = total * inner;
        int offset = 0;
        for (JavaArray a : in) {
            int block = a.shape()[axis] * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(a.data(), o * block, result.data(), o * rowOut + offset, block);
            }
            offset += block;
        }
        return result;
    }

    static JavaArray slice(JavaArray x, JavaArray startsIn, JavaArray endsIn, JavaArray axesIn, JavaArray stepsIn) {
        int[] s = x.shape();
        int r = s.length;
        long[] starts = startsIn.toLongArray();
        long[] ends = endsIn.toLongArray();
        long[] axes = axesIn == null ? null : axesIn.toLongArray();
        long[] steps = stepsIn == null ? null : stepsIn.toLongArray();
        int[] begin = new int[r];
        int[] step = new int[r];
        int[] out = s.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = Nd.axis(axes == null ? i : axes[i], r, "Slice");
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw Nd.bad("Slice", "non-zero steps", 0);
            }
            long dim = s[a];
            long b = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (st > 0) {
                b = Math.max(0, Math.min(dim, b));
                e = Math.max(0, Math.min(dim, e));
                out[a] = (int) Math.max(0, (e - b + st - 1) / st);
            } else {
                b = Math.max(-1, Math.min(dim - 1, b));
                e = Math.max(-1, Math.min(dim - 1, e));
                out[a] = (int) Math.max(0, (b - e + (-st) - 1) / (-st));
            }
            begin[a] = (int) b;
            step[a] = (int) st;
        }
        int[] st = Nd.strides(s);
        int n = Nd.size(out);
        // Batches are slices along axis 0 of a whole dataset: copy contiguous runs instead of element by element.
        int last = r - 1;
        int run = 1;
        while (last >= 0 && begin[last] == 0 && step[last] == 1 && out[last] == s[last]) {
            run *= s[last];
            last--;
        }
        if (last >= 0 && step[last] == 1) {
            run *= out[last];
            last--;
        }
        if (last < 0 && n > 0 && r > 0) {
            // one run from the first axis on: rows of x, read in place (a dataset's batch)
            return x.rows(begin[0], begin[0] + out[0]);
        }
        if (run > 1 && n > 0) {
            JavaArray result = JavaArray.allocate(x.dtype(), out);
            int[] outer = new int[Math.max(0, last + 1)];
            for (int dst = 0; dst < n; dst += run) {
                int pos = 0;
                for (int a = 0; a < r; a++) {
                    pos += (begin[a] + (a <= last ? outer[a] * step[a] : 0)) * st[a];
                }
                System.arraycopy(x.data(), pos, result.data(), dst, run);
                for (int a = last; a >= 0; a--) {
                    if (++outer[a] < out[a]) {
                        break;
                    }
                    outer[a] = 0;
                }
            }
            return result;
        }
        int[] idx = new int[n];
        int[] counter = new int[r];
        for (int i = 0; i < n; i++) {
            int pos = 0;
            for (int a = 0; a < r; a++) {
                pos += (begin[a] + counter[a] * step[a]) * st[a];
            }
            idx[i] = pos;
            for (int a = r - 1; a >= 0; a--) {
                if (++counter[a] < out[a]) {
                    break;
                }
                counter[a] = 0;
            }
        }
        return take(x, out, idx);
    }

    static JavaArray flatten(JavaArray x, Map<String, Object> attrs) {
        int[] s = x.shape();
        long a = Attributes.getInt(attrs, "axis", 1);
        int axis = (int) (a < 0 ? a + s.length : a);
        if (axis < 0 || axis > s.length) {
            throw Nd.bad("Flatten", "an axis in [" + (-s.length) + ", " + s.length + "]", a);
        }
        int outer = Nd.outer(s, axis);
        return x.view(new int[] {outer, (int) (x.size() / Math.max(1, outer))});
    }

    static JavaArray squeeze(JavaArray x, JavaArray axesIn) {
        int[] s = x.shape();
        boolean[] drop = new boolean[s.length];
        if (axesIn == null) {
            for (int i = 0; i < s.length; i++) {
                drop[i] = s[i] == 1;
            }
        } else {
            for (long a : axesIn.toLongArray()) {
                int ax = Nd.axis(a, s.length, "Squeeze");
                if (s[ax] != 1) {
                    throw Nd.bad("Squeeze", "axes of size 1", "axis " + a + " of " + Nd.str(s));
                }
                drop[ax] = true;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            if (!drop[i]) {
                out.add(s[i]);
            }
        }
        return x.view(out.stream().mapToInt(Integer::intValue).toArray());
    }

    static JavaArray unsqueeze(JavaArray x, JavaArray axesIn) {
        int[] s = x.shape();
        long[] axes = axesIn.toLongArray();
        int r = s.length + axes.length;
        boolean[] insert = new boolean[r];
        for (long a : axes) {
            insert[Nd.axis(a, r, "Unsqueeze")] = true;
        }
        int[] out = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            out[i] = insert[i] ? 1 : s[j++];
        }
        return x.view(out);
    }

    static JavaArray tile(JavaArray x, JavaArray repeatsIn) {
        int[] s = x.shape();
        long[] rep = repeatsIn.toLongArray();
        if (rep.length != s.length) {
            throw Nd.bad("Tile", "one repeat per dimension (" + s.length + ")", Arrays.toString(rep));
        }
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (int) (s[i] * rep[i]);
        }
        int[] st = Nd.strides(s);
        int n = Nd.size(out);
        int[] idx = new int[n];
        int[] counter = new int[s.length];
        for (int i = 0; i < n; i++) {
            int p = 0;
            for (int a = 0; a < s.length; a++) {
                p += (counter[a] % s[a]) * st[a];
            }
            idx[i] = p;
            for (int a = s.length - 1; a >= 0; a--) {
                if (++counter[a] < out[a]) {
                    break;
                }
                counter[a] = 0;
            }
        }
        return take(x, out, idx);
    }

    static JavaArray range(JavaArray start, JavaArray limit, JavaArray delta) {
        double s = start.toDoubleArray()[0];
        double l = limit.toDoubleArray()[0];
        double d = delta.toDoubleArray()[0];
        if (d == 0) {
            throw Nd.bad("Range", "a non-zero delta", 0);
        }
        int n = (int) Math.max(0, Math.ceil((l - s) / d));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = s + i * d;
        }
        return JavaArray.fromDoubles(start.dtype(), new int[] {n}, v);
    }

    static JavaArray pad(JavaArray x, JavaArray padsIn, JavaArray valueIn, Map<String, Object> attrs) {
        String mode = Attributes.getString(attrs, "mode", "constant");
        if (!mode.equals("constant")) {
            throw new dev.kiln.backend.spi.UnsupportedOpException("java", "Pad", "mode " + mode);
        }
        int[] s = x.shape();
        long[] pads = padsIn.toLongArray();
        if (pads.length != 2 * s.length) {
            throw Nd.bad("Pad", "2 * rank pads", pads.length);
        }
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (int) (s[i] + pads[i] + pads[i + s.length]);
            if (out[i] < 0) {
                throw Nd.bad("Pad", "pads that leave a non-negative size", Arrays.toString(pads));
            }
        }
        double value = valueIn == null ? 0 : valueIn.toDoubleArray()[0];
        double[] src = x.toDoubleArray();
        double[] dst = new double[Nd.size(out)];
        Arrays.fill(dst, value);
        int[] ost = Nd.strides(out);
        int[] counter = new int[s.length];
        for (int i = 0; i < src.length; i++) {
            int p = 0;
            boolean inside = true;
            for (int a = 0; a < s.length; a++) {
                long c = counter[a] + pads[a];
                if (c < 0 || c >= out[a]) {
                    inside = false;
                    break;
                }
                p += (int) c * ost[a];
            }
            if (inside) {
                dst[p] = src[i];
            }
            for (int a = s.length - 1; a >= 0; a--) {
                if (++counter[a] < s[a]) {
                    break;
                }
                counter[a] = 0;
            }
        }
        return JavaArray.fromDoubles(x.dtype(), out, dst);
    }

}
