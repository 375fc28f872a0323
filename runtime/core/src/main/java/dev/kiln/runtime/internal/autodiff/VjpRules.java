package dev.kiln.runtime.internal.autodiff;

import dev.kiln.api.DType;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.backend.spi.Attributes;
import dev.kiln.backend.spi.GradientOps;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One vector-Jacobian rule per operator, written with tensor operations (so every backend gets gradients from its
 * forward kernels). A rule returns one gradient per input, shaped like it, or {@code null} where the input gets none.
 */
final class VjpRules {
    @FunctionalInterface
    interface Rule {
        /** {@code need[k]} false lets a rule skip the work for input k (MatMul skips a data input's product). */
        Tensor[] apply(Tape.Node n, Tensor[] x, Tensor y, Tensor g, boolean[] need);
    }

    /** Operators whose outputs do not depend differentiably on their inputs. */
    private static final Set<String> NON_DIFFERENTIABLE = Set.of("Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual",
            "And", "Or", "Xor", "Not", "IsNaN", "IsInf", "ArgMax", "ArgMin", "Sign", "Floor", "Ceil", "Round", "OneHot", "Range", "Mod");

    private static final Map<String, Rule> RULES = new HashMap<>();

    static {
        RULES.put("Identity", (n, x, y, g, need) -> new Tensor[] {g});
        RULES.put("Add", (n, x, y, g, need) -> new Tensor[] {unbroadcast(g, x[0].shape()), unbroadcast(g, x[1].shape())});
        RULES.put("Sub", (n, x, y, g, need) -> new Tensor[] {unbroadcast(g, x[0].shape()), unbroadcast(g.neg(), x[1].shape())});
        RULES.put("Mul", (n, x, y, g, need) -> new Tensor[] {unbroadcast(g.mul(x[1]), x[0].shape()), unbroadcast(g.mul(x[0]), x[1].shape())});
        RULES.put("Div", (n, x, y, g, need) -> new Tensor[] {unbroadcast(g.div(x[1]), x[0].shape()),
                unbroadcast(g.mul(y).div(x[1]).neg(), x[1].shape())});
        RULES.put("Pow", (n, x, y, g, need) -> {
            Tensor a = x[0];
            Tensor b = x[1].cast(a.dtype());
            Tensor da = g.mul(b).mul(a.pow(b.sub(1.0)));
            Tensor db = null;
            if (x[1].dtype().isFloating()) {
                Tensor positive = a.greater(Tensor.scalar(0, a.dtype()));
                Tensor safeLog = Tensor.where(positive, a, Tensor.ones(a.shape(), a.dtype())).log();
                db = unbroadcast(g.mul(y).mul(safeLog), x[1].shape());
            }
            return new Tensor[] {unbroadcast(da, a.shape()), db};
        });
        RULES.put("Max", (n, x, y, g, need) -> minMax(x, g, true));
        RULES.put("Min", (n, x, y, g, need) -> minMax(x, g, false));
        RULES.put("Neg", (n, x, y, g, need) -> new Tensor[] {g.neg()});
        RULES.put("Abs", (n, x, y, g, need) -> new Tensor[] {g.mul(x[0].sign())});
        RULES.put("Exp", (n, x, y, g, need) -> new Tensor[] {g.mul(y)});
        RULES.put("Log", (n, x, y, g, need) -> new Tensor[] {g.div(x[0])});
        RULES.put("Sqrt", (n, x, y, g, need) -> new Tensor[] {g.mul(0.5).div(y)});
        RULES.put("Reciprocal", (n, x, y, g, need) -> new Tensor[] {g.mul(y).mul(y).neg()});
        // relu(x) > 0 exactly where x > 0, so y is the mask: one pass of the ReluGrad kernel over the activation where
        // the backend has it, else dY * sign(y).
        RULES.put("Relu", (n, x, y, g, need) -> new Tensor[] {KilnRuntime.get().hasKernel(GradientOps.RELU_GRAD)
                ? op(GradientOps.RELU_GRAD, Map.of(), y, g) : g.mul(y.sign())});
        RULES.put("Sigmoid", (n, x, y, g, need) -> new Tensor[] {g.mul(y).mul(y.rsub(1.0))});
        RULES.put("Tanh", (n, x, y, g, need) -> new Tensor[] {g.mul(y.square().rsub(1.0))});
        RULES.put("Softplus", (n, x, y, g, need) -> new Tensor[] {g.mul(x[0].sigmoid())});
        RULES.put("Softsign", (n, x, y, g, need) -> new Tensor[] {g.div(x[0].abs().add(1.0).square())});
        RULES.put("Erf", (n, x, y, g, need) -> new Tensor[] {g.mul(x[0].square().neg().exp()).mul(2.0 / Math.sqrt(Math.PI))});
        RULES.put("Sin", (n, x, y, g, need) -> new Tensor[] {g.mul(op("Cos", Map.of(), x[0]))});
        RULES.put("Cos", (n, x, y, g, need) -> new Tensor[] {g.mul(op("Sin", Map.of(), x[0])).neg()});
        RULES.put("Elu", (n, x, y, g, need) -> {
            double alpha = Attributes.getFloat(n.attrs(), "alpha", 1.0);
            Tensor pos = positive(x[0]);
            return new Tensor[] {g.mul(pos.add(pos.rsub(1.0).mul(y.add(alpha))))};
        });
        RULES.put("Selu", (n, x, y, g, need) -> {
            double alpha = Attributes.getFloat(n.attrs(), "alpha", 1.67326319217681884765625);
            double gamma = Attributes.getFloat(n.attrs(), "gamma", 1.05070102214813232421875);
            Tensor pos = positive(x[0]);
            return new Tensor[] {g.mul(pos.mul(gamma).add(pos.rsub(1.0).mul(y.add(gamma * alpha))))};
        });
        RULES.put("LeakyRelu", (n, x, y, g, need) -> {
            double alpha = Attributes.getFloat(n.attrs(), "alpha", 0.01);
            Tensor pos = positive(x[0]);
            return new Tensor[] {g.mul(pos.add(pos.rsub(1.0).mul(alpha)))};
        });
        RULES.put("HardSigmoid", (n, x, y, g, need) -> {
            double alpha = Attributes.getFloat(n.attrs(), "alpha", 0.2);
            Tensor inside = y.greater(Tensor.scalar(0, y.dtype())).logicalAnd(y.less(Tensor.scalar(1, y.dtype()))).cast(g.dtype());
            return new Tensor[] {g.mul(inside).mul(alpha)};
        });
        RULES.put("Softmax", (n, x, y, g, need) -> {
            int axis = (int) Attributes.getInt(n.attrs(), "axis", -1);
            return new Tensor[] {y.mul(g.sub(g.mul(y).sum(axis, true)))};
        });
        RULES.put("LogSoftmax", (n, x, y, g, need) -> {
            int axis = (int) Attributes.getInt(n.attrs(), "axis", -1);
            return new Tensor[] {g.sub(y.exp().mul(g.sum(axis, true)))};
        });
        RULES.put("Clip", (n, x, y, g, need) -> {
            Tensor mask = Tensor.ones(x[0].shape(), DType.BOOL);
            if (x.length > 1 && x[1] != null) {
                mask = mask.logicalAnd(x[0].greaterEqual(x[1]));
            }
            if (x.length > 2 && x[2] != null) {
                mask = mask.logicalAnd(x[0].lessEqual(x[2]));
            }
            return new Tensor[] {g.mul(mask.cast(g.dtype()))};
        });
        RULES.put("Cast", (n, x, y, g, need) -> new Tensor[] {x[0].dtype().isFloating() ? g.cast(x[0].dtype()) : null});
        RULES.put("Where", (n, x, y, g, need) -> {
            Tensor zeros = Tensor.zeros(Shape.scalar(), g.dtype());
            return new Tensor[] {null, unbroadcast(Tensor.where(x[0], g, zeros), x[1].shape()),
                    unbroadcast(Tensor.where(x[0], zeros, g), x[2].shape())};
        });
        RULES.put("MatMul", (n, x, y, g, need) -> matmul(x[0], x[1], g, need[0], need[1]));
        RULES.put("Gemm", VjpRules::gemm);
        RULES.put("ReduceSum", (n, x, y, g, need) -> new Tensor[] {expandReduced(n, x, g, reducedAxes(n, x)), null});
        RULES.put("ReduceMean", (n, x, y, g, need) -> {
            int[] axes = reducedAxes(n, x);
            long count = 1;
            for (int a : axes) {
                count *= x[0].shape().dim(a);
            }
            return new Tensor[] {expandReduced(n, x, g, axes).div((double) count)};
        });
        RULES.put("ReduceMax", VjpRules::reduceExtreme);
        RULES.put("ReduceMin", VjpRules::reduceExtreme);
        RULES.put("ReduceSumSquare", (n, x, y, g, need) -> new Tensor[] {expandReduced(n, x, g, reducedAxes(n, x)).mul(x[0]).mul(2.0)});
        RULES.put("ReduceL2", (n, x, y, g, need) -> {
            int[] axes = reducedAxes(n, x);
            return new Tensor[] {expandReduced(n, x, g, axes).mul(x[0]).div(expandReduced(n, x, y, axes))};
        });
        RULES.put("ReduceLogSumExp", (n, x, y, g, need) -> {
            int[] axes = reducedAxes(n, x);
            return new Tensor[] {expandReduced(n, x, g, axes).mul(x[0].sub(expandReduced(n, x, y, axes)).exp())};
        });
        Rule reshapeBack = (n, x, y, g, need) -> new Tensor[] {g.reshape(x[0].shape().dims())};
        RULES.put("Reshape", reshapeBack);
        RULES.put("Flatten", reshapeBack);
        RULES.put("Squeeze", reshapeBack);
        RULES.put("Unsqueeze", reshapeBack);
        RULES.put("Expand", (n, x, y, g, need) -> new Tensor[] {unbroadcast(g, x[0].shape()), null});
        RULES.put("Transpose", (n, x, y, g, need) -> {
            long[] perm = Attributes.getInts(n.attrs(), "perm", null);
            int r = x[0].shape().rank();
            int[] inv = new int[r];
            for (int i = 0; i < r; i++) {
                inv[perm == null ? r - 1 - i : (int) perm[i]] = i;
            }
            return new Tensor[] {g.transpose(inv)};
        });
        RULES.put("Concat", (n, x, y, g, need) -> {
            int axis = y.shape().normalizeAxis((int) Attributes.getInt(n.attrs(), "axis", 0));
            Tensor[] out = new Tensor[x.length];
            long offset = 0;
            for (int i = 0; i < x.length; i++) {
                long d = x[i].shape().dim(axis);
                out[i] = g.slice(axis, offset, offset + d);
                offset += d;
            }
            return out;
        });
        RULES.put("Slice", VjpRules::slice);
        RULES.put("Gather", (n, x, y, g, need) -> {
            Shape data = x[0].shape();
            int axis = data.normalizeAxis((int) Attributes.getInt(n.attrs(), "axis", 0));
            Tensor idx = x[1].cast(DType.INT64);
            long count = idx.shape().size();
            int[] gd = new int[data.rank()];
            int[] id = new int[data.rank()];
            for (int i = 0; i < data.rank(); i++) {
                gd[i] = i == axis ? (int) count : data.dim(i);
                id[i] = i == axis ? (int) count : 1;
            }
            Tensor g2 = g.reshape(gd);
            Tensor idx2 = idx.reshape(id).broadcastTo(Shape.of(gd));
            return new Tensor[] {scatterAdd(data, idx2, g2, axis), null};
        });
        RULES.put("GatherElements", (n, x, y, g, need) -> {
            int axis = x[0].shape().normalizeAxis((int) Attributes.getInt(n.attrs(), "axis", 0));
            return new Tensor[] {scatterAdd(x[0].shape(), x[1], g, axis), null};
        });
        RULES.put("CumSum", (n, x, y, g, need) -> {
            Map<String, Object> a = new HashMap<>(n.attrs());
            a.put("reverse", 1L - Attributes.getInt(n.attrs(), "reverse", 0));
            return new Tensor[] {op("CumSum", a, g, x[1]), null};
        });
        RULES.put("Conv", VjpRules::conv);
        RULES.put("MaxPool", (n, x, y, g, need) -> new Tensor[] {op(GradientOps.MAX_POOL_GRAD, n.attrs(), x[0], g)});
        RULES.put("AveragePool", (n, x, y, g, need) ->
                new Tensor[] {op(GradientOps.AVERAGE_POOL_GRAD, withShape(n.attrs(), "input_shape", x[0].shape()), g)});
        RULES.put("GlobalAveragePool", (n, x, y, g, need) -> {
            Shape s = x[0].shape();
            long spatial = 1;
            for (int a : spatialAxes(s)) {
                spatial *= s.dim(a);
            }
            return new Tensor[] {g.broadcastTo(s).div((double) spatial)};
        });
        RULES.put("GlobalMaxPool", (n, x, y, g, need) -> {
            Shape s = x[0].shape();
            Tensor mask = x[0].equal(y.broadcastTo(s)).cast(g.dtype());
            Tensor count = mask.sum(spatialAxes(s), true);
            return new Tensor[] {g.broadcastTo(s).mul(mask).div(count.broadcastTo(s))};
        });
        RULES.put("Tile", (n, x, y, g, need) -> {
            long[] reps = x[1].toLongArray();
            int r = x[0].shape().rank();
            int[] split = new int[2 * r];
            int[] sumAxes = new int[r];
            for (int i = 0; i < r; i++) {
                split[2 * i] = (int) reps[i];
                split[2 * i + 1] = x[0].shape().dim(i);
                sumAxes[i] = 2 * i;
            }
            return new Tensor[] {g.reshape(split).sum(sumAxes, false), null};
        });
    }

