package dev.kiln.backend.java.internal;

import dev.kiln.backend.java.MatrixKernels;
import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.Capability;
import dev.kiln.backend.spi.GradientOps;
import dev.kiln.backend.spi.Kernel;
import dev.kiln.backend.spi.OptimizerOps;
import dev.kiln.backend.spi.UnsupportedOpException;
import java.lang.reflect.Array;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
        ALL = Set.copyOf(all); // a hash set: the runtime looks every eager operator call up in it
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
        return kernel(op, attrs, outputs).run(inputs);
    }

    /**
     * The operator's kernel family, found once: a compiled step's replays call the kernel straight. (As one dispatch
     * method called on every operator, the JIT compiled the dispatcher with the kernels inlined, 46-54 KB of code, twice
     * per W1 run: 0.7 s of the compiler's time in the first seconds of training, while the kernels waited for theirs.)
     */
    @Override
    public Kernel kernel(String op, Map<String, Object> a, int outputs) {
        if (UNARY.contains(op)) {
            return one(op, 1, in -> ElementwiseKernels.unary(op, a, in[0]));
        }
        if (op.equals("Mod")) {
            return one(op, 2, in -> ElementwiseKernels.mod(a, in[0], in[1]));
        }
        if (BINARY.contains(op)) {
            return one(op, 2, in -> ElementwiseKernels.binary(op, in[0], in[1]));
        }
        if (REDUCE.contains(op)) {
            return one(op, 1, in -> ReductionKernels.reduce(op, a, in[0], opt(in, 1)));
        }
        return switch (op) {
            case "TopK" -> many(op, 2, in -> IndexKernels.topK(in[0], in[1], a));
            case "MaxPool" -> many(op, 1, in -> ConvKernels.maxPool(a, in[0], outputs > 1));
            case OptimizerOps.RMSPROP_UPDATE -> many(op, 0, in -> OptimizerKernels.rmsprop(a, in));
            case OptimizerOps.ADAM_UPDATE -> many(op, 0, in -> OptimizerKernels.adam(a, in));
            case "Identity" -> one(op, 1, in -> in[0].view(in[0].shape().clone()));
            case "Max", "Min" -> one(op, 0, in -> ElementwiseKernels.variadic(op, in));
            case "Where" -> one(op, 3, in -> ElementwiseKernels.where(in[0], in[1], in[2]));
            case "Clip" -> one(op, 1, in -> ElementwiseKernels.clip(in[0], opt(in, 1), opt(in, 2)));
            case "Cast" -> one(op, 1, in -> ElementwiseKernels.cast(in[0], a));
            case "Softmax" -> one(op, 1, in -> ElementwiseKernels.softmax(in[0], a, false));
            case "LogSoftmax" -> one(op, 1, in -> ElementwiseKernels.softmax(in[0], a, true));
            case "MatMul" -> one(op, 2, in -> LinalgKernels.matmul(in[0], in[1], matrixKernels));
            case "Gemm" -> one(op, 2, in -> LinalgKernels.gemmOp(a, in[0], in[1], opt(in, 2), matrixKernels));
            case "Transpose" -> one(op, 1, in -> ShapeKernels.transpose(in[0], a));
            case "Reshape" -> one(op, 2, in -> ShapeKernels.reshape(in[0], in[1], a));
            case "Expand" -> one(op, 2, in -> ShapeKernels.expand(in[0], in[1]));
            case "Concat" -> one(op, 0, in -> ShapeKernels.concat(a, in));
            case "Slice" -> one(op, 3, in -> ShapeKernels.slice(in[0], in[1], in[2], opt(in, 3), opt(in, 4)));
            case "Gather" -> one(op, 2, in -> IndexKernels.gather(in[0], in[1], a));
            case "GatherElements" -> one(op, 2, in -> IndexKernels.gatherElements(in[0], in[1], a));
            case "ScatterElements" -> one(op, 3, in -> IndexKernels.scatterElements(in[0], in[1], in[2], a));
            case "Flatten" -> one(op, 1, in -> ShapeKernels.flatten(in[0], a));
            case "Squeeze" -> one(op, 1, in -> ShapeKernels.squeeze(in[0], opt(in, 1)));
            case "Unsqueeze" -> one(op, 2, in -> ShapeKernels.unsqueeze(in[0], in[1]));
            case "Tile" -> one(op, 2, in -> ShapeKernels.tile(in[0], in[1]));
            case "Range" -> one(op, 3, in -> ShapeKernels.range(in[0], in[1], in[2]));
            case "Pad" -> one(op, 2, in -> ShapeKernels.pad(in[0], in[1], opt(in, 2), a));
            case "ArgMax", "ArgMin" -> one(op, 1, in -> ReductionKernels.argExtreme(op, a, in[0]));
            case "OneHot" -> one(op, 3, in -> IndexKernels.oneHot(in[0], in[1], in[2], a));
            case "CumSum" -> one(op, 2, in -> IndexKernels.cumSum(in[0], in[1], a));
            case "Conv" -> one(op, 2, in -> ConvKernels.conv(a, in[0], in[1], opt(in, 2), matrixKernels));
            case "AveragePool" -> one(op, 1, in -> ConvKernels.averagePool(a, in[0]));
            case "GlobalMaxPool", "GlobalAveragePool" -> one(op, 1, in -> ConvKernels.globalPool(op, in[0]));
            case GradientOps.CONV_GRAD_INPUT -> one(op, 2, in -> ConvKernels.convGradInput(a, in[0], in[1], matrixKernels));
            case GradientOps.CONV_GRAD_FILTER -> one(op, 2, in -> ConvKernels.convGradFilter(a, in[0], in[1], matrixKernels));
            case GradientOps.RELU_GRAD -> one(op, 2, in -> ElementwiseKernels.reluGrad(in[0], in[1]));
            case GradientOps.MAX_POOL_GRAD -> one(op, 2, in -> ConvKernels.maxPoolGrad(a, in[0], in[1]));
            case GradientOps.AVERAGE_POOL_GRAD -> one(op, 1, in -> ConvKernels.averagePoolGrad(a, in[0]));
            default -> throw new UnsupportedOpException(name, op, null);
        };
    }

    /** A kernel of one output: checks the inputs (the first {@code n} present), then runs {@code body}. */
    private static Kernel one(String op, int n, Function<JavaArray[], JavaArray> body) {
        return inputs -> new BackendArray[] {body.apply(checked(op, inputs, n))};
    }

    /** A kernel of several outputs: checks the inputs (the first {@code n} present), then runs {@code body}. */
    private static Kernel many(String op, int n, Function<JavaArray[], BackendArray[]> body) {
        return inputs -> body.apply(checked(op, inputs, n));
    }

    /** The inputs as this backend's arrays, after checking that they are and that the first {@code n} are there. */
    private static JavaArray[] checked(String op, BackendArray[] inputs, int n) {
        JavaArray[] in = new JavaArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && !(inputs[i] instanceof JavaArray)) {
                throw new InvalidArgumentException("Operator `" + op + "` got an array of another backend ("
                        + inputs[i].getClass().getName() + "). Expected java backend arrays.");
            }
            in[i] = (JavaArray) inputs[i];
        }
        need(op, in, n);
        return in;
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
