package dev.kiln.backend.nd4j.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.Capability;
import dev.kiln.backend.spi.UnsupportedOpException;
import java.lang.reflect.Array;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The ND4J backend: checks inputs and dispatches ONNX operators to {@link Nd4jKernels} or {@link HostKernels}. */
public final class Nd4jBackend implements Backend {
    public static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(Capability.TRAINING, Capability.FLOAT64));

    static final Set<String> UNARY = Set.of("Neg", "Abs", "Exp", "Log", "Sqrt", "Reciprocal", "Sign", "Floor", "Ceil", "Round",
            "Relu", "Sigmoid", "Tanh", "Erf", "Softplus", "Softsign", "Sin", "Cos", "Elu", "Selu", "LeakyRelu", "HardSigmoid",
            "IsNaN", "IsInf", "Not");
    static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Mod", "Equal", "Less", "LessOrEqual",
            "Greater", "GreaterOrEqual", "And", "Or", "Xor");
    static final Set<String> REDUCE = Set.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
            "ReduceSumSquare", "ReduceL2", "ReduceLogSumExp");
    static final Set<String> OTHER = Set.of("Identity", "Max", "Min", "Where", "Clip", "Cast", "Softmax", "LogSoftmax",
            "MatMul", "Gemm", "Transpose", "Reshape", "Expand", "Concat", "Slice", "Gather", "GatherElements", "ScatterElements",
            "Flatten", "Squeeze", "Unsqueeze", "Tile", "Range", "Pad", "ArgMax", "ArgMin", "OneHot", "TopK", "CumSum",
            "GlobalAveragePool", "GlobalMaxPool");
    static final Set<String> ALL;

    static {
        Set<String> all = new TreeSet<>();
        all.addAll(UNARY);
        all.addAll(BINARY);
        all.addAll(REDUCE);
        all.addAll(OTHER);
        ALL = Collections.unmodifiableSet(all);
    }

    @Override
    public String name() { return "nd4j"; }

    @Override
    public Set<Capability> capabilities() { return CAPABILITIES; }

    @Override
    public Set<String> supportedOps() { return ALL; }

    @Override
    public BackendArray fromArray(Object data, int[] shape, DType dtype) {
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
        long n = Mem.checkedSize(shape, dtype);
        if (Array.getLength(data) != n) {
            throw new InvalidArgumentException(KilnException.message("Data length does not match shape " + Mem.str(shape) + ".",
                    n + " elements", Array.getLength(data) + " elements", null));
        }
        return new Nd4jArray(Mem.create(data, shape, dtype));
    }

    @Override
    public BackendArray full(int[] shape, double value, DType dtype) {
        Mem.checkedSize(shape, dtype);
        return new Nd4jArray(Mem.full(shape, value, dtype));
    }

    @Override
    public BackendArray[] execute(String op, Map<String, Object> attrs, BackendArray... inputs) {
        if (!ALL.contains(op)) {
            throw new UnsupportedOpException("nd4j", op, null);
        }
        Nd4jArray[] in = new Nd4jArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && !(inputs[i] instanceof Nd4jArray)) {
                throw new InvalidArgumentException("Operator `" + op + "` got an array of another backend ("
                        + inputs[i].getClass().getName() + "). Expected nd4j backend arrays.");
            }
            in[i] = (Nd4jArray) inputs[i];
            if (in[i] != null && in[i].isClosed()) {
                throw new InvalidArgumentException("Operator `" + op + "`: input " + i + " was already closed.");
            }
        }
        if (op.equals("TopK")) {
            need(op, in, 2);
            return HostKernels.topK(in[0], in[1], attrs);
        }
        return new BackendArray[] {run(op, attrs, in)};
    }

    private static Nd4jArray run(String op, Map<String, Object> a, Nd4jArray[] in) {
        if (UNARY.contains(op)) {
            need(op, in, 1);
            return Nd4jKernels.unary(op, a, in[0]);
        }
        if (op.equals("Mod")) {
            need(op, in, 2);
            return HostKernels.mod(a, in[0], in[1]);
        }
        if (BINARY.contains(op)) {
            need(op, in, 2);
            return Nd4jKernels.binary(op, in[0], in[1]);
        }
        if (REDUCE.contains(op)) {
            need(op, in, 1);
            return Nd4jKernels.reduce(op, a, in[0], opt(in, 1));
        }
        switch (op) {
            case "Identity": need(op, in, 1); return Nd4jKernels.identity(in[0]);
            case "Max":
            case "Min": return Nd4jKernels.variadic(op, in);
            case "Where": need(op, in, 3); return Nd4jKernels.where(in[0], in[1], in[2]);
            case "Clip": need(op, in, 1); return Nd4jKernels.clip(in[0], opt(in, 1), opt(in, 2));
            case "Cast": need(op, in, 1); return Nd4jKernels.cast(in[0], a);
            case "Softmax": need(op, in, 1); return Nd4jKernels.softmax(in[0], a, false);
            case "LogSoftmax": need(op, in, 1); return Nd4jKernels.softmax(in[0], a, true);
            case "MatMul": need(op, in, 2); return Nd4jKernels.matmul(in[0], in[1]);
            case "Gemm": need(op, in, 2); return Nd4jKernels.gemmOp(a, in[0], in[1], opt(in, 2));
            case "Transpose": need(op, in, 1); return Nd4jKernels.transpose(in[0], a);
            case "Reshape": need(op, in, 2); return Nd4jKernels.reshape(in[0], in[1], a);
            case "Expand": need(op, in, 2); return Nd4jKernels.expand(in[0], in[1]);
            case "Concat": return Nd4jKernels.concat(a, in);
            case "Slice": need(op, in, 3); return Nd4jKernels.slice(in[0], in[1], in[2], opt(in, 3), opt(in, 4));
            case "Gather": need(op, in, 2); return Nd4jKernels.gather(in[0], in[1], a);
            case "GatherElements": need(op, in, 2); return HostKernels.gatherElements(in[0], in[1], a);
            case "ScatterElements": need(op, in, 3); return HostKernels.scatterElements(in[0], in[1], in[2], a);
            case "Flatten": need(op, in, 1); return Nd4jKernels.flatten(in[0], a);
            case "Squeeze": need(op, in, 1); return Nd4jKernels.squeeze(in[0], opt(in, 1), a);
            case "Unsqueeze": need(op, in, 1); return Nd4jKernels.unsqueeze(in[0], opt(in, 1), a);
            case "Tile": need(op, in, 2); return Nd4jKernels.tile(in[0], in[1]);
            case "Range": need(op, in, 3); return HostKernels.range(in[0], in[1], in[2]);
            case "Pad": need(op, in, 2); return HostKernels.pad(in[0], in[1], opt(in, 2), opt(in, 3), a);
            case "ArgMax":
            case "ArgMin": need(op, in, 1); return HostKernels.argExtreme(op, a, in[0]);
            case "OneHot": need(op, in, 3); return HostKernels.oneHot(in[0], in[1], in[2], a);
            case "CumSum": need(op, in, 2); return HostKernels.cumSum(in[0], in[1], a);
            case "GlobalAveragePool":
            case "GlobalMaxPool": need(op, in, 1); return Nd4jKernels.globalPool(op, in[0]);
            default: throw new UnsupportedOpException("nd4j", op, null);
        }
    }

    private static Nd4jArray opt(Nd4jArray[] in, int i) { return i < in.length ? in[i] : null; }

    private static void need(String op, Nd4jArray[] in, int n) {
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
