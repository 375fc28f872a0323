package dev.kiln.runtime;

import dev.kiln.api.DType;
import dev.kiln.api.GradientTape;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.layers.SymbolicTensor;
import dev.kiln.api.registry.Registry;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.api.spi.ModelEngine;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.Kernel;
import dev.kiln.backend.spi.TensorScope;
import dev.kiln.runtime.internal.autodiff.Tape;
import dev.kiln.runtime.internal.engine.Trainer;
import dev.kiln.runtime.internal.registry.DefaultRegistry;
import dev.kiln.runtime.internal.tensor.Backends;
import dev.kiln.runtime.internal.tensor.AliasTensor;
import dev.kiln.runtime.internal.tensor.OpFallback;
import dev.kiln.runtime.internal.tensor.EagerTensor;
import dev.kiln.runtime.internal.tensor.EagerVariable;
import dev.kiln.runtime.internal.tensor.LazyTransposeTensor;
import dev.kiln.runtime.internal.trace.Recorder;
import dev.kiln.runtime.internal.trace.TraceBackend;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Kiln's runtime: eager tensors on the chosen backend, the gradient tape, the registry fed by ServiceLoader, and the
 * trainer. Found by {@code KilnRuntime.get()} through ServiceLoader on a plain class path; the host installs it.
 *
 * <pre>{@code
 * KilnRuntime.install(new DefaultKilnRuntime());   // optional: ServiceLoader finds it anyway
 * }</pre>
 */
public final class DefaultKilnRuntime implements KilnRuntime {
    private volatile Backend backend;
    private volatile DefaultRegistry registry;
    private final Trainer trainer = new Trainer(new TraceKernels());
    private final OpFallback fallback = new OpFallback(DefaultKilnRuntime.class.getClassLoader());
    private SplittableRandom random = new SplittableRandom(Long.getLong("kiln.seed", System.nanoTime()));

    public DefaultKilnRuntime() {}

    /** A runtime on a given backend (tests, the host). */
    public DefaultKilnRuntime(Backend backend) { this.backend = backend; }

    /** The backend in use, started on first need. */
    public Backend backend() {
        Backend b = backend;
        if (b == null) {
            synchronized (this) {
                if (backend == null) {
                    backend = Backends.choose(DefaultKilnRuntime.class.getClassLoader());
                }
                b = backend;
            }
        }
        return b;
    }

