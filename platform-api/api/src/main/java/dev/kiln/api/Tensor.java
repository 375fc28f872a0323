package dev.kiln.api;

import dev.kiln.api.spi.KilnRuntime;
import java.util.Map;

/**
 * An n-dimensional array on the model's backend. Operations follow ONNX (opset 17) semantics, including
 * NumPy-style broadcasting; each is recorded on the active {@link GradientTape} so it can be differentiated.
 *
 * <p>Tensors created during a training step are freed when the step ends (see {@code TensorScope} in the
 * backend SPI); read values out with {@link #toFloatArray()} or {@link #item()} to keep them.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * Tensor w = Tensor.ones(Shape.of(3, 1), DType.FLOAT32);
 * Tensor y = x.matmul(w).relu();            // shape (2, 1): [[6], [15]]
 * double total = y.sum().item();            // 21.0
 * }</pre>
 */
public interface Tensor extends AutoCloseable {

    /** The shape; every dimension is known for an eager tensor. */
    Shape shape();

    /** The element type. */
    DType dtype();

    /** True for a placeholder in a functional model graph (an {@code Input} or a layer's output on one). */
    default boolean isSymbolic() { return false; }

    /** The elements in row-major order, converted to float. */
    float[] toFloatArray();

    /** The elements in row-major order, converted to double. */
    double[] toDoubleArray();

    /** The elements in row-major order, converted to int (floats truncate toward zero). */
    int[] toIntArray();

    /** The elements in row-major order, converted to long. */
    long[] toLongArray();

    /** The elements in row-major order as booleans (non-zero is true). */
    boolean[] toBooleanArray();

    /** The value of a one-element tensor. */
    default double item() {
        if (shape().size() != 1) {
            throw new InvalidArgumentException(KilnException.message("item() needs a tensor with exactly one element.",
                    "shape () or (1,)", shape(), "reduce the tensor first, e.g. with sum() or mean()"));
        }
        return toDoubleArray()[0];
    }

    /** Frees the backend memory now; reading the tensor afterwards fails. Scopes call this for you. */
    @Override
    void close();

    // ---------------------------------------------------------------------------------------------------
    // Creation

    /** A float32 tensor holding {@code data} (copied) with the given shape. */
    static Tensor of(float[] data, int... shape) { return KilnRuntime.get().create(data, checkedShape(data.length, shape), DType.FLOAT32); }

    /** A float64 tensor. */
    static Tensor of(double[] data, int... shape) { return KilnRuntime.get().create(data, checkedShape(data.length, shape), DType.FLOAT64); }

    /** An int32 tensor. */
    static Tensor of(int[] data, int... shape) { return KilnRuntime.get().create(data, checkedShape(data.length, shape), DType.INT32); }

    /** An int64 tensor. */
    static Tensor of(long[] data, int... shape) { return KilnRuntime.get().create(data, checkedShape(data.length, shape), DType.INT64); }

    /** A bool tensor. */
    static Tensor of(boolean[] data, int... shape) { return KilnRuntime.get().create(data, checkedShape(data.length, shape), DType.BOOL); }

    /** A rank-0 float32 tensor. */
    static Tensor scalar(double value) { return scalar(value, DType.FLOAT32); }

    /** A rank-0 tensor of the given type. */
    static Tensor scalar(double value, DType dtype) { return full(Shape.scalar(), value, dtype); }

    /** A tensor filled with {@code value}. */
    static Tensor full(Shape shape, double value, DType dtype) { return KilnRuntime.get().full(shape, value, dtype); }

    static Tensor zeros(Shape shape, DType dtype) { return full(shape, 0, dtype); }

    static Tensor ones(Shape shape, DType dtype) { return full(shape, 1, dtype); }

    /** Uniform samples in {@code [low, high)} from the seeded generator (see {@link Kiln#setSeed}). */
    static Tensor randomUniform(Shape shape, double low, double high, DType dtype) {
        return KilnRuntime.get().random(KilnRuntime.Distribution.UNIFORM, shape, low, high, dtype);
    }

    /** Normal samples from the seeded generator. */
    static Tensor randomNormal(Shape shape, double mean, double stddev, DType dtype) {
        return KilnRuntime.get().random(KilnRuntime.Distribution.NORMAL, shape, mean, stddev, dtype);
    }

    /** Normal samples re-drawn when more than two standard deviations from the mean, as Keras's TruncatedNormal. */
    static Tensor truncatedNormal(Shape shape, double mean, double stddev, DType dtype) {
        return KilnRuntime.get().random(KilnRuntime.Distribution.TRUNCATED_NORMAL, shape, mean, stddev, dtype);
    }

    /** Joins tensors along {@code axis} (ONNX Concat). */
    static Tensor concat(int axis, Tensor... tensors) { return KilnRuntime.get().op("Concat", Map.of("axis", (long) axis), tensors); }

    /** Picks from {@code x} where {@code condition} is true, else from {@code y} (ONNX Where). */
    static Tensor where(Tensor condition, Tensor x, Tensor y) { return KilnRuntime.get().op("Where", Map.of(), condition, x, y); }

