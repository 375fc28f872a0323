package dev.kiln.backend.java.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Attributes;
import java.util.Arrays;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Element-wise kernels. Values go through double precision, which is exact for float32, float64 and integers
 * below 2^53; the result is stored in the output dtype.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {}

    static JavaArray unary(String op, Map<String, Object> attrs, JavaArray x) {
        DType t = x.dtype();
        boolean signedOk = op.equals("Neg") || op.equals("Abs") || op.equals("Sign") || op.equals("Relu");
        if (op.equals("Not") ? t != DType.BOOL : !(t.isFloating() || signedOk && t.isInteger())) {
            String expected = op.equals("Not") ? "bool" : signedOk ? "a float or integer dtype" : "float32 or float64";
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` does not accept " + t + " input.",
                    expected, t, "cast the tensor first"));
        }
        if (t.isInteger()) {
            // Exact for int64: no detour through double.
            LongUnaryOperator g = switch (op) {
                case "Neg" -> v -> -v;
                case "Abs" -> Math::abs;
                case "Sign" -> Long::signum;
                default -> v -> Math.max(v, 0);
            };
            long[] v = x.toLongArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = g.applyAsLong(v[i]);
            }
            return JavaArray.fromLongs(t, x.shape(), v);
        }
        DoubleUnaryOperator f = unaryFn(op, attrs);
        if (t == DType.FLOAT32 && !op.equals("IsNaN") && !op.equals("IsInf")) {
            // The double path's values (Exp within one ulp, see FloatMath), without two whole-array conversions.
            float[] in = (float[]) x.data();
            JavaArray result = JavaArray.allocateDirty(t, x.shape()); // every case writes every element
            float[] o = (float[]) result.data();
            // The operators of training steps get their own loops (the JIT vectorizes these); the rest call f.
            forRange(in.length, (from, to) -> {
                switch (op) {
                    // Math.max has no branch (a branch on the sign mispredicts on real activations) and keeps NaN, as ONNX's max(0, x).
                    case "Relu" -> { for (int i = from; i < to; i++) { o[i] = Math.max(in[i], 0f); } }
                    case "Neg" -> { for (int i = from; i < to; i++) { o[i] = -in[i]; } }
                    case "Abs" -> { for (int i = from; i < to; i++) { o[i] = Math.abs(in[i]); } }
                    case "Sign" -> { for (int i = from; i < to; i++) { o[i] = Math.signum(in[i]); } }
                    case "Sqrt" -> { for (int i = from; i < to; i++) { o[i] = (float) Math.sqrt(in[i]); } }
                    case "Reciprocal" -> { for (int i = from; i < to; i++) { o[i] = 1f / in[i]; } }
                    case "Exp" -> { for (int i = from; i < to; i++) { o[i] = FloatMath.exp(in[i]); } }
                    case "Log" -> { for (int i = from; i < to; i++) { o[i] = (float) Math.log(in[i]); } }
                    case "Identity" -> System.arraycopy(in, from, o, from, to - from);
                    default -> {
                        for (int i = from; i < to; i++) {
                            o[i] = (float) f.applyAsDouble(in[i]);
                        }
                    }
                }
            });
            return result;
        }
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(v[i]);
        }
        DType out = switch (op) {
            case "IsNaN", "IsInf", "Not" -> DType.BOOL;
            default -> t;
        };
        return JavaArray.fromDoubles(out, x.shape(), v);
    }

    private static DoubleUnaryOperator unaryFn(String op, Map<String, Object> a) {
        switch (op) {
            case "Neg": return v -> -v;
            case "Abs": return Math::abs;
            case "Exp": return Math::exp;
            case "Log": return Math::log;
            case "Sqrt": return Math::sqrt;
            case "Reciprocal": return v -> 1 / v;
            case "Sign": return Math::signum;
            case "Floor": return Math::floor;
            case "Ceil": return Math::ceil;
            case "Round": return Math::rint;
            case "Relu": return v -> Math.max(v, 0);
            case "Sigmoid": return v -> v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
            case "Tanh": return Math::tanh;
            case "Erf": return ElementwiseKernels::erf;
            case "Softplus": return v -> v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
            case "Softsign": return v -> v / (1 + Math.abs(v));
            case "Sin": return Math::sin;
            case "Cos": return Math::cos;
            case "Identity": return v -> v;
            case "IsNaN": return v -> Double.isNaN(v) ? 1 : 0;
            case "IsInf": {
                boolean neg = Attributes.getInt(a, "detect_negative", 1) != 0;
                boolean pos = Attributes.getInt(a, "detect_positive", 1) != 0;
                return v -> (v == Double.POSITIVE_INFINITY && pos) || (v == Double.NEGATIVE_INFINITY && neg) ? 1 : 0;
            }
            case "Not": return v -> v != 0 ? 0 : 1;
            case "Elu": {
                double alpha = Attributes.getFloat(a, "alpha", 1.0);
                return v -> v >= 0 ? v : alpha * (Math.exp(v) - 1);
            }
            case "Selu": {
                double alpha = Attributes.getFloat(a, "alpha", 1.67326319217681884765625);
                double gamma = Attributes.getFloat(a, "gamma", 1.05070102214813232421875);
                return v -> v > 0 ? gamma * v : gamma * alpha * (Math.exp(v) - 1);
            }
            case "LeakyRelu": {
                double alpha = Attributes.getFloat(a, "alpha", 0.01);
                return v -> v >= 0 ? v : alpha * v;
            }
            case "HardSigmoid": {
                double alpha = Attributes.getFloat(a, "alpha", 0.2);
                double beta = Attributes.getFloat(a, "beta", 0.5);
                return v -> Math.max(0, Math.min(1, alpha * v + beta));
            }
            default:
                throw new IllegalArgumentException(op);
        }
    }

    /** erf to double precision: Taylor series near 0, continued fraction for erfc further out. */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double term = ax;
            double sum = ax;
            double x2 = ax * ax;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            double r = 2 / Math.sqrt(Math.PI) * sum;
            return x < 0 ? -r : r;
        }
        if (ax > 6) {
            return x < 0 ? -1 : 1;
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated from the tail.
        double f = ax;
        for (int k = 80; k >= 1; k--) {
            f = ax + (k / 2.0) / f;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return x < 0 ? -(1 - erfc) : 1 - erfc;
    }

    /** ONNX Mod: integer modulo takes the divisor's sign (Python's %) unless {@code fmod=1}, which is C's fmod. */
    static JavaArray mod(Map<String, Object> attrs, JavaArray a, JavaArray b) {
        boolean fmod = Attributes.getInt(attrs, "fmod", 0) != 0;
        if (fmod || a.dtype().isFloating()) {
            return binary("Mod", a, b);
        }
        int[] shape = Nd.broadcast("Mod", a.shape(), b.shape());
        long[] x = a.toLongArray();
        long[] y = b.toLongArray();
        int[] ia = Nd.broadcastIndex(a.shape(), shape);
        int[] ib = Nd.broadcastIndex(b.shape(), shape);
        double[] r = new double[ia.length];
        for (int i = 0; i < r.length; i++) {
            long d = y[ib[i]];
            if (d == 0) {
                throw new InvalidArgumentException("Integer modulo by zero in operator `Mod`. Expected non-zero divisors.");
            }
            r[i] = Math.floorMod(x[ia[i]], d);
        }
        return JavaArray.fromDoubles(a.dtype(), shape, r);
    }

    /** Element-wise passes over at least this many elements are split across the kernel threads. */
    static final int PARALLEL_ELEMENTS = 1 << 18;

    /**
     * Runs an element-wise loop over {@code [0, n)}: split across the kernel threads for large arrays, whose passes are
     * bound by one core's memory bandwidth (ReluGrad over W2's 11 MB activations: 2.8 ms on one thread, 1.7 ms on two).
     * Each element is computed alone, so the values do not depend on the split.
     */
    static void forRange(int n, LinalgKernels.Range body) {
        LinalgKernels.split(n, n >= PARALLEL_ELEMENTS ? LinalgKernels.THREADS : 1, 1024, body);
    }

    /** ReluGrad(Y, dY): dY where Y > 0, else 0; Y and dY of one shape and floating dtype. */
    static JavaArray reluGrad(JavaArray y, JavaArray dy) {
        String op = "ReluGrad";
        if (!y.dtype().isFloating() || dy.dtype() != y.dtype()) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` needs Y and dY of one floating dtype.",
                    "float32 or float64, the same for both", y.dtype() + " and " + dy.dtype(), "cast them"));
        }
        if (!Arrays.equals(y.shape(), dy.shape())) {
            throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: dY does not have Y's shape.",
                    Nd.str(y.shape()), Nd.str(dy.shape()), "pass Relu's output and the gradient of that output"));
        }
        JavaArray result = JavaArray.allocateDirty(y.dtype(), y.shape());
        if (y.data() instanceof float[] v) {
            float[] g = (float[]) dy.data();
            float[] o = (float[]) result.data();
            forRange(v.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    // Without a branch: 0 - y is negative exactly when y > 0, so its sign bit spread is the keep-mask.
                    int keep = Float.floatToRawIntBits(0f - v[i]) >> 31;
                    o[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & keep);
                }
            });
        } else {
            double[] v = (double[]) y.data();
            double[] g = (double[]) dy.data();
            double[] o = (double[]) result.data();
            for (int i = 0; i < v.length; i++) {
                o[i] = v[i] > 0 ? g[i] : 0;
            }
        }
        return result;
    }

    static JavaArray binary(String op, JavaArray a, JavaArray b) {
        boolean compare = switch (op) {
            case "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual" -> true;
            default -> false;
        };
        boolean logic = op.equals("And") || op.equals("Or") || op.equals("Xor");
        if (!op.equals("Pow") && a.dtype() != b.dtype()) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` needs inputs of one dtype.",
                    "two " + a.dtype() + " tensors", a.dtype() + " and " + b.dtype(), "cast one input with cast(...)"));
        }
        if (logic && a.dtype() != DType.BOOL) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` needs bool inputs.", "bool", a.dtype(), null));
        }
        if (a.dtype() == DType.BOOL && !logic && !op.equals("Equal")) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` does not accept bool inputs.",
                    "numeric inputs", a.dtype(), "cast the inputs"));
        }
        if (logic && Arrays.equals(a.shape(), b.shape())) {
            // Masks of one shape (Clip's gradient, top-k accuracy): one loop over the booleans.
            boolean[] x = (boolean[]) a.data();
            boolean[] y = (boolean[]) b.data();
            boolean[] o = new boolean[x.length];
            switch (op) {
                case "And" -> { for (int i = 0; i < o.length; i++) { o[i] = x[i] & y[i]; } }
                case "Or" -> { for (int i = 0; i < o.length; i++) { o[i] = x[i] | y[i]; } }
                default -> { for (int i = 0; i < o.length; i++) { o[i] = x[i] ^ y[i]; } }
            }
            return new JavaArray(DType.BOOL, a.shape().clone(), o);
        }
        DType out = compare || logic ? DType.BOOL : a.dtype();
        boolean integer = out.isInteger();
        DoubleBinaryOperator f = switch (op) {
            case "Add" -> Double::sum;
            case "Sub" -> (x, y) -> x - y;
            case "Mul" -> (x, y) -> x * y;
            case "Div" -> integer ? (x, y) -> {
                if (y == 0) {
                    throw new InvalidArgumentException("Integer division by zero in operator `Div`. Expected non-zero divisors.");
                }
                return (double) (long) (x / y);
            } : (x, y) -> x / y;
            case "Pow" -> Math::pow;
            case "Max" -> Math::max;
            case "Min" -> Math::min;
            case "Mod" -> (x, y) -> x % y;
            case "Equal" -> (x, y) -> x == y ? 1 : 0;
            case "Less" -> (x, y) -> x < y ? 1 : 0;
            case "LessOrEqual" -> (x, y) -> x <= y ? 1 : 0;
            case "Greater" -> (x, y) -> x > y ? 1 : 0;
            case "GreaterOrEqual" -> (x, y) -> x >= y ? 1 : 0;
            case "And" -> (x, y) -> x != 0 && y != 0 ? 1 : 0;
            case "Or" -> (x, y) -> x != 0 || y != 0 ? 1 : 0;
            case "Xor" -> (x, y) -> (x != 0) != (y != 0) ? 1 : 0;
            default -> throw new IllegalArgumentException(op);
        };
        if (a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32 && !compare
                && (op.equals("Add") || op.equals("Sub") || op.equals("Mul") || op.equals("Div"))) {
            return floatFast(op, a, b);
        }
        if (a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32 && compare && (b.length() == 1 || b.length() == a.length())
                && Arrays.equals(Nd.broadcast(op, a.shape(), b.shape()), a.shape())) {
            return floatCompare(op, a, b);
        }
        int[] shape = Nd.broadcast(op, a.shape(), b.shape());
        if (a.dtype().isInteger() && !op.equals("Pow")) {
            return integerBinary(op, a, b, shape, out);
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        int[] ia = Nd.broadcastIndex(a.shape(), shape);
        int[] ib = Nd.broadcastIndex(b.shape(), shape);
        double[] r = new double[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(x[ia[i]], y[ib[i]]);
        }
        return JavaArray.fromDoubles(out, shape, r);
    }

    /** int32/int64 arithmetic and comparison in long, exact over the whole int64 range; int32 results wrap like C. */
    private static JavaArray integerBinary(String op, JavaArray a, JavaArray b, int[] shape, DType out) {
        LongBinaryOperator f = switch (op) {
            case "Add" -> Long::sum;
            case "Sub" -> (x, y) -> x - y;
            case "Mul" -> (x, y) -> x * y;
            case "Div" -> (x, y) -> {
                if (y == 0) {
                    throw new InvalidArgumentException("Integer division by zero in operator `Div`. Expected non-zero divisors.");
                }
                return x / y; // truncates toward zero, as C does
            };
            case "Mod" -> (x, y) -> {
                if (y == 0) {
                    throw new InvalidArgumentException("Integer modulo by zero in operator `Mod`. Expected non-zero divisors.");
                }
                return x % y; // fmod=1: the dividend's sign
            };
            case "Max" -> Math::max;
            case "Min" -> Math::min;
            case "Equal" -> (x, y) -> x == y ? 1 : 0;
            case "Less" -> (x, y) -> x < y ? 1 : 0;
            case "LessOrEqual" -> (x, y) -> x <= y ? 1 : 0;
            case "Greater" -> (x, y) -> x > y ? 1 : 0;
            case "GreaterOrEqual" -> (x, y) -> x >= y ? 1 : 0;
            default -> throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` does not accept integer inputs.",
                    "bool inputs", a.dtype(), null));
        };
        long[] x = a.toLongArray();
        long[] y = b.toLongArray();
        int[] ia = Nd.broadcastIndex(a.shape(), shape);
        int[] ib = Nd.broadcastIndex(b.shape(), shape);
        long[] r = new long[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsLong(x[ia[i]], y[ib[i]]);
        }
        return JavaArray.fromLongs(out, shape, r);
    }

    private static final int ADD = 0;
    private static final int SUB = 1;
    private static final int MUL = 2;
    private static final int DIV = 3;

    /** float32 arithmetic without widening: the hot path of training. */
    private static JavaArray floatFast(String op, JavaArray a, JavaArray b) {
        int code = switch (op) {
            case "Add" -> ADD;
            case "Sub" -> SUB;
            case "Mul" -> MUL;
            default -> DIV;
        };
        int[] shape = Nd.broadcast(op, a.shape(), b.shape());
        float[] x = a.floats();
        float[] y = b.floats();
        JavaArray out = JavaArray.allocateDirty(DType.FLOAT32, shape); // every branch below writes every element
        float[] r = out.floats();
        int n = r.length;
        if (x.length == n && y.length == 1) {
            withScalar(code, x, y[0], r);
            return out;
        }
        // A row vector (a bias) repeated over leading dimensions is tiled to the full length first: HotSpot vectorizes
        // only loops that index every array alike. Row by row, a [1024, 64] + [64] bias add took 50-80 us; tiled (8 us)
        // and added in one loop, ~20 us. One loop call site, so that the JIT compiles this method once, small.
        boolean tileY = n > 0 && x.length == n && y.length != n && Nd.isTrailing(b.shape(), shape);
        boolean tileX = n > 0 && y.length == n && x.length != n && Nd.isTrailing(a.shape(), shape);
        if (x.length == n && y.length == n || tileX || tileY) {
            JavaArray tile = tileY ? ShapeKernels.tiled(b, shape) : tileX ? ShapeKernels.tiled(a, shape) : null;
            float[] p = tileX ? tile.floats() : x;
            float[] q = tileY ? tile.floats() : y;
            forRange(n, (from, to) -> sameIndex(code, p, q, r, from, to));
            if (tile != null) {
                tile.close();
            }
        } else {
            broadcast(code, x, Nd.broadcastIndex(a.shape(), shape), y, Nd.broadcastIndex(b.shape(), shape), r);
        }
        return out;
    }

    // floatFast's loops are methods of their own, apart from its allocation: the JIT compiles a method once per hot loop
    // and again whole, and again whenever an inlined branch first goes the other way (a buffer pool's first miss for a
    // new batch size); with the loops inside, W1 compiled floatFast three times, 0.5-0.65 s of the compiler's time.

    /** {@code r[i] = x[i] op q}. */
    private static void withScalar(int code, float[] x, float q, float[] r) {
        int n = r.length;
        switch (code) {
            case ADD -> { for (int i = 0; i < n; i++) { r[i] = x[i] + q; } }
            case SUB -> { for (int i = 0; i < n; i++) { r[i] = x[i] - q; } }
            case MUL -> { for (int i = 0; i < n; i++) { r[i] = x[i] * q; } }
            default -> { for (int i = 0; i < n; i++) { r[i] = x[i] / q; } }
        }
    }

    /** {@code r[i] = x[ia[i]] op y[ib[i]]}: general broadcasting. */
    private static void broadcast(int code, float[] x, int[] ia, float[] y, int[] ib, float[] r) {
        for (int i = 0; i < r.length; i++) {
            r[i] = apply(code, x[ia[i]], y[ib[i]]);
        }
    }

    /** float32 comparison of same-shaped tensors or against a scalar (the masks of gradient rules), without widening. */
    private static JavaArray floatCompare(String op, JavaArray a, JavaArray b) {
        float[] x = a.floats();
        float[] y = b.floats();
        JavaArray out = JavaArray.allocate(DType.BOOL, a.shape());
        boolean[] r = (boolean[]) out.data();
        int step = y.length == 1 && x.length != 1 ? 0 : 1;
        // One loop per operator: a switch on the name inside the loop hashed the string for every element.
        switch (op) {
            case "Equal" -> { for (int i = 0; i < r.length; i++) { r[i] = x[i] == y[i * step]; } }
            case "Less" -> { for (int i = 0; i < r.length; i++) { r[i] = x[i] < y[i * step]; } }
            case "LessOrEqual" -> { for (int i = 0; i < r.length; i++) { r[i] = x[i] <= y[i * step]; } }
            case "Greater" -> { for (int i = 0; i < r.length; i++) { r[i] = x[i] > y[i * step]; } }
            default -> { for (int i = 0; i < r.length; i++) { r[i] = x[i] >= y[i * step]; } }
        }
        return out;
    }

    private static float apply(int code, float p, float q) {
        return switch (code) {
            case ADD -> p + q;
            case SUB -> p - q;
            case MUL -> p * q;
            default -> p / q;
        };
    }

    /** {@code r[i] = x[i] op y[i]} over {@code [from, to)}: one index for all three arrays, so HotSpot vectorizes it. */
    private static void sameIndex(int code, float[] x, float[] y, float[] r, int from, int to) {
        switch (code) {
            case ADD -> { for (int i = from; i < to; i++) { r[i] = x[i] + y[i]; } }
            case SUB -> { for (int i = from; i < to; i++) { r[i] = x[i] - y[i]; } }
            case MUL -> { for (int i = from; i < to; i++) { r[i] = x[i] * y[i]; } }
            default -> { for (int i = from; i < to; i++) { r[i] = x[i] / y[i]; } }
        }
    }

    static JavaArray variadic(String op, JavaArray[] in) {
        if (in.length == 0) {
            throw new InvalidArgumentException("Operator `" + op + "` needs at least one input.");
        }
        JavaArray acc = in[0];
        if (in.length == 1) {
            return JavaArray.fromDoubles(acc.dtype(), acc.shape(), acc.toDoubleArray());
        }
        for (int i = 1; i < in.length; i++) {
            acc = binary(op, acc, in[i]);
        }
        return acc;
    }

    /** Where copies elements without converting them, so int64 values survive whole. */
    static JavaArray where(JavaArray c, JavaArray x, JavaArray y) {
        if (c.dtype() != DType.BOOL) {
            throw new InvalidArgumentException(KilnException.message("Operator `Where` needs a bool condition.", "bool", c.dtype(),
                    "compare first, e.g. Greater"));
        }
        if (x.dtype() != y.dtype()) {
            throw new InvalidArgumentException(KilnException.message("Operator `Where` needs X and Y of one dtype.",
                    "equal dtypes", x.dtype() + " and " + y.dtype(), "cast one of them"));
        }
        int[] shape = Nd.broadcast("Where", c.shape(), x.shape(), y.shape());
        boolean[] cv = (boolean[]) c.data();
        int[] ic = Nd.broadcastIndex(c.shape(), shape);
        JavaArray xs = ShapeKernels.take(x, shape, Nd.broadcastIndex(x.shape(), shape));
        JavaArray ys = ShapeKernels.take(y, shape, Nd.broadcastIndex(y.shape(), shape));
        Object out = xs.data();
        Object other = ys.data();
        for (int i = 0; i < ic.length; i++) {
            if (!cv[ic[i]]) {
                System.arraycopy(other, i, out, i, 1);
            }
        }
        return xs;
    }

    static JavaArray clip(JavaArray x, JavaArray min, JavaArray max) {
        double lo = min == null ? Double.NEGATIVE_INFINITY : min.toDoubleArray()[0];
        double hi = max == null ? Double.POSITIVE_INFINITY : max.toDoubleArray()[0];
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(hi, Math.max(lo, v[i]));
        }
        return JavaArray.fromDoubles(x.dtype(), x.shape(), v);
    }

    static JavaArray cast(JavaArray x, Map<String, Object> attrs) {
        DType to = DType.ofOnnx((int) Attributes.getInt(attrs, "to", 1));
        if (to == DType.FLOAT32 && (x.dtype() == DType.BOOL || x.dtype() == DType.FLOAT32)) {
            // masks to floats (gradient rules) and no-op casts, without widening
            JavaArray out = JavaArray.allocate(to, x.shape());
            float[] o = out.floats();
            if (x.data() instanceof boolean[] m) {
                for (int i = 0; i < o.length; i++) {
                    o[i] = m[i] ? 1f : 0f;
                }
            } else {
                System.arraycopy(x.floats(), 0, o, 0, o.length);
            }
            return out;
        }
        if (to == DType.INT64 && x.dtype() == DType.INT64 || to == DType.INT32 && x.dtype() == DType.INT32) {
            return JavaArray.fromDoubles(to, x.shape(), x.toDoubleArray());
        }
        if (to == DType.INT64) {
            long[] l = x.toLongArray();
            JavaArray out = JavaArray.allocate(to, x.shape());
            System.arraycopy(l, 0, out.data(), 0, l.length);
            return out;
        }
        return JavaArray.fromDoubles(to, x.shape(), x.toDoubleArray());
    }

    /**
     * Softmax over the last axis of float32 rows, in double precision as the general path, with each exponential
     * computed once (the general path computes them twice and converts the whole array to double and back).
     */
    private static JavaArray floatSoftmaxRows(float[] f, int[] shape, int rows, int n, boolean log) {
        JavaArray result = JavaArray.allocateDirty(DType.FLOAT32, shape); // every element is written below
        float[] o = (float[]) result.data();
        // Rows are independent: a predict batch's 1024 x 10 splits across the kernel threads (80-85 us on one thread
        // here, 74-91 us split: about even since the exponentials are vectorized; 103-116 us split with Math.exp).
        int chunks = (long) rows * n >= PARALLEL_SOFTMAX ? Math.min(LinalgKernels.THREADS, rows) : 1;
        LinalgKernels.split(rows, chunks, 1, (from, to) -> softmaxRows(f, o, from, to, n, log));
        return result;
    }

    /** Elements from which a float32 softmax splits its rows across the kernel threads (W1's 64 x 10 stays whole). */
    static final int PARALLEL_SOFTMAX = 1 << 13;

    /**
     * Softmax (or LogSoftmax) of rows {@code [from, to)} of {@code n} elements each, from {@code f} into {@code o}, in
     * double. Rows go in blocks of about {@link #SOFTMAX_BLOCK} elements: a pass finds each row's maximum and writes
     * {@code x - max}, one pass takes all the block's exponentials ({@link FloatMath#expInPlace}, which HotSpot
     * vectorizes; a predict batch's 1024 x 10 spent ~150 us in Math.exp), and a pass normalizes.
     */
    private static void softmaxRows(float[] f, float[] o, int from, int to, int n, boolean log) {
        int block = Math.max(1, SOFTMAX_BLOCK / Math.max(n, 1));
        int need = Math.min(block, to - from) * n + block;
        double[] e = SOFTMAX_SCRATCH.get();
        if (e.length < need) {
            e = new double[need];
            if (need <= SOFTMAX_SCRATCH_KEPT) {
                SOFTMAX_SCRATCH.set(e);
            }
        }
        for (int first = from; first < to; first += block) {
            int last = Math.min(to, first + block);
            int len = (last - first) * n;
            for (int r = first, j = 0; r < last; r++) {
                int base = r * n;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, f[base + k]);
                }
                e[len + r - first] = max; // the block's maxima after its shifted values
                for (int k = 0; k < n; k++, j++) {
                    double d = f[base + k] - max; // <= 0, or NaN (a NaN in the row, or an infinite maximum)
                    e[j] = d < -FloatMath.EXP_ARGUMENT_LIMIT ? -FloatMath.EXP_ARGUMENT_LIMIT : d;
                }
            }
            FloatMath.expInPlace(e, len);
            for (int r = first, j = 0; r < last; r++, j += n) {
                int base = r * n;
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += e[j + k];
                }
                if (log) {
                    double max = e[len + r - first];
                    double logSum = Math.log(sum);
                    for (int k = 0; k < n; k++) {
                        o[base + k] = (float) (f[base + k] - max - logSum); // (x - max) first: exact for the largest
                    }
                } else {
                    for (int k = 0; k < n; k++) {
                        o[base + k] = (float) (e[j + k] / sum);
                    }
                }
            }
        }
    }

    /** Elements of rows {@link #softmaxRows} exponentiates in one pass: enough for the vector loop, within L1 and L2. */
    private static final int SOFTMAX_BLOCK = 4096;

    /**
     * Each thread's scratch for {@link #softmaxRows}: one block and its maxima, for rows up to 4,096 elements (64 KB,
     * made whole at once: growing it for the first larger batch, evaluate's, made the JIT discard the compiled method);
     * a longer row's length up to {@link #SOFTMAX_SCRATCH_KEPT} doubles; a longer row takes a scratch of its own.
     */
    private static final ThreadLocal<double[]> SOFTMAX_SCRATCH = ThreadLocal.withInitial(() -> new double[2 * SOFTMAX_BLOCK]);
    private static final int SOFTMAX_SCRATCH_KEPT = 1 << 20;

    /** Softmax and LogSoftmax along one axis, max-subtracted for stability. */
    static JavaArray softmax(JavaArray x, Map<String, Object> attrs, boolean log) {
        int[] s = x.shape();
        int axis = Nd.axis(Attributes.getInt(attrs, "axis", -1), s.length, log ? "LogSoftmax" : "Softmax");
        int outer = Nd.outer(s, axis);
        int inner = Nd.inner(s, axis);
        int n = s.length == 0 ? 1 : s[axis];
        if (inner == 1 && x.data() instanceof float[] f) {
            return floatSoftmaxRows(f, s, outer, n, log);
        }
        double[] v = x.toDoubleArray();
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, v[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += Math.exp(v[base + k * inner] - max);
                }
                double logSum = Math.log(sum);
                for (int k = 0; k < n; k++) {
                    int p = base + k * inner;
                    v[p] = log ? v[p] - max - logSum : Math.exp(v[p] - max) / sum;
                }
            }
        }
        return JavaArray.fromDoubles(x.dtype(), s, v);
    }

}
