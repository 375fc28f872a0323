package dev.kiln.backend.java.internal;

import dev.kiln.backend.java.MatrixKernels;
import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.Capability;
import dev.kiln.backend.spi.GradientOps;
import dev.kiln.backend.spi.OptimizerOps;
import dev.kiln.backend.spi.UnsupportedOpException;
import java.lang.reflect.Array;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The pure-Java backend: dispatches ONNX operators and Kiln's gradient kernels to the kernel families. */
public final class JavaBackend implements Backend {
    private static final Set<String> UNARY = Set.of("Neg", "Abs", "Exp", "Log", "Sqrt", "Reciprocal", "Sign", "Floor", "Ceil", "Round",
            "Relu", "Sigmoid", "Tanh", "Erf", "Softplus", "Softsign", "Sin", "Cos", "Elu", "Selu", "LeakyRelu", "HardSigmoid",
            "IsNaN", "IsInf", "Not");
    private static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Mod", "Equal", "Less", "LessOrEqual",
            "Greater", "GreaterOrEqual", "And", "Or", "Xor");
    private static final Set<String> REDUCE = Set.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
            "ReduceSumSquare", "ReduceL2", "ReduceLogSumExp");
    private static final Set<String> OTHER = Set.of("Identity", "Max", "Min", "Where", "Clip", "Cast", "Softmax", "LogSoftmax",
            "MatMul", "Gemm", "Transpose", "Reshape", "Expand", "Concat", "Slice", "Gather", "GatherElements", "ScatterElements",
            "Flatten", "Squeeze", "Unsqueeze", "Tile", "Range", "Pad", "ArgMax", "ArgMin", "OneHot", "TopK", "CumSum");
    /** Convolution and pooling (ConvKernels), with the gradient kernels of {@link GradientOps}. */
    private static final Set<String> CONV = Set.of("Conv", "MaxPool", "AveragePool", "GlobalMaxPool", "GlobalAveragePool",
            GradientOps.CONV_GRAD_INPUT, GradientOps.CONV_GRAD_FILTER, GradientOps.MAX_POOL_GRAD, GradientOps.AVERAGE_POOL_GRAD);
    /** Kiln's other non-ONNX kernels: ReluGrad and the fused optimizer updates of {@link OptimizerOps}. */
    private static final Set<String> KILN = Set.of(GradientOps.RELU_GRAD, OptimizerOps.RMSPROP_UPDATE, OptimizerOps.ADAM_UPDATE);
    private static final Set<String> ALL;

    static {
        java.util.Set<String> all = new java.util.TreeSet<>();
        all.addAll(UNARY);
        all.addAll(BINARY);
        all.addAll(REDUCE);
        all.addAll(OTHER);
        all.addAll(CONV);
        all.addAll(KILN);
        ALL = Set.copyOf(all); // a hash set: looked up twice per operator call
    }

    private final String name;
    /** The matrix products; {@code null} for the pure-Java ones. */
    private final MatrixKernels matrixKernels;

    /** The pure-Java reference backend. */
    public JavaBackend() { this("java", null); }

    /** These kernels on the heap, with matrix products from {@code matrixKernels} (a native BLAS). */
    public JavaBackend(String name, MatrixKernels matrixKernels) {
        this.name = name;
        this.matrixKernels = matrixKernels;
    }

    @Override
    public String name() { return name; }

    @Override
    public Set<Capability> capabilities() { return EnumSet.of(Capability.TRAINING, Capability.AUTODIFF_KERNELS, Capability.FLOAT64, Capability.THREAD_SAFE); }

    @Override
    public Set<String> supportedOps() { return ALL; }

    @Override
    public BackendArray fromArray(Object data, int[] shape, DType dtype) {
        int n = checkData(data, shape, dtype);
        JavaArray a = JavaArray.allocate(dtype, shape);
        System.arraycopy(data, 0, a.data(), 0, n);
        return a;
    }

    /** The heap array itself: a JavaArray is one. */
    @Override
    public BackendArray adoptArray(Object data, int[] shape, DType dtype) {
        checkData(data, shape, dtype);
        return new JavaArray(dtype, shape.clone(), data);
    }

    /** The element count of {@code shape}, after checking that {@code data} is an array of it in {@code dtype}. */
    private static int checkData(Object data, int[] shape, DType dtype) {
        Class<?> expected = switch (dtype) {
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case INT32 -> int[].class;
            case INT64 -> long[].class;
            case BOOL -> boolean[].class;
        };
        if (data == null || data.getClass() != expected) {
            throw new InvalidArgumentException(KilnException.message("Data does not match dtype " + dtype + ".",
                    expected.getSimpleName(), data == null ? "null" : data.getClass().getSimpleName(), null));
        }
        int n = JavaArray.checkedSize(shape);
        if (Array.getLength(data) != n) {
            throw new InvalidArgumentException(KilnException.message("Data length does not match shape " + Nd.str(shape) + ".",
                    n + " elements", Array.getLength(data) + " elements", null));
        }
        return n;
    }

    @Override
    public BackendArray full(int[] shape, double value, DType dtype) {
        JavaArray a = JavaArray.allocate(dtype, shape);
        Object d = a.data();
        switch (dtype) {
            case FLOAT32 -> java.util.Arrays.fill((float[]) d, (float) value);
            case FLOAT64 -> java.util.Arrays.fill((double[]) d, value);
            case INT32 -> java.util.Arrays.fill((int[]) d, (int) value);
            case INT64 -> java.util.Arrays.fill((long[]) d, (long) value);
            case BOOL -> java.util.Arrays.fill((boolean[]) d, value != 0);
        }
        return a;
    }

    @Override
    public BackendArray[] execute(String op, Map<String, Object> attrs, BackendArray... inputs) {
        return execute(op, attrs, Integer.MAX_VALUE, inputs);
    }

    @Override
    public BackendArray[] execute(String op, Map<String, Object> attrs, int outputs, BackendArray... inputs) {
        if (!ALL.contains(op)) {
            throw new UnsupportedOpException(name, op, null);
        }
        JavaArray[] in = new JavaArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && !(inputs[i] instanceof JavaArray)) {
                throw new InvalidArgumentException("Operator `" + op + "` got an array of another backend ("
                        + inputs[i].getClass().getName() + "). Expected java backend arrays.");
            }
            in[i] = (JavaArray) inputs[i];
        }
        if (op.equals("TopK")) {
            need(op, in, 2);
            return IndexKernels.topK(in[0], in[1], attrs);
        }
        if (op.equals("MaxPool")) {
            need(op, in, 1);
            return ConvKernels.maxPool(attrs, in[0], outputs > 1);
        }
        if (op.equals(OptimizerOps.RMSPROP_UPDATE)) {
            return OptimizerKernels.rmsprop(attrs, in);
        }
        if (op.equals(OptimizerOps.ADAM_UPDATE)) {
            return OptimizerKernels.adam(attrs, in);
        }
        return new BackendArray[] {run(op, attrs, in)};
    }

    private JavaArray run(String op, Map<String, Object> a, JavaArray[] in) {
        if (UNARY.contains(op)) {
            need(op, in, 1);
            return ElementwiseKernels.unary(op, a, in[0]);
        }
        if (op.equals("Mod")) {
            need(op, in, 2);
            return ElementwiseKernels.mod(a, in[0], in[1]);
        }
        if (BINARY.contains(op)) {
            need(op, in, 2);
            return ElementwiseKernels.binary(op, in[0], in[1]);
        }
        if (REDUCE.contains(op)) {
            need(op, in, 1);
            return ReductionKernels.reduce(op, a, in[0], in.length > 1 ? in[1] : null);
        }
        switch (op) {
            case "Identity": need(op, in, 1); return in[0].view(in[0].shape().clone());
            case "Max":
            case "Min": return ElementwiseKernels.variadic(op, in);
            case "Where": need(op, in, 3); return ElementwiseKernels.where(in[0], in[1], in[2]);
            case "Clip": need(op, in, 1); return ElementwiseKernels.clip(in[0], opt(in, 1), opt(in, 2));
            case "Cast": need(op, in, 1); return ElementwiseKernels.cast(in[0], a);
            case "Softmax": need(op, in, 1); return ElementwiseKernels.softmax(in[0], a, false);
            case "LogSoftmax": need(op, in, 1); return ElementwiseKernels.softmax(in[0], a, true);
            case "MatMul": need(op, in, 2); return LinalgKernels.matmul(in[0], in[1], matrixKernels);
            case "Gemm": need(op, in, 2); return LinalgKernels.gemmOp(a, in[0], in[1], opt(in, 2), matrixKernels);
            case "Transpose": need(op, in, 1); return ShapeKernels.transpose(in[0], a);
            case "Reshape": need(op, in, 2); return ShapeKernels.reshape(in[0], in[1], a);
            case "Expand": need(op, in, 2); return ShapeKernels.expand(in[0], in[1]);
            case "Concat": return ShapeKernels.concat(a, in);
            case "Slice": need(op, in, 3); return ShapeKernels.slice(in[0], in[1], in[2], opt(in, 3), opt(in, 4));
            case "Gather": need(op, in, 2); return IndexKernels.gather(in[0], in[1], a);
            case "GatherElements": need(op, in, 2); return IndexKernels.gatherElements(in[0], in[1], a);
            case "ScatterElements": need(op, in, 3); return IndexKernels.scatterElements(in[0], in[1], in[2], a);
            case "Flatten": need(op, in, 1); return ShapeKernels.flatten(in[0], a);
            case "Squeeze": need(op, in, 1); return ShapeKernels.squeeze(in[0], opt(in, 1));
            case "Unsqueeze": need(op, in, 2); return ShapeKernels.unsqueeze(in[0], in[1]);
            case "Tile": need(op, in, 2); return ShapeKernels.tile(in[0], in[1]);
            case "Range": need(op, in, 3); return ShapeKernels.range(in[0], in[1], in[2]);
            case "Pad": need(op, in, 2); return ShapeKernels.pad(in[0], in[1], opt(in, 2), a);
            case "ArgMax":
            case "ArgMin": need(op, in, 1); return ReductionKernels.argExtreme(op, a, in[0]);
            case "OneHot": need(op, in, 3); return IndexKernels.oneHot(in[0], in[1], in[2], a);
            case "CumSum": need(op, in, 2); return IndexKernels.cumSum(in[0], in[1], a);
            case "Conv": need(op, in, 2); return ConvKernels.conv(a, in[0], in[1], opt(in, 2), matrixKernels);
            case "AveragePool": need(op, in, 1); return ConvKernels.averagePool(a, in[0]);
            case "GlobalMaxPool":
            case "GlobalAveragePool": need(op, in, 1); return ConvKernels.globalPool(op, in[0]);
            case GradientOps.CONV_GRAD_INPUT: need(op, in, 2); return ConvKernels.convGradInput(a, in[0], in[1], matrixKernels);
            case GradientOps.CONV_GRAD_FILTER: need(op, in, 2); return ConvKernels.convGradFilter(a, in[0], in[1], matrixKernels);
            case GradientOps.RELU_GRAD: need(op, in, 2); return ElementwiseKernels.reluGrad(in[0], in[1]);
            case GradientOps.MAX_POOL_GRAD: need(op, in, 2); return ConvKernels.maxPoolGrad(a, in[0], in[1]);
            case GradientOps.AVERAGE_POOL_GRAD: need(op, in, 1); return ConvKernels.averagePoolGrad(a, in[0]);
            default: throw new UnsupportedOpException(name, op, null);
        }
    }

    private static JavaArray opt(JavaArray[] in, int i) { return i < in.length ? in[i] : null; }

    private static void need(String op, JavaArray[] in, int n) {
        if (in.length < n) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` needs " + n + " inputs.", n, in.length, null));
        }
        for (int i = 0; i < n; i++) {
            if (in[i] == null) {
                throw new InvalidArgumentException(KilnException.message("Operator `" + op + "`: input " + i + " is missing.",
                        "an array", "null", null));
            }
        }
    }
}