    private VjpRules() {}

    /**
     * Input gradients of node {@code n}; {@code needed[k]} false lets a rule skip input k (MatMul skips the
     * product for a data input, a third of a dense layer's backward work).
     */
    static Tensor[] vjp(Tape.Node n, Tensor[] outGrads, boolean[] needed) {
        if (NON_DIFFERENTIABLE.contains(n.op())) {
            return new Tensor[n.inputs().length];
        }
        if (n.op().equals("TopK")) {
            Tensor g = outGrads[0];
            if (g == null) {
                return new Tensor[n.inputs().length];
            }
            int axis = n.inputs()[0].shape().normalizeAxis((int) Attributes.getInt(n.attrs(), "axis", -1));
            return new Tensor[] {scatterAdd(n.inputs()[0].shape(), n.outputs()[1], g, axis), null};
        }
        Rule r = RULES.get(n.op());
        if (r == null) {
            throw new KilnException("No gradient rule for operator `" + n.op() + "`. Expected an operator with a registered "
                    + "vector-Jacobian rule. To fix: compute this part outside the GradientTape, or report the missing rule.");
        }
        Tensor g = outGrads[0];
        if (g == null) {
            return new Tensor[n.inputs().length];
        }
        return r.apply(n, n.inputs(), n.outputs()[0], g, needed);
    }