    private static Shape checkedShape(int length, int[] shape) {
        Shape s = Shape.of(shape);
        if (!s.isFullyDefined() || s.size() != length) {
            throw new ShapeMismatchException(KilnException.message("The data does not fill the shape " + s + ".",
                    s.isFullyDefined() ? s.size() + " elements" : "a fully defined shape", length + " elements",
                    "pass a shape whose sizes multiply to the data length"));
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------------
    // Element-wise arithmetic (broadcasting)

    default Tensor add(Tensor other) { return binary("Add", other); }
    default Tensor sub(Tensor other) { return binary("Sub", other); }
    default Tensor mul(Tensor other) { return binary("Mul", other); }
    default Tensor div(Tensor other) { return binary("Div", other); }
    default Tensor pow(Tensor exponent) { return binary("Pow", exponent); }
    default Tensor maximum(Tensor other) { return binary("Max", other); }
    default Tensor minimum(Tensor other) { return binary("Min", other); }
    default Tensor add(double c) { return add(Tensor.scalar(c, dtype())); }
    default Tensor sub(double c) { return sub(Tensor.scalar(c, dtype())); }
    default Tensor mul(double c) { return mul(Tensor.scalar(c, dtype())); }
    default Tensor div(double c) { return div(Tensor.scalar(c, dtype())); }
    default Tensor pow(double c) { return pow(Tensor.scalar(c, dtype())); }
    default Tensor maximum(double c) { return maximum(Tensor.scalar(c, dtype())); }
    default Tensor minimum(double c) { return minimum(Tensor.scalar(c, dtype())); }
    /** {@code c - this}. */
    default Tensor rsub(double c) { return Tensor.scalar(c, dtype()).sub(this); }

    default Tensor neg() { return unary("Neg"); }
    default Tensor abs() { return unary("Abs"); }
    default Tensor exp() { return unary("Exp"); }
    default Tensor log() { return unary("Log"); }
    default Tensor sqrt() { return unary("Sqrt"); }
    default Tensor square() { return mul(this); }
    default Tensor reciprocal() { return unary("Reciprocal"); }
    default Tensor sign() { return unary("Sign"); }
    default Tensor floor() { return unary("Floor"); }
    default Tensor ceil() { return unary("Ceil"); }
    default Tensor round() { return unary("Round"); }
    default Tensor erf() { return unary("Erf"); }
    default Tensor isNaN() { return unary("IsNaN"); }

    /** Limits values to {@code [min, max]} (ONNX Clip). */
    default Tensor clip(double min, double max) {
        return KilnRuntime.get().op("Clip", Map.of(), this, Tensor.scalar(min, dtype()), Tensor.scalar(max, dtype()));
    }

    // ---------------------------------------------------------------------------------------------------
    // Activations

    default Tensor relu() { return unary("Relu"); }
    default Tensor sigmoid() { return unary("Sigmoid"); }
    default Tensor tanh() { return unary("Tanh"); }
    default Tensor softplus() { return unary("Softplus"); }
    default Tensor softsign() { return unary("Softsign"); }
    default Tensor elu(double alpha) { return KilnRuntime.get().op("Elu", Map.of("alpha", alpha), this); }
    default Tensor selu() { return unary("Selu"); }
    default Tensor leakyRelu(double alpha) { return KilnRuntime.get().op("LeakyRelu", Map.of("alpha", alpha), this); }
    default Tensor softmax(int axis) { return KilnRuntime.get().op("Softmax", Map.of("axis", (long) axis), this); }
    default Tensor logSoftmax(int axis) { return KilnRuntime.get().op("LogSoftmax", Map.of("axis", (long) axis), this); }

    // ---------------------------------------------------------------------------------------------------
    // Comparison and logic (results are bool)

    default Tensor equal(Tensor other) { return binary("Equal", other); }
    default Tensor greater(Tensor other) { return binary("Greater", other); }
    default Tensor greaterEqual(Tensor other) { return binary("GreaterOrEqual", other); }
    default Tensor less(Tensor other) { return binary("Less", other); }
    default Tensor lessEqual(Tensor other) { return binary("LessOrEqual", other); }
    default Tensor greater(double c) { return greater(Tensor.scalar(c, dtype())); }
    default Tensor less(double c) { return less(Tensor.scalar(c, dtype())); }
    default Tensor logicalAnd(Tensor other) { return binary("And", other); }
    default Tensor logicalOr(Tensor other) { return binary("Or", other); }
    default Tensor logicalNot() { return unary("Not"); }

    /** Converts the element type (ONNX Cast). */
    default Tensor cast(DType to) {
        return to == dtype() ? this : KilnRuntime.get().op("Cast", Map.of("to", (long) to.onnxCode()), this);
    }

    // ---------------------------------------------------------------------------------------------------
    // Linear algebra and shape

    /** Matrix product with NumPy {@code matmul} semantics (ONNX MatMul). */
    default Tensor matmul(Tensor other) { return binary("MatMul", other); }

    /** Permutes dimensions; with no arguments reverses them. */
    default Tensor transpose(int... perm) {
        if (perm.length == 0) {
            perm = new int[shape().rank()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = perm.length - 1 - i;
            }
        }
        long[] p = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            p[i] = perm[i];
        }
        return KilnRuntime.get().op("Transpose", Map.of("perm", p), this);
    }

    /** A view with a new shape; one dimension may be -1 and is then inferred (ONNX Reshape). */
    default Tensor reshape(int... shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i];
        }
        return KilnRuntime.get().op("Reshape", Map.of("allowzero", 1L), this, Tensor.of(s, s.length));
    }

    /** Broadcasts to {@code shape} (ONNX Expand). */
    default Tensor broadcastTo(Shape shape) {
        long[] s = shape.dimsAsLongs();
        return KilnRuntime.get().op("Expand", Map.of(), this, Tensor.of(s, s.length));
    }

    /** Elements {@code [start, end)} along {@code axis} (ONNX Slice with step 1). */
    default Tensor slice(int axis, long start, long end) {
        return KilnRuntime.get().op("Slice", Map.of(), this, Tensor.of(new long[] {start}, 1), Tensor.of(new long[] {end}, 1),
                Tensor.of(new long[] {axis}, 1));
    }

    /** Takes entries of {@code indices} along {@code axis} (ONNX Gather). */
    default Tensor gather(Tensor indices, int axis) { return KilnRuntime.get().op("Gather", Map.of("axis", (long) axis), this, indices); }

    /** Element-wise gather along {@code axis} (ONNX GatherElements). */
    default Tensor gatherElements(Tensor indices, int axis) {
        return KilnRuntime.get().op("GatherElements", Map.of("axis", (long) axis), this, indices);
    }

    /** One-hot encoding of integer labels along a new last axis, as float32 (ONNX OneHot). */
    default Tensor oneHot(int depth) {
        return KilnRuntime.get().op("OneHot", Map.of("axis", -1L), this, Tensor.of(new long[] {depth}, 1),
                Tensor.of(new float[] {0, 1}, 2));
    }

    /** The {@code k} largest entries along {@code axis}: values and int64 indices (ONNX TopK). */
    default Tensor[] topK(int k, int axis) {
        return KilnRuntime.get().execute("TopK", Map.of("axis", (long) axis, "largest", 1L, "sorted", 1L), this,
                Tensor.of(new long[] {k}, 1));
    }

    // ---------------------------------------------------------------------------------------------------
    // Reductions

    /** Sum of all elements, as a scalar. */
    default Tensor sum() { return reduce("ReduceSum", null, false); }
    default Tensor sum(int axis, boolean keepDims) { return reduce("ReduceSum", new int[] {axis}, keepDims); }
    default Tensor sum(int[] axes, boolean keepDims) { return reduce("ReduceSum", axes, keepDims); }
    /** Mean of all elements, as a scalar. */
    default Tensor mean() { return reduce("ReduceMean", null, false); }
    default Tensor mean(int axis, boolean keepDims) { return reduce("ReduceMean", new int[] {axis}, keepDims); }
    default Tensor mean(int[] axes, boolean keepDims) { return reduce("ReduceMean", axes, keepDims); }
    default Tensor max() { return reduce("ReduceMax", null, false); }
    default Tensor max(int axis, boolean keepDims) { return reduce("ReduceMax", new int[] {axis}, keepDims); }
    default Tensor max(int[] axes, boolean keepDims) { return reduce("ReduceMax", axes, keepDims); }
    default Tensor min() { return reduce("ReduceMin", null, false); }
    default Tensor min(int axis, boolean keepDims) { return reduce("ReduceMin", new int[] {axis}, keepDims); }
    default Tensor min(int[] axes, boolean keepDims) { return reduce("ReduceMin", axes, keepDims); }

    /** Index of the largest entry along {@code axis}, as int64, the axis removed (ONNX ArgMax). */
    default Tensor argmax(int axis) { return KilnRuntime.get().op("ArgMax", Map.of("axis", (long) axis, "keepdims", 0L), this); }

    // ---------------------------------------------------------------------------------------------------

    private Tensor unary(String op) { return KilnRuntime.get().op(op, Map.of(), this); }

    private Tensor binary(String op, Tensor other) { return KilnRuntime.get().op(op, Map.of(), this, other); }

    /** axes == null reduces over every axis. ReduceSum takes axes as an input (opset 13+), the others as an attribute (opset 17). */
    private Tensor reduce(String op, int[] axes, boolean keepDims) {
        long keep = keepDims ? 1L : 0L;
        if (axes == null) {
            return KilnRuntime.get().op(op, Map.of("keepdims", keep), this);
        }
        long[] a = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            a[i] = axes[i];
        }
        if (op.equals("ReduceSum")) {
            return KilnRuntime.get().op(op, Map.of("keepdims", keep), this, Tensor.of(a, a.length));
        }
        return KilnRuntime.get().op(op, Map.of("keepdims", keep, "axes", a), this);
    }
}