    @Override
    public Registry registry() {
        DefaultRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    DefaultRegistry fresh = new DefaultRegistry();
                    fresh.loadServices(DefaultKilnRuntime.class.getClassLoader());
                    ClassLoader context = Thread.currentThread().getContextClassLoader();
                    if (context != null && context != DefaultKilnRuntime.class.getClassLoader()) {
                        fresh.loadServices(context);
                    }
                    registry = fresh;
                }
                r = registry;
            }
        }
        return r;
    }

    @Override
    public ModelEngine modelEngine() { return trainer; }

    @Override
    public String backendName() { return backend().name(); }

    // ----------------------------------------------------------------------------------------- tensors

    /** Wraps a fresh backend array as a tensor owned by the current scope. */
    public static EagerTensor wrap(BackendArray a) {
        TensorScope.register(a);
        return new EagerTensor(a);
    }

    private BackendArray unwrap(Tensor t, String op, int index) {
        if (t == null) {
            return null;
        }
        if (t instanceof EagerTensor e) {
            BackendArray a = e.array();
            if (e instanceof EagerVariable v) {
                Recorder r = Recorder.active();
                if (r != null) {
                    r.readVariable(v, a);
                }
            }
            return a;
        }
        if (t instanceof SymbolicTensor s) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` got a symbolic tensor ("
                    + s.describe() + ") as input " + index + ".", "eager tensors with values", "a functional-model placeholder",
                    "wrap the computation in a Layer and apply the layer to the placeholder"));
        }
        // A tensor implemented elsewhere: copy its values onto this backend.
        return copyOf(t);
    }

    private BackendArray copyOf(Tensor t) {
        int[] dims = t.shape().dims();
        Object data = switch (t.dtype()) {
            case FLOAT32 -> t.toFloatArray();
            case FLOAT64 -> t.toDoubleArray();
            case INT32 -> t.toIntArray();
            case INT64 -> t.toLongArray();
            case BOOL -> t.toBooleanArray();
        };
        BackendArray a = backend().fromArray(data, dims, t.dtype());
        TensorScope.register(a);
        recordConstant(a);
        return a;
    }

    @Override
    public Tensor[] execute(String opType, Map<String, Object> attributes, Tensor... inputs) {
        return execute(opType, attributes, Integer.MAX_VALUE, inputs);
    }

    /** One output asked for: the backend may skip the optional others (MaxPool's Indices). */
    @Override
    public Tensor op(String opType, Map<String, Object> attributes, Tensor... inputs) {
        return execute(opType, attributes, 1, inputs)[0];
    }

    private Tensor[] execute(String opType, Map<String, Object> attributes, int outputs, Tensor... inputs) {
        int[] perm = null;
        if (opType.equals("Transpose") && inputs.length == 1 && inputs[0] instanceof EagerTensor e && !(e instanceof EagerVariable)) {
            perm = permutation(attributes, e.shape().rank());
            EagerTensor source = e.transposedFrom();
            if (perm != null && source != null && !(source instanceof EagerVariable) && source.isLive() && undoes(e.transposePerm(), perm)) {
                // Channels-last layers transpose to NCHW and back around every ONNX Conv/Pool: the pair cancels.
                return recorded(opType, attributes, inputs, new AliasTensor(source.array()));
            }
            if (perm != null && isPermutation(perm)) {
                // Computed when read: the next channels-last layer usually undoes it (above) without reading it.
                int[] in = e.shape().dims();
                int[] out = new int[perm.length];
                for (int i = 0; i < perm.length; i++) {
                    out[i] = in[perm[i]];
                }
                LazyTransposeTensor lazy = new LazyTransposeTensor(Shape.of(out), e, a -> run(opType, attributes, 1, a)[0]);
                lazy.markTransposeOf(e, perm);
                return recorded(opType, attributes, inputs, lazy);
            }
        }
        BackendArray[] outs = run(opType, attributes, outputs, inputs);
        Tensor[] result = new Tensor[outs.length];
        for (int i = 0; i < outs.length; i++) {
            result[i] = wrap(outs[i]);
        }
        if (perm != null) {
            ((EagerTensor) result[0]).markTransposeOf((EagerTensor) inputs[0], perm);
        }
        if (opType.equals("Softmax") && inputs.length == 1 && inputs[0] instanceof EagerTensor logits && !(logits instanceof EagerVariable)) {
            // Kept for cross-entropy from logits (softmaxLogits); a variable's value could change before it is read.
            int rank = logits.shape().rank();
            long axis = dev.kiln.backend.spi.Attributes.getInt(attributes, "axis", -1);
            if (rank > 0 && axis >= -rank && axis < rank) {
                ((EagerTensor) result[0]).markSoftmaxOf(logits, (int) (axis < 0 ? axis + rank : axis));
            }
        }
        return recorded(opType, attributes, inputs, result);
    }

    /** {@code result}, recorded on the open tapes. */
    private static Tensor[] recorded(String opType, Map<String, Object> attributes, Tensor[] inputs, Tensor... result) {
        if (Tape.isRecording()) {
            Tape.record(opType, attributes, inputs, result);
        }
        return result;
    }

    @Override
    public Tensor softmaxLogits(Tensor probabilities, int axis) {
        if (!(probabilities instanceof EagerTensor e)) {
            return null;
        }
        int rank = e.shape().rank();
        return rank == 0 || axis < -rank || axis >= rank ? null : e.softmaxOf(axis < 0 ? axis + rank : axis);
    }

    @Override
    public boolean hasKernel(String opType) { return backend().supportedOps().contains(opType); }

    @Override
    public void assignOutputs(String opType, Map<String, Object> attributes, List<? extends Variable> targets, Tensor... inputs) {
        for (Variable v : targets) {
            if (!(v instanceof EagerVariable)) {
                KilnRuntime.super.assignOutputs(opType, attributes, targets, inputs); // another runtime's variables: by value
                return;
            }
        }
        BackendArray[] outs = run(opType, attributes, targets.size(), inputs);
        if (outs.length < targets.size()) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + opType + "` has fewer outputs than variables "
                    + "to assign.", targets.size() + " outputs", outs.length, null));
        }
        // The outputs are in no scope and no tensor holds them: the variables take them as they are (all checked
        // first, so that a mismatch changes none).
        for (int i = 0; i < targets.size(); i++) {
            ((EagerVariable) targets.get(i)).checkAdoptable(outs[i]);
        }
        for (int i = 0; i < outs.length; i++) {
            if (i < targets.size()) {
                ((EagerVariable) targets.get(i)).adopt(outs[i]);
            } else {
                outs[i].close();
            }
        }
    }

    /** {@link #run(String, Map, int, BackendArray...)} on the tensors' arrays. */
    private BackendArray[] run(String opType, Map<String, Object> attributes, int outputs, Tensor[] inputs) {
        BackendArray[] arrays = new BackendArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            arrays[i] = unwrap(inputs[i], opType, i);
        }
        return run(opType, attributes, outputs, arrays);
    }

    /**
     * Runs {@code opType} on the backend, or on the java backend where it lacks the operator; the first {@code outputs}
     * are read. Every kernel an eager step runs passes here, which is where a compiled step's trace records it.
     */
    private BackendArray[] run(String opType, Map<String, Object> attributes, int outputs, BackendArray... arrays) {
        Backend b = backend();
        BackendArray[] outs = b.supportedOps().contains(opType) ? b.execute(opType, attributes, outputs, arrays)
                : fallback.execute(b, opType, attributes, arrays);
        Recorder r = Recorder.active();
        if (r != null) {
            r.call(opType, attributes, outputs, arrays, outs);
        }
        return outs;
    }

    /** A tensor over an array the caller made from host values: a constant of the step being traced, if any. */
    private Tensor constant(BackendArray a) {
        recordConstant(a);
        return wrap(a);
    }

    private static void recordConstant(BackendArray a) {
        Recorder r = Recorder.active();
        if (r != null) {
            r.constant(a);
        }
    }

    /** The runtime's side of compiled steps: replays run the kernels {@link #run} would run, resolved once per trace. */
    private final class TraceKernels implements TraceBackend {
        @Override
        public Kernel kernel(String opType, Map<String, Object> attributes, int outputs) {
            Backend b = backend();
            return b.supportedOps().contains(opType) ? b.kernel(opType, attributes, outputs)
                    : inputs -> fallback.execute(b, opType, attributes, inputs);
        }

        @Override
        public BackendArray random(Distribution distribution, int[] shape, double a, double b, DType dtype) {
            return randomArray(distribution, Shape.of(shape), a, b, dtype);
        }

        @Override
        public BackendArray copy(BackendArray array) { return backend().execute("Identity", Map.of(), array)[0]; }
    }

    @Override
    public void hostCallback(Tensor value, Consumer<Tensor> callback) {
        Recorder r = Recorder.active();
        if (r != null && value instanceof EagerTensor e) {
            r.hostCall(e, callback);
        } else {
            callback.accept(value);
        }
    }

    /** True when {@code perm} holds each axis once (an invalid one runs eagerly, so that the backend reports it at once). */
    private static boolean isPermutation(int[] perm) {
        boolean[] seen = new boolean[perm.length];
        for (int p : perm) {
            if (p < 0 || p >= perm.length || seen[p]) {
                return false;
            }
            seen[p] = true;
        }
        return true;
    }

    /** Transpose's permutation (ONNX default: reversed axes). */
    private static int[] permutation(Map<String, Object> attributes, int rank) {
        long[] p = dev.kiln.backend.spi.Attributes.getInts(attributes, "perm", null);
        if (p != null && p.length != rank) {
            return null; // invalid: the backend reports it
        }
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = p == null ? rank - 1 - i : (int) p[i];
        }
        return perm;
    }

    /** True when transposing by {@code first} and then by {@code second} gives back the original axis order. */
    private static boolean undoes(int[] first, int[] second) {
        if (first == null || first.length != second.length) {
            return false;
        }
        for (int i = 0; i < second.length; i++) {
            if (second[i] < 0 || second[i] >= first.length || first[second[i]] != i) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Tensor create(Object data, Shape shape, DType dtype) {
        return constant(backend().fromArray(data, shape.dims(), dtype));
    }

    @Override
    public Tensor adopt(Object data, Shape shape, DType dtype) {
        return constant(backend().adoptArray(data, shape.dims(), dtype));
    }

    @Override
    public Tensor full(Shape shape, double value, DType dtype) {
        if (!shape.isFullyDefined()) {
            throw new InvalidArgumentException(KilnException.message("Cannot create a tensor of an unknown shape.",
                    "a fully defined shape", shape, "give every dimension a size"));
        }
        return constant(backend().full(shape.dims(), value, dtype));
    }

    @Override
    public Tensor random(Distribution distribution, Shape shape, double a, double b, DType dtype) {
        BackendArray array = randomArray(distribution, shape, a, b, dtype);
        Recorder r = Recorder.active();
        if (r != null) {
            r.random(array, distribution, shape.dims(), a, b, dtype);
        }
        return wrap(array);
    }

    /** Draws from the runtime's generator into a fresh array (no scope owns it yet). */
    private synchronized BackendArray randomArray(Distribution distribution, Shape shape, double a, double b, DType dtype) {
        if (!dtype.isFloating()) {
            throw new InvalidArgumentException(KilnException.message("Random tensors must be floating point.", "float32 or float64", dtype, null));
        }
        long n = shape.size();
        if (n > Integer.MAX_VALUE) {
            throw new InvalidArgumentException(KilnException.message("Random tensor too large.", "at most " + Integer.MAX_VALUE
                    + " elements", n, "use a smaller shape"));
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (distribution) {
                case UNIFORM -> a + (b - a) * random.nextDouble();
                case NORMAL -> a + b * random.nextGaussian();
                case TRUNCATED_NORMAL -> {
                    double z;
                    do {
                        z = random.nextGaussian();
                    } while (Math.abs(z) > 2);
                    yield a + b * z;
                }
            };
        }
        if (dtype == DType.FLOAT64) {
            return backend().fromArray(v, shape.dims(), dtype);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return backend().fromArray(f, shape.dims(), dtype);
    }

    @Override
    public Variable variable(Tensor initial, String name, boolean trainable) {
        if (initial == null) {
            throw new InvalidArgumentException(KilnException.message("A variable needs an initial value.", "a tensor", "null", null));
        }
        if (initial.isSymbolic()) {
            throw new IllegalStateKilnException("Variable `" + name + "` cannot be initialised from a symbolic tensor. "
                    + "Expected a tensor with values. To fix: use an Initializer.");
        }
        Recorder r = Recorder.active();
        if (r != null) {
            r.fail("variable `" + name + "` was created", true); // layers build on their first call: the next one may trace
        }
        return new EagerVariable(privateCopy(initial), name, trainable, this::privateCopy);
    }

    /** A copy of {@code t}'s values that no scope owns (for variables). */
    private BackendArray privateCopy(Tensor t) {
        BackendArray src = unwrap(t, "Identity", 0);
        return run("Identity", Map.of(), 1, src)[0];
    }

    @Override
    public GradientTape openTape(boolean persistent) { return new Tape(persistent); }

    @Override
    public synchronized void setSeed(long seed) {
        failTrace("the random seed was set");
        random = new SplittableRandom(seed);
    }

    @Override
    public synchronized long nextSeed() {
        failTrace("a random seed was drawn");
        return random.nextLong();
    }

    /** A step that draws seeds or reseeds on the host cannot be replayed. */
    private static void failTrace(String why) {
        Recorder r = Recorder.active();
        if (r != null) {
            r.fail(why, false);
        }
    }
}