    // ----------------------------------------------------------------------------------------- helpers

    private static Tensor op(String name, Map<String, Object> attrs, Tensor... inputs) {
        return KilnRuntime.get().op(name, attrs, inputs);
    }

    private static Tensor positive(Tensor x) { return x.greater(Tensor.scalar(0, x.dtype())).cast(x.dtype()); }

    /** Sums a broadcast gradient back to {@code shape}. */
    static Tensor unbroadcast(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) {
            return g;
        }
        int gr = g.shape().rank();
        int r = shape.rank();
        int lead = gr - r;
        java.util.List<Integer> axes = new java.util.ArrayList<>();
        for (int i = 0; i < gr; i++) {
            if (i < lead || (shape.dim(i - lead) == 1 && g.shape().dim(i) != 1)) {
                axes.add(i);
            }
        }
        Tensor s = g;
        if (!axes.isEmpty()) {
            int[] a = axes.stream().mapToInt(Integer::intValue).toArray();
            s = g.sum(a, true);
        }
        return s.reshape(shape.dims());
    }

    private static Tensor[] minMax(Tensor[] x, Tensor g, boolean max) {
        if (x.length == 1) {
            return new Tensor[] {g};
        }
        if (x.length != 2) {
            throw new KilnException("Gradients of " + (max ? "Max" : "Min") + " are implemented for one or two inputs; received "
                    + x.length + ". To fix: combine inputs pairwise.");
        }
        Tensor pick = (max ? x[0].greaterEqual(x[1]) : x[0].lessEqual(x[1])).cast(g.dtype());
        return new Tensor[] {unbroadcast(g.mul(pick), x[0].shape()), unbroadcast(g.mul(pick.rsub(1.0)), x[1].shape())};
    }

    private static Tensor swapLast(Tensor t) {
        int r = t.shape().rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[r - 1] = r - 2;
        perm[r - 2] = r - 1;
        return t.transpose(perm);
    }

    private static Tensor[] matmul(Tensor a, Tensor b, Tensor g, boolean needA, boolean needB) {
        Tensor a2 = a.shape().rank() == 1 ? a.reshape(1, a.shape().dim(0)) : a;
        Tensor b2 = b.shape().rank() == 1 ? b.reshape(b.shape().dim(0), 1) : b;
        int[] outDims = matmulShape(a2.shape(), b2.shape());
        Tensor g2 = g.shape().equals(Shape.of(outDims)) ? g : g.reshape(outDims);
        Tensor da = null;
        Tensor db = null;
        if (a2.shape().rank() == 2 && b2.shape().rank() == 2) {
            // The dense case: Gemm's transpose flags reach the BLAS, with no transposed copy made first.
            if (needA) {
                da = gemmOf(g2, false, b2, true, 1);
                da = a2 == a ? da : da.reshape(a.shape().dims());
            }
            if (needB) {
                db = gemmOf(a2, true, g2, false, 1);
                db = b2 == b ? db : db.reshape(b.shape().dims());
            }
            return new Tensor[] {da, db};
        }
        if (needA) {
            da = unbroadcast(g2.matmul(swapLast(b2)), a2.shape());
            da = a2 == a ? da : da.reshape(a.shape().dims());
        }
        if (needB) {
            db = unbroadcast(swapLast(a2).matmul(g2), b2.shape());
            db = b2 == b ? db : db.reshape(b.shape().dims());
        }
        return new Tensor[] {da, db};
    }

    private static int[] matmulShape(Shape a, Shape b) {
        int ra = a.rank();
        int rb = b.rank();
        int r = Math.max(ra, rb);
        int[] out = new int[r];
        for (int i = 0; i < r - 2; i++) {
            int da = i - (r - ra) >= 0 && i - (r - ra) < ra - 2 ? a.dim(i - (r - ra)) : 1;
            int db = i - (r - rb) >= 0 && i - (r - rb) < rb - 2 ? b.dim(i - (r - rb)) : 1;
            out[i] = Math.max(da, db);
        }
        out[r - 2] = a.dim(ra - 2);
        out[r - 1] = b.dim(rb - 1);
        return out;
    }

    /**
     * Y = alpha op(A) op(B) + beta C. Each operand's gradient is one Gemm whose transpose flags reach the BLAS (no
     * transposed copy), made only when asked: with G = dY, dop(A) = alpha G op(B)^T and dop(B) = alpha op(A)^T G, and
     * a transposed operand's gradient is the transpose of that, which swaps the two factors.
     */
    private static Tensor[] gemm(Tape.Node n, Tensor[] x, Tensor y, Tensor g, boolean[] need) {
        double alpha = Attributes.getFloat(n.attrs(), "alpha", 1.0);
        double beta = Attributes.getFloat(n.attrs(), "beta", 1.0);
        boolean ta = Attributes.getInt(n.attrs(), "transA", 0) != 0;
        boolean tb = Attributes.getInt(n.attrs(), "transB", 0) != 0;
        Tensor da = null;
        Tensor db = null;
        if (need[0]) { // A: G op(B)^T, or op(B) G^T when A is stored transposed
            da = ta ? gemmOf(x[1], tb, g, true, alpha) : gemmOf(g, false, x[1], !tb, alpha);
        }
        if (need[1]) { // B: op(A)^T G, or G^T op(A) when B is stored transposed
            db = tb ? gemmOf(g, true, x[0], ta, alpha) : gemmOf(x[0], !ta, g, false, alpha);
        }
        Tensor dc = x.length > 2 && x[2] != null && need.length > 2 && need[2] ? unbroadcast(beta == 1 ? g : g.mul(beta), x[2].shape()) : null;
        return new Tensor[] {da, db, dc};
    }

    /** alpha op(p) op(q) as one Gemm. */
    private static Tensor gemmOf(Tensor p, boolean tp, Tensor q, boolean tq, double alpha) {
        Map<String, Object> attrs = new java.util.HashMap<>();
        if (tp) {
            attrs.put("transA", 1L);
        }
        if (tq) {
            attrs.put("transB", 1L);
        }
        if (alpha != 1) {
            attrs.put("alpha", alpha);
        }
        return KilnRuntime.get().op("Gemm", attrs, p, q);
    }

    /** Axes a reduction removed: from the axes input (ReduceSum) or attribute, else all. */
    private static int[] reducedAxes(Tape.Node n, Tensor[] x) {
        Shape s = x[0].shape();
        long[] axes = null;
        if (n.op().equals("ReduceSum")) {
            if (x.length > 1 && x[1] != null) {
                axes = x[1].toLongArray();
            }
        } else {
            axes = Attributes.getInts(n.attrs(), "axes", null);
        }
        if (axes == null || axes.length == 0) {
            if (axes != null && Attributes.getInt(n.attrs(), "noop_with_empty_axes", 0) != 0) {
                return new int[0];
            }
            int[] all = new int[s.rank()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = s.normalizeAxis((int) axes[i]);
        }
        return out;
    }

    /** Broadcasts a reduced tensor back to the input's shape. */
    private static Tensor expandReduced(Tape.Node n, Tensor[] x, Tensor reduced, int[] axes) {
        Shape s = x[0].shape();
        int[] keep = s.dims();
        for (int a : axes) {
            keep[a] = 1;
        }
        return reduced.reshape(keep).broadcastTo(s);
    }

    private static Tensor[] reduceExtreme(Tape.Node n, Tensor[] x, Tensor y, Tensor g, boolean[] need) {
        int[] axes = reducedAxes(n, x);
        Tensor yb = expandReduced(n, x, y, axes);
        Tensor mask = x[0].equal(yb).cast(g.dtype());
        int[] keep = x[0].shape().dims();
        for (int a : axes) {
            keep[a] = 1;
        }
        Tensor count = mask.sum(axes, true);
        return new Tensor[] {expandReduced(n, x, g, axes).mul(mask).div(count.broadcastTo(x[0].shape()))};
    }

    /** Conv(X, W, [B]): dX and dW through the backend's gradient kernels, dB by summing over all axes but channels. */
    private static Tensor[] conv(Tape.Node n, Tensor[] x, Tensor y, Tensor g, boolean[] need) {
        Tensor[] out = new Tensor[x.length];
        if (need[0]) {
            out[0] = op(GradientOps.CONV_GRAD_INPUT, withShape(n.attrs(), "input_shape", x[0].shape()), g, x[1]);
        }
        if (need.length > 1 && need[1]) {
            out[1] = op(GradientOps.CONV_GRAD_FILTER, withShape(n.attrs(), "filter_shape", x[1].shape()), x[0], g);
        }
        if (x.length > 2 && x[2] != null && need[2]) {
            int[] axes = spatialAxes(g.shape());
            int[] all = new int[axes.length + 1];
            all[0] = 0;
            System.arraycopy(axes, 0, all, 1, axes.length);
            out[2] = g.sum(all, false);
        }
        return out;
    }

    /** Axes 2.. of an (N, C, spatial...) shape. */
    private static int[] spatialAxes(Shape s) {
        int[] axes = new int[s.rank() - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        return axes;
    }

    /** The forward attributes plus one shape attribute (a gradient kernel's {@code input_shape} or {@code filter_shape}). */
    private static Map<String, Object> withShape(Map<String, Object> attrs, String name, Shape shape) {
        Map<String, Object> a = new HashMap<>(attrs);
        int[] d = shape.dims();
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            l[i] = d[i];
        }
        a.put(name, l);
        return a;
    }

    private static Tensor scatterAdd(Shape shape, Tensor indices, Tensor updates, int axis) {
        return op("ScatterElements", Map.of("axis", (long) axis, "reduction", "add"), Tensor.zeros(shape, updates.dtype()),
                indices, updates);
    }

    private static Tensor[] slice(Tape.Node n, Tensor[] x, Tensor y, Tensor g, boolean[] need) {
        Shape s = x[0].shape();
        long[] starts = x[1].toLongArray();
        long[] ends = x[2].toLongArray();
        long[] axes = x.length > 3 && x[3] != null ? x[3].toLongArray() : null;
        long[] steps = x.length > 4 && x[4] != null ? x[4].toLongArray() : null;
        long[] pads = new long[2 * s.rank()];
        for (int i = 0; i < starts.length; i++) {
            int axis = s.normalizeAxis(axes == null ? i : (int) axes[i]);
            long step = steps == null ? 1 : steps[i];
            if (step != 1) {
                throw new KilnException("Gradients of Slice are implemented for step 1; received step " + step
                        + ". To fix: slice with step 1 inside the GradientTape.");
            }
            long dim = s.dim(axis);
            long st = starts[i] < 0 ? starts[i] + dim : starts[i];
            st = Math.max(0, Math.min(dim, st));
            pads[axis] = st;
            pads[axis + s.rank()] = dim - st - y.shape().dim(axis);
        }
        Tensor p = Tensor.of(pads, pads.length);
        Tensor[] out = new Tensor[x.length];
        out[0] = op("Pad", Map.of("mode", "constant"), g, p);
        return out;
    }
}
