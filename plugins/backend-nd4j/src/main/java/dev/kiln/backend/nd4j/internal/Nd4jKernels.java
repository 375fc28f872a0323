package dev.kiln.backend.nd4j.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Attributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Rint;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Kernels that run in libnd4j / OpenBLAS. Every temporary is closed; results own their buffers. */
final class Nd4jKernels {
    private Nd4jKernels() {}

    // ---------------------------------------------------------------- helpers

    static void free(INDArray... as) {
        for (INDArray a : as) {
            if (a != null && !a.isEmpty() && a.closeable()) {
                a.close();
            }
        }
    }

    /** Runs a libnd4j custom op into a preallocated output. */
    static INDArray custom(String name, INDArray out, long[] iArgs, double[] tArgs, INDArray... inputs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name).addInputs(inputs).addOutputs(out);
        if (iArgs != null && iArgs.length > 0) {
            b.addIntegerArguments(Arrays.stream(iArgs).mapToInt(Math::toIntExact).toArray());
        }
        if (tArgs != null && tArgs.length > 0) {
            b.addFloatingPointArguments(Arrays.stream(tArgs).boxed().toArray(Double[]::new));
        }
        Nd4j.exec(b.build());
        return out;
    }

    /** {@code x} as an owned c-order array of {@code shape} (a copy; shares nothing with {@code x}). */
    static INDArray copyAs(INDArray x, long[] shape) {
        INDArray out = Mem.alloc(x.dataType(), shape);
        if (out.length() == 0) {
            return out;
        }
        INDArray src = x.rank() == shape.length && Arrays.equals(x.shape(), shape) ? x : x.reshape('c', shape);
        out.assign(src);
        return out;
    }

    /** {@code x} broadcast to {@code shape} (NumPy rules), materialised. */
    static INDArray broadcastTo(INDArray x, long[] shape) {
        INDArray out = Mem.alloc(x.dataType(), shape);
        if (out.length() == 0) {
            return out;
        }
        long[] xs = x.shape();
        long[] padded = new long[shape.length];
        Arrays.fill(padded, 1);
        System.arraycopy(xs, 0, padded, shape.length - xs.length, xs.length);
        INDArray v = Arrays.equals(padded, xs) ? x : x.reshape('c', padded);
        if (Arrays.equals(padded, shape)) {
            out.assign(v);
        } else if (!memcpyBroadcast(x, padded, out, shape)) {
            try (INDArray sh = Nd4j.createFromArray(shape)) {
                custom("broadcast_to", out, null, null, v, sh);
            }
        }
        return out;
    }

    /**
     * Broadcast by copying contiguous trailing blocks with memcpy (a few JNI calls instead of a libnd4j op); false
     * when the blocks are too small for that to pay.
     */
    private static boolean memcpyBroadcast(INDArray x, long[] padded, INDArray out, long[] shape) {
        int r = shape.length;
        int t = r;
        long chunk = 1;
        while (t > 0 && padded[t - 1] == shape[t - 1]) {
            chunk *= shape[t - 1];
            t--;
        }
        long outer = 1;
        for (int i = 0; i < t; i++) {
            outer *= shape[i];
        }
        if (chunk < 16 || outer > 4096 || x.isView() || x.ordering() != 'c') {
            return false;
        }
        long[] srcStride = new long[r];
        long st = 1;
        for (int i = r - 1; i >= 0; i--) {
            srcStride[i] = padded[i] == 1 ? 0 : st;
            st *= padded[i];
        }
        long es = x.dataType().width();
        long bytes = chunk * es;
        BytePointer src = new BytePointer(x.data().addressPointer());
        BytePointer dst = new BytePointer(out.data().addressPointer());
        long srcBase = src.position(), dstBase = dst.position();
        long[] counter = new long[t];
        for (long o = 0; o < outer; o++) {
            long off = 0;
            for (int i = 0; i < t; i++) {
                off += counter[i] * srcStride[i];
            }
            Pointer.memcpy(dst.position(dstBase + o * bytes), src.position(srcBase + off * es), bytes);
            for (int i = t - 1; i >= 0; i--) {
                if (++counter[i] < shape[i]) {
                    break;
                }
                counter[i] = 0;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- elementwise

    static Nd4jArray unary(String op, Map<String, Object> a, Nd4jArray in) {
        INDArray x = in.array();
        if (x.length() == 0) {
            DataType t = op.equals("IsNaN") || op.equals("IsInf") ? DataType.BOOL : x.dataType();
            return new Nd4jArray(Nd4j.create(t, x.shape()));
        }
        return new Nd4jArray(unaryRaw(op, a, x));
    }

    private static INDArray unaryRaw(String op, Map<String, Object> a, INDArray x) {
        switch (op) {
            case "Neg": return x.neg();
            case "Abs": return Transforms.abs(x, true);
            case "Exp": return Transforms.exp(x, true);
            case "Log": return Transforms.log(x, true);
            case "Sqrt": return Transforms.sqrt(x, true);
            case "Reciprocal": return x.rdiv(1.0);
            case "Sign": return Transforms.sign(x, true);
            case "Floor": return Transforms.floor(x, true);
            case "Ceil": return Transforms.ceil(x, true);
            case "Round": return Nd4j.exec(new Rint(x, Mem.alloc(x.dataType(), x.shape())));
            case "Relu": return Transforms.relu(x, true);
            case "Sigmoid": return Transforms.sigmoid(x, true);
            case "Tanh": return Transforms.tanh(x, true);
            case "Erf": return Nd4j.exec(new Erf(x, Mem.alloc(x.dataType(), x.shape())));
            case "Softplus": return Transforms.softPlus(x, true);
            case "Softsign": return Transforms.softsign(x, true);
            case "Sin": return Transforms.sin(x, true);
            case "Cos": return Transforms.cos(x, true);
            case "Elu": return elu(x, Attributes.getFloat(a, "alpha", 1.0), 1.0);
            case "Selu": return elu(x, Attributes.getFloat(a, "alpha", 1.67326319217681884765625),
                    Attributes.getFloat(a, "gamma", 1.05070102214813232421875));
            case "LeakyRelu": return Transforms.leakyRelu(x, Attributes.getFloat(a, "alpha", 0.01), true);
            case "HardSigmoid": {
                INDArray y = x.mul(Attributes.getFloat(a, "alpha", 0.2));
                y.addi(Attributes.getFloat(a, "beta", 0.5));
                Transforms.max(y, 0.0, false);
                Transforms.min(y, 1.0, false);
                return y;
            }
            case "IsNaN": return x.neq(x);
            case "IsInf": {
                boolean pos = Attributes.getInt(a, "detect_positive", 1) != 0;
                boolean neg = Attributes.getInt(a, "detect_negative", 1) != 0;
                if (!x.dataType().isFPType()) {
                    return Nd4j.create(DataType.BOOL, x.shape());
                }
                INDArray p = pos ? x.eq(Double.POSITIVE_INFINITY) : null;
                INDArray n = neg ? x.eq(Double.NEGATIVE_INFINITY) : null;
                if (p != null && n != null) {
                    INDArray r = Transforms.or(p, n);
                    free(p, n);
                    return r;
                }
                return p != null ? p : n != null ? n : Nd4j.create(DataType.BOOL, x.shape());
            }
            case "Not": return Transforms.not(x);
            default: throw new IllegalStateException(op);
        }
    }

    /** {@code gamma * (x > 0 ? x : alpha * (exp(x) - 1))}. */
    private static INDArray elu(INDArray x, double alpha, double gamma) {
        INDArray neg = Transforms.min(x, 0.0, true);
        Transforms.exp(neg, false);
        neg.subi(1.0).muli(alpha);
        INDArray pos = Transforms.relu(x, true);
        pos.addi(neg);
        free(neg);
        if (gamma != 1.0) {
            pos.muli(gamma);
        }
        return pos;
    }

    private static String customBinary(String op) {
        return switch (op) {
            case "Add" -> "add";
            case "Sub" -> "subtract";
            case "Mul" -> "multiply";
            case "Div" -> "divide";
            case "Pow" -> "Pow";
            case "Equal" -> "equals";
            case "Less" -> "less";
            case "LessOrEqual" -> "less_equal";
            case "Greater" -> "greater";
            case "GreaterOrEqual" -> "greater_equal";
            case "Max" -> "maximum";
            case "Min" -> "minimum";
            default -> null;
        };
    }

    static Nd4jArray binary(String op, Nd4jArray ain, Nd4jArray bin) {
        INDArray a = ain.array();
        INDArray b = bin.array();
        if (op.equals("Pow")) {
            return new Nd4jArray(pow(a, b));
        }
        if (a.dataType() != b.dataType()) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "`: both inputs must have one dtype.",
                    ain.dtype(), ain.dtype() + " and " + bin.dtype(), "cast one input"));
        }
        return new Nd4jArray(binaryRaw(op, a, b));
    }

    static INDArray binaryRaw(String op, INDArray a, INDArray b) {
        long[] out = Mem.broadcast(op, a.shape(), b.shape());
        boolean logic = op.equals("And") || op.equals("Or") || op.equals("Xor");
        boolean cmp = op.startsWith("Equal") || op.startsWith("Less") || op.startsWith("Greater");
        DataType outType = logic || cmp ? DataType.BOOL : a.dataType();
        if (Mem.size(out) == 0) {
            return Nd4j.create(outType, out);
        }
        if (logic) {
            INDArray ab = Arrays.equals(a.shape(), out) ? a : broadcastTo(a, out);
            INDArray bb = Arrays.equals(b.shape(), out) ? b : broadcastTo(b, out);
            INDArray r = switch (op) {
                case "And" -> Transforms.and(ab, bb);
                case "Or" -> Transforms.or(ab, bb);
                default -> Transforms.xor(ab, bb);
            };
            if (ab != a) {
                free(ab);
            }
            if (bb != b) {
                free(bb);
            }
            return r;
        }
        INDArray r = Mem.alloc(outType, out);
        return custom(customBinary(op), r, null, null, a, b);
    }

    private static INDArray pow(INDArray a, INDArray b) {
        long[] out = Mem.broadcast("Pow", a.shape(), b.shape());
        if (Mem.size(out) == 0) {
            return Nd4j.create(a.dataType(), out);
        }
        if (a.dataType().isFPType()) {
            INDArray bc = b.dataType() == a.dataType() ? b : b.castTo(a.dataType());
            INDArray r = custom("Pow", Mem.alloc(a.dataType(), out), null, null, a, bc);
            if (bc != b) {
                free(bc);
            }
            return r;
        }
        INDArray ad = a.castTo(DataType.DOUBLE);
        INDArray bd = b.castTo(DataType.DOUBLE);
        INDArray rd = custom("Pow", Mem.alloc(DataType.DOUBLE, out), null, null, ad, bd);
        INDArray r = rd.castTo(a.dataType());
        free(ad, bd, rd);
        return r;
    }

    static Nd4jArray variadic(String op, Nd4jArray[] in) {
        if (in.length == 0 || in[0] == null) {
            throw Mem.bad(op, "at least one input", in.length);
        }
        INDArray acc = in[0].array();
        boolean owned = false;
        for (int i = 1; i < in.length; i++) {
            INDArray next = Mem.alloc(acc.dataType(), Mem.broadcast(op, acc.shape(), in[i].array().shape()));
            if (next.length() > 0) {
                custom(customBinary(op), next, null, null, acc, in[i].array());
            }
            if (owned) {
                free(acc);
            }
            acc = next;
            owned = true;
        }
        return new Nd4jArray(owned ? acc : acc.dup('c'));
    }

    static Nd4jArray where(Nd4jArray c, Nd4jArray x, Nd4jArray y) {
        long[] out = Mem.broadcast("Where", c.array().shape(), x.array().shape(), y.array().shape());
        INDArray cc = c.array().dataType() == DataType.BOOL ? c.array() : c.array().castTo(DataType.BOOL);
        INDArray cb = broadcastTo(cc, out);
        if (cc != c.array()) {
            free(cc);
        }
        INDArray xb = broadcastTo(x.array(), out);
        INDArray yb = broadcastTo(y.array(), out);
        INDArray r = Mem.alloc(x.array().dataType(), out);
        if (r.length() > 0) {
            custom("select", r, null, null, cb, xb, yb);
        }
        free(cb, xb, yb);
        return new Nd4jArray(r);
    }

    static Nd4jArray clip(Nd4jArray x, Nd4jArray min, Nd4jArray max) {
        INDArray r = x.array().dup('c');
        if (r.length() == 0) {
            return new Nd4jArray(r);
        }
        for (int i = 0; i < 2; i++) {
            Nd4jArray bound = i == 0 ? min : max;
            if (bound == null) {
                continue;
            }
            INDArray b = bound.array().dataType() == r.dataType() ? bound.array() : bound.array().castTo(r.dataType());
            custom(i == 0 ? "maximum" : "minimum", r, null, null, r, b);
            if (b != bound.array()) {
                free(b);
            }
        }
        return new Nd4jArray(r);
    }

    static Nd4jArray cast(Nd4jArray x, Map<String, Object> a) {
        long to = Attributes.getInt(a, "to", -1);
        DType t;
        try {
            t = DType.ofOnnx((int) to);
        } catch (RuntimeException e) {
            throw Mem.bad("Cast", "a target type Kiln has (float32, float64, int32, int64, bool)", "ONNX type " + to);
        }
        INDArray in = x.array();
        DataType type = Nd4jArray.nd4j(t);
        if (in.length() == 0) {
            return new Nd4jArray(Nd4j.create(type, in.shape()));
        }
        if (in.dataType() == type) {
            return new Nd4jArray(in.dup('c'));
        }
        if (in.dataType().isFPType() && (type == DataType.INT || type == DataType.LONG)) {
            // truncation toward zero, as ONNX (and C) casts do
            INDArray tr = Transforms.sign(in, true);
            INDArray ab = Transforms.abs(in, true);
            Transforms.floor(ab, false);
            tr.muli(ab);
            INDArray r = tr.castTo(type);
            free(tr, ab);
            return new Nd4jArray(r);
        }
        return new Nd4jArray(in.castTo(type));
    }

    static Nd4jArray softmax(Nd4jArray x, Map<String, Object> a, boolean log) {
        INDArray in = x.array();
        int axis = Mem.axis(Attributes.getInt(a, "axis", -1), in.rank(), log ? "LogSoftmax" : "Softmax");
        INDArray r = Mem.alloc(in.dataType(), in.shape());
        if (r.length() > 0) {
            custom(log ? "log_softmax" : "softmax", r, new long[] {axis}, null, in);
        }
        return new Nd4jArray(r);
    }

    // ---------------------------------------------------------------- reductions

    private static long[] axesOf(Map<String, Object> a, Nd4jArray axesIn) {
        if (axesIn != null) {
            return axesIn.toLongArray();
        }
        return Attributes.getInts(a, "axes", null);
    }

    static Nd4jArray reduce(String op, Map<String, Object> a, Nd4jArray xin, Nd4jArray axesIn) {
        INDArray x = xin.array();
        int r = x.rank();
        long[] axes = axesOf(a, axesIn);
        boolean keep = Attributes.getInt(a, "keepdims", 1) != 0;
        if ((axes == null || axes.length == 0) && Attributes.getInt(a, "noop_with_empty_axes", 0) != 0) {
            return new Nd4jArray(x.dup('c'));
        }
        boolean[] reduced = new boolean[r];
        if (axes == null || axes.length == 0) {
            Arrays.fill(reduced, true);
        } else {
            for (long ax : axes) {
                reduced[Mem.axis(ax, r, op)] = true;
            }
        }
        List<Long> outShape = new ArrayList<>();
        List<Integer> dimList = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (reduced[i]) {
                dimList.add(i);
                if (keep) {
                    outShape.add(1L);
                }
            } else {
                outShape.add(x.size(i));
            }
        }
        long[] out = outShape.stream().mapToLong(Long::longValue).toArray();
        int[] dims = dimList.stream().mapToInt(Integer::intValue).toArray();
        if (x.length() == 0 || dims.length == 0 || r == 0) {
            // empty reductions and reductions over no axis: compute on the host
            return HostKernels.reduce(op, xin, reduced, out);
        }
        if ((op.equals("ReduceSum") || op.equals("ReduceMean")) && r == 2 && dims.length == 1 && x.dataType().isFPType()) {
            return new Nd4jArray(sumRows(x, dims[0], op.equals("ReduceMean"), out));
        }
        INDArray res;
        switch (op) {
            case "ReduceSum": res = x.sum(dims); break;
            case "ReduceMean": res = x.dataType().isFPType() ? x.mean(dims) : null; break;
            case "ReduceMax": res = x.max(dims); break;
            case "ReduceMin": res = x.min(dims); break;
            case "ReduceProd": res = x.prod(dims); break;
            case "ReduceSumSquare": {
                INDArray sq = x.mul(x);
                res = sq.sum(dims);
                free(sq);
                break;
            }
            case "ReduceL2": res = x.dataType().isFPType() ? x.norm2(dims) : null; break;
            case "ReduceLogSumExp": res = x.dataType().isFPType() ? logSumExp(x, dims) : null; break;
            default: throw new IllegalStateException(op);
        }
        if (res == null) {
            return HostKernels.reduce(op, xin, reduced, out);
        }
        if (res.dataType() != x.dataType()) {
            INDArray c = res.castTo(x.dataType());
            free(res);
            res = c;
        }
        if (!Arrays.equals(res.shape(), out)) {
            INDArray c = copyAs(res, out);
            free(res);
            res = c;
        }
        return new Nd4jArray(res);
    }

    private static final INDArray[] ONES = new INDArray[2];

    /** A vector of at least {@code n} ones of {@code type}, kept for the life of the JVM (read only). */
    private static synchronized INDArray ones(DataType type, long n) {
        int i = type == DataType.FLOAT ? 0 : 1;
        INDArray o = ONES[i];
        if (o == null || o.length() < n) {
            o = Nd4j.ones(type, Math.max(n, 1024));
            ONES[i] = o; // an older, shorter vector may still be read by another call: left to the GC
        }
        return o;
    }

    /** Sum (or mean) of a 2-D float matrix along one axis as a GEMM with a ones vector: one BLAS call. */
    private static INDArray sumRows(INDArray x, int axis, boolean mean, long[] outShape) {
        int m = (int) x.size(0);
        int n = (int) x.size(1);
        INDArray xc = contiguous(x);
        INDArray res = Mem.alloc(x.dataType(), outShape);
        double alpha = mean ? 1.0 / (axis == 0 ? m : n) : 1.0;
        if (axis == 0) {
            // (1 x m) . (m x n)
            Blas.gemm(ones(x.dataType(), m), xc, res, false, false, 1, n, m, alpha, 0.0, 1, 0, 0);
        } else {
            // (m x n) . (n x 1)
            Blas.gemm(xc, ones(x.dataType(), n), res, false, false, m, 1, n, alpha, 0.0, 1, 0, 0);
        }
        if (xc != x) {
            free(xc);
        }
        return res;
    }

    private static INDArray logSumExp(INDArray x, int[] dims) {
        INDArray m = x.max(true, dims);
        // a row of -inf (or +inf) would give NaN; shift by 0 there
        INDArray finite = Transforms.abs(m, true);
        INDArray isInf = finite.eq(Double.POSITIVE_INFINITY);
        INDArray zero = Nd4j.zerosLike(m);
        INDArray shift = Mem.alloc(m.dataType(), m.shape());
        custom("select", shift, null, null, isInf, zero, m);
        INDArray d = Mem.alloc(x.dataType(), x.shape());
        custom("subtract", d, null, null, x, shift);
        Transforms.exp(d, false);
        INDArray s = d.sum(true, dims);
        Transforms.log(s, false);
        s.addi(shift);
        List<Long> keptShape = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            final int axis = i;
            if (Arrays.stream(dims).noneMatch(v -> v == axis)) {
                keptShape.add(x.size(i));
            }
        }
        INDArray res = copyAs(s, keptShape.stream().mapToLong(Long::longValue).toArray());
        free(m, finite, isInf, zero, shift, d, s);
        return res;
    }

    /** GlobalAveragePool / GlobalMaxPool: mean or max over every axis after (N, C), kept as size 1. */
    static Nd4jArray globalPool(String op, Nd4jArray xin) {
        INDArray x = xin.array();
        if (x.rank() < 3 || !x.dataType().isFPType()) {
            throw Mem.bad(op, "a float tensor (N, C, D1, ...) of rank 3 or more", Mem.str(x.shape()) + " " + xin.dtype());
        }
        long[] out = x.shape().clone();
        int[] dims = new int[x.rank() - 2];
        for (int i = 2; i < out.length; i++) {
            out[i] = 1;
            dims[i - 2] = i;
        }
        if (x.length() == 0) {
            return HostKernels.reduce(op.equals("GlobalMaxPool") ? "ReduceMax" : "ReduceMean", xin, reducedFrom(2, x.rank()), out);
        }
        INDArray r = op.equals("GlobalMaxPool") ? x.max(true, dims) : x.mean(true, dims);
        if (!Arrays.equals(r.shape(), out)) {
            INDArray c = copyAs(r, out);
            free(r);
            r = c;
        }
        return new Nd4jArray(r);
    }

    private static boolean[] reducedFrom(int first, int rank) {
        boolean[] b = new boolean[rank];
        for (int i = first; i < rank; i++) {
            b[i] = true;
        }
        return b;
    }

    // ---------------------------------------------------------------- linear algebra

    /** {@code out = alpha * op(a) op(b) + beta * out} for 2-D float/double a, b (c-order, owned). */
    static INDArray gemm2d(INDArray a, INDArray b, boolean ta, boolean tb, double alpha, double beta, INDArray c) {
        int m = (int) (ta ? a.size(1) : a.size(0));
        int k = (int) (ta ? a.size(0) : a.size(1));
        int n = (int) (tb ? b.size(0) : b.size(1));
        int k2 = (int) (tb ? b.size(1) : b.size(0));
        if (k != k2) {
            throw new ShapeMismatchException(KilnException.message("Gemm: inner dimensions differ.", k, k2, null));
        }
        INDArray out = c != null ? c : Mem.alloc(a.dataType(), new long[] {m, n});
        if (m == 0 || n == 0) {
            return out;
        }
        if (k == 0) {
            out.muli(beta);
            return out;
        }
        INDArray ac = contiguous(a);
        INDArray bc = contiguous(b);
        Blas.gemm(ac, bc, out, ta, tb, m, n, k, alpha, beta, 1, 0, 0);
        if (ac != a) {
            free(ac);
        }
        if (bc != b) {
            free(bc);
        }
        return out;
    }

    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && !a.isView() && a.offset() == 0 ? a : a.dup('c');
    }

    static Nd4jArray matmul(Nd4jArray ain, Nd4jArray bin) {
        INDArray a = ain.array();
        INDArray b = bin.array();
        if (a.dataType() != b.dataType()) {
            throw new InvalidArgumentException(KilnException.message("Operator `MatMul`: both inputs must have one dtype.",
                    ain.dtype(), ain.dtype() + " and " + bin.dtype(), "cast one input"));
        }
        if (!a.dataType().isFPType()) {
            return HostKernels.matmul(ain, bin);
        }
        long[] as = a.shape();
        long[] bs = b.shape();
        if (as.length == 0 || bs.length == 0) {
            throw Mem.bad("MatMul", "inputs of rank 1 or more", Mem.str(as) + " and " + Mem.str(bs));
        }
        if (as.length == 2 && bs.length == 2) {
            if (as[1] != bs[0]) {
                throw new ShapeMismatchException(KilnException.message("Operator `MatMul`: inner dimensions differ.",
                        "a (m, k) x (k, n) product", Mem.str(as) + " x " + Mem.str(bs), null));
            }
            return new Nd4jArray(gemm2d(a, b, false, false, 1.0, 0.0, null));
        }
        boolean aVec = as.length == 1;
        boolean bVec = bs.length == 1;
        long[] a2 = aVec ? new long[] {1, as[0]} : as;
        long[] b2 = bVec ? new long[] {bs[0], 1} : bs;
        long m = a2[a2.length - 2], k = a2[a2.length - 1], k2 = b2[b2.length - 2], n = b2[b2.length - 1];
        if (k != k2) {
            throw new ShapeMismatchException(KilnException.message("Operator `MatMul`: inner dimensions differ.",
                    "a (..., m, k) x (..., k, n) product", Mem.str(as) + " x " + Mem.str(bs), null));
        }
        long[] aBatch = Arrays.copyOf(a2, a2.length - 2);
        long[] bBatch = Arrays.copyOf(b2, b2.length - 2);
        long[] batch = Mem.broadcast("MatMul", aBatch, bBatch);
        long nb = Mem.size(batch);
        long[] aFull = concat(batch, m, k);
        long[] bFull = concat(batch, k, n);
        INDArray ab = a, bb = b;
        long aStep = m * k, bStep = k * n;
        if (Mem.size(aBatch) == 1) {
            aStep = 0;
            ab = contiguous(a);
        } else if (!Arrays.equals(aBatch, batch)) {
            ab = broadcastTo(a.reshape('c', a2), aFull);
        } else {
            ab = contiguous(a);
        }
        if (Mem.size(bBatch) == 1) {
            bStep = 0;
            bb = contiguous(b);
        } else if (!Arrays.equals(bBatch, batch)) {
            bb = broadcastTo(b.reshape('c', b2), bFull);
        } else {
            bb = contiguous(b);
        }
        long[] outFull = concat(batch, m, n);
        INDArray out = Mem.alloc(a.dataType(), outFull);
        if (out.length() > 0) {
            if (k == 0) {
                out.assign(0);
            } else {
                Blas.gemm(ab, bb, out, false, false, (int) m, (int) n, (int) k, 1.0, 0.0, (int) nb, aStep, bStep);
            }
        }
        if (ab != a) {
            free(ab);
        }
        if (bb != b) {
            free(bb);
        }
        List<Long> shape = new ArrayList<>();
        for (long d : batch) {
            shape.add(d);
        }
        if (!aVec) {
            shape.add(m);
        }
        if (!bVec) {
            shape.add(n);
        }
        long[] finalShape = shape.stream().mapToLong(Long::longValue).toArray();
        if (!Arrays.equals(finalShape, outFull)) {
            INDArray o2 = copyAs(out, finalShape);
            free(out);
            out = o2;
        }
        return new Nd4jArray(out);
    }

    private static long[] concat(long[] batch, long x, long y) {
        long[] r = Arrays.copyOf(batch, batch.length + 2);
        r[batch.length] = x;
        r[batch.length + 1] = y;
        return r;
    }

    static Nd4jArray gemmOp(Map<String, Object> attrs, Nd4jArray ain, Nd4jArray bin, Nd4jArray cin) {
        INDArray a = ain.array();
        INDArray b = bin.array();
        if (a.rank() != 2 || b.rank() != 2) {
            throw Mem.bad("Gemm", "2-D A and B", Mem.str(a.shape()) + " and " + Mem.str(b.shape()));
        }
        if (!a.dataType().isFPType() || a.dataType() != b.dataType()) {
            throw Mem.bad("Gemm", "float32 or float64 inputs of one dtype", ain.dtype() + " and " + bin.dtype());
        }
        boolean ta = Attributes.getInt(attrs, "transA", 0) != 0;
        boolean tb = Attributes.getInt(attrs, "transB", 0) != 0;
        double alpha = Attributes.getFloat(attrs, "alpha", 1.0);
        double beta = Attributes.getFloat(attrs, "beta", 1.0);
        long m = ta ? a.size(1) : a.size(0);
        long n = tb ? b.size(0) : b.size(1);
        INDArray c = null;
        if (cin != null && beta != 0) {
            INDArray cc = cin.array().dataType() == a.dataType() ? cin.array() : cin.array().castTo(a.dataType());
            c = broadcastTo(cc, new long[] {m, n});
            if (cc != cin.array()) {
                free(cc);
            }
        } else {
            beta = 0;
        }
        return new Nd4jArray(gemm2d(a, b, ta, tb, alpha, beta, c));
    }

    // ---------------------------------------------------------------- shapes

    static Nd4jArray identity(Nd4jArray x) {
        return new Nd4jArray(x.array().dup('c'));
    }

    static Nd4jArray transpose(Nd4jArray xin, Map<String, Object> a) {
        INDArray x = xin.array();
        int r = x.rank();
        long[] perm = Attributes.getInts(a, "perm", null);
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = perm == null ? r - 1 - i : Mem.axis(perm[i], r, "Transpose");
        }
        if (perm != null && perm.length != r) {
            throw Mem.bad("Transpose", "perm of length " + r, Arrays.toString(perm));
        }
        if (x.length() == 0 || r < 2) {
            long[] s = new long[r];
            for (int i = 0; i < r; i++) {
                s[i] = x.size(p[i]);
            }
            return new Nd4jArray(r < 2 ? x.dup('c') : Nd4j.create(x.dataType(), s));
        }
        INDArray v = x.permute(p);
        INDArray out = Mem.alloc(x.dataType(), v.shape());
        out.assign(v);
        return new Nd4jArray(out);
    }

    private static Nd4jArray reshapeTo(INDArray x, long[] shape) {
        return new Nd4jArray(copyAs(x, shape));
    }

    static Nd4jArray reshape(Nd4jArray xin, Nd4jArray shapeIn, Map<String, Object> a) {
        INDArray x = xin.array();
        long[] req = shapeIn.toLongArray();
        boolean allowZero = Attributes.getInt(a, "allowzero", 0) != 0;
        long[] out = req.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                if (i >= x.rank()) {
                    throw Mem.bad("Reshape", "0 only where the input has a dimension", Arrays.toString(req));
                }
                out[i] = x.size(i);
            }
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw Mem.bad("Reshape", "at most one -1", Arrays.toString(req));
                }
                infer = i;
            } else if (out[i] < 0) {
                throw Mem.bad("Reshape", "dimensions >= -1", Arrays.toString(req));
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.length() % known != 0) {
                throw new ShapeMismatchException(KilnException.message("Operator `Reshape`: cannot infer -1.",
                        "a shape whose size divides " + x.length(), Arrays.toString(req), null));
            }
            out[infer] = x.length() / known;
        }
        if (Mem.size(out) != x.length()) {
            throw new ShapeMismatchException(KilnException.message("Operator `Reshape`: sizes differ.",
                    x.length() + " elements", Mem.str(out) + " (" + Mem.size(out) + " elements)", null));
        }
        return reshapeTo(x, out);
    }

    static Nd4jArray flatten(Nd4jArray xin, Map<String, Object> a) {
        INDArray x = xin.array();
        int r = x.rank();
        long ax = Attributes.getInt(a, "axis", 1);
        int axis = (int) (ax < 0 ? ax + r : ax);
        if (axis < 0 || axis > r) {
            throw Mem.bad("Flatten", "axis in [" + (-r) + ", " + r + "]", ax);
        }
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.size(i);
        }
        long inner = 1;
        for (int i = axis; i < r; i++) {
            inner *= x.size(i);
        }
        return reshapeTo(x, new long[] {outer, inner});
    }

    static Nd4jArray squeeze(Nd4jArray xin, Nd4jArray axesIn, Map<String, Object> a) {
        INDArray x = xin.array();
        int r = x.rank();
        long[] axes = axesIn != null ? axesIn.toLongArray() : Attributes.getInts(a, "axes", null);
        boolean[] drop = new boolean[r];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < r; i++) {
                drop[i] = x.size(i) == 1;
            }
        } else {
            for (long ax : axes) {
                int i = Mem.axis(ax, r, "Squeeze");
                if (x.size(i) != 1) {
                    throw Mem.bad("Squeeze", "axis " + ax + " of size 1", Mem.str(x.shape()));
                }
                drop[i] = true;
            }
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (!drop[i]) {
                out.add(x.size(i));
            }
        }
        return reshapeTo(x, out.stream().mapToLong(Long::longValue).toArray());
    }

    static Nd4jArray unsqueeze(Nd4jArray xin, Nd4jArray axesIn, Map<String, Object> a) {
        INDArray x = xin.array();
        long[] axes = axesIn != null ? axesIn.toLongArray() : Attributes.getInts(a, "axes", null);
        if (axes == null) {
            throw Mem.bad("Unsqueeze", "axes (an int64 input)", "none");
        }
        int r = x.rank() + axes.length;
        boolean[] ins = new boolean[r];
        for (long ax : axes) {
            int i = Mem.axis(ax, r, "Unsqueeze");
            if (ins[i]) {
                throw Mem.bad("Unsqueeze", "distinct axes", Arrays.toString(axes));
            }
            ins[i] = true;
        }
        long[] out = new long[r];
        for (int i = 0, j = 0; i < r; i++) {
            out[i] = ins[i] ? 1 : x.size(j++);
        }
        return reshapeTo(x, out);
    }

    static Nd4jArray expand(Nd4jArray xin, Nd4jArray shapeIn) {
        INDArray x = xin.array();
        long[] out = Mem.broadcast("Expand", x.shape(), shapeIn.toLongArray());
        return new Nd4jArray(broadcastTo(x, out));
    }

    static Nd4jArray concat(Map<String, Object> a, Nd4jArray[] in) {
        if (in.length == 0) {
            throw Mem.bad("Concat", "at least one input", 0);
        }
        int r = in[0].array().rank();
        int axis = Mem.axis(Attributes.getInt(a, "axis", 0), r, "Concat");
        List<INDArray> parts = new ArrayList<>();
        long total = 0;
        for (Nd4jArray x : in) {
            INDArray v = x.array();
            if (v.rank() != r || v.dataType() != in[0].array().dataType()) {
                throw Mem.bad("Concat", "inputs of one rank and dtype", Mem.str(v.shape()) + " " + x.dtype());
            }
            for (int i = 0; i < r; i++) {
                if (i != axis && v.size(i) != in[0].array().size(i)) {
                    throw new ShapeMismatchException(KilnException.message("Operator `Concat`: shapes differ off the axis.",
                            Mem.str(in[0].array().shape()), Mem.str(v.shape()), null));
                }
            }
            total += v.size(axis);
            if (v.length() > 0) {
                parts.add(v);
            }
        }
        long[] out = in[0].array().shape().clone();
        out[axis] = total;
        if (parts.isEmpty() || Mem.size(out) == 0) {
            return new Nd4jArray(Nd4j.create(in[0].array().dataType(), out));
        }
        if (parts.size() == 1) {
            return new Nd4jArray(parts.get(0).dup('c'));
        }
        INDArray res = Mem.alloc(in[0].array().dataType(), out);
        custom("concat", res, new long[] {axis}, null, parts.toArray(new INDArray[0]));
        return new Nd4jArray(res);
    }

    static Nd4jArray slice(Nd4jArray xin, Nd4jArray startsIn, Nd4jArray endsIn, Nd4jArray axesIn, Nd4jArray stepsIn) {
        INDArray x = xin.array();
        int r = x.rank();
        long[] starts = startsIn.toLongArray();
        long[] ends = endsIn.toLongArray();
        long[] axes = axesIn != null ? axesIn.toLongArray() : null;
        long[] steps = stepsIn != null ? stepsIn.toLongArray() : null;
        if (ends.length != starts.length || (axes != null && axes.length != starts.length) || (steps != null && steps.length != starts.length)) {
            throw Mem.bad("Slice", "starts, ends, axes and steps of one length", starts.length + ", " + ends.length);
        }
        long[] b = new long[r];
        long[] e = x.shape().clone();
        long[] st = new long[r];
        Arrays.fill(st, 1);
        for (int i = 0; i < starts.length; i++) {
            int ax = Mem.axis(axes == null ? i : axes[i], r, "Slice");
            long dim = x.size(ax);
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw Mem.bad("Slice", "nonzero steps", 0);
            }
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long en = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (step > 0) {
                s = Math.max(0, Math.min(dim, s));
                en = Math.max(0, Math.min(dim, en));
            } else {
                s = Math.max(-1, Math.min(dim - 1, s));
                en = Math.max(-1, Math.min(dim - 1, en));
            }
            b[ax] = s;
            e[ax] = en;
            st[ax] = step;
        }
        long[] out = new long[r];
        boolean negative = false;
        for (int i = 0; i < r; i++) {
            long len = st[i] > 0 ? (e[i] - b[i] + st[i] - 1) / st[i] : (b[i] - e[i] - st[i] - 1) / (-st[i]);
            out[i] = Math.max(0, len);
            negative |= st[i] < 0;
        }
        if (Mem.size(out) == 0) {
            return new Nd4jArray(Nd4j.create(x.dataType(), out));
        }
        if (negative) {
            return HostKernels.strided(xin, b, st, out);
        }
        INDArrayIndex[] idx = new INDArrayIndex[r];
        for (int i = 0; i < r; i++) {
            idx[i] = NDArrayIndex.interval(b[i], st[i], b[i] + (out[i] - 1) * st[i] + 1);
        }
        INDArray v = x.get(idx);
        INDArray res = Mem.alloc(x.dataType(), out);
        res.assign(v.reshape(out));
        return new Nd4jArray(res);
    }

    static Nd4jArray gather(Nd4jArray xin, Nd4jArray indIn, Map<String, Object> a) {
        INDArray x = xin.array();
        int r = x.rank();
        int axis = Mem.axis(Attributes.getInt(a, "axis", 0), r, "Gather");
        long dim = x.size(axis);
        long[] ind = HostKernels.indices(indIn, dim, "Gather");
        long[] is = indIn.array().shape();
        long[] out = new long[r - 1 + is.length];
        int j = 0;
        for (int i = 0; i < axis; i++) {
            out[j++] = x.size(i);
        }
        for (long d : is) {
            out[j++] = d;
        }
        for (int i = axis + 1; i < r; i++) {
            out[j++] = x.size(i);
        }
        if (Mem.size(out) == 0) {
            return new Nd4jArray(Nd4j.create(x.dataType(), out));
        }
        INDArray res = Mem.alloc(x.dataType(), out);
        try (INDArray idx = Nd4j.createFromArray(ind)) {
            // gather along axis with flat indices, then give the result the ONNX shape
            long[] flatOut = x.shape().clone();
            flatOut[axis] = ind.length;
            INDArray tmp = Mem.alloc(x.dataType(), flatOut);
            custom("gather", tmp, new long[] {axis}, null, x, idx);
            res.assign(tmp.reshape('c', out));
            free(tmp);
        }
        return new Nd4jArray(res);
    }

    static Nd4jArray tile(Nd4jArray xin, Nd4jArray repsIn) {
        INDArray x = xin.array();
        long[] reps = repsIn.toLongArray();
        if (reps.length != x.rank()) {
            throw Mem.bad("Tile", "repeats of length " + x.rank(), Arrays.toString(reps));
        }
        long[] out = new long[reps.length];
        for (int i = 0; i < reps.length; i++) {
            if (reps[i] < 0) {
                throw Mem.bad("Tile", "non-negative repeats", Arrays.toString(reps));
            }
            out[i] = x.size(i) * reps[i];
        }
        INDArray res = Mem.alloc(x.dataType(), out);
        if (res.length() == 0) {
            return new Nd4jArray(res);
        }
        if (x.rank() == 0) {
            res.assign(x);
            return new Nd4jArray(res);
        }
        custom("tile", res, reps, null, x);
        return new Nd4jArray(res);
    }
}
