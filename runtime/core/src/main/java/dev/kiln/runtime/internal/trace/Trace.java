package dev.kiln.runtime.internal.trace;

import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.spi.KilnRuntime.Distribution;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.Kernel;
import dev.kiln.backend.spi.TensorScope;
import dev.kiln.runtime.internal.tensor.AliasTensor;
import dev.kiln.runtime.internal.tensor.EagerTensor;
import dev.kiln.runtime.internal.tensor.EagerVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The kernel sequence one call of a region ran, recorded by a {@link Recorder}: which kernel ran on which values
 * (slots), which variables were read and written, which constants and random draws were made and which host
 * callbacks ran. {@link #replay} runs the same sequence on new input arrays without the Java code that produced it:
 * no layers, no tape, no gradient rules, no tensor wrappers.
 */
public final class Trace implements AutoCloseable {
    private final int feeds;
    private final int slots;
    private final Node[] nodes;
    /** What {@link #replay} runs: {@link #nodes} after the {@link Rewrites} that keep the values. */
    private final Node[] plan;
    private final int[] outputs;
    /** Per output: whether the region made its array (the caller's to free) rather than lending it. */
    private final boolean[] owned;
    private final List<BackendArray> constants;
    /** The kernels of {@link #plan}'s calls, resolved on the first replay (null for other nodes). */
    private volatile Resolved resolved;

    private record Resolved(TraceBackend backend, Kernel[] kernels) {}

    Trace(int feeds, int slots, List<Node> nodes, int[] outputs, boolean[] owned, List<BackendArray> constants) {
        this.feeds = feeds;
        this.slots = slots;
        this.nodes = nodes.toArray(new Node[0]);
        this.outputs = outputs;
        this.plan = Rewrites.optimize(this.nodes, slots, outputs);
        this.owned = owned;
        this.constants = constants;
    }

    /** Number of kernel calls (for tests and logs). */
    public int kernelCalls() { return kernels().size(); }

    /** The operators a replay runs, in order (for tests and logs). */
    public List<String> kernels() { return Arrays.stream(plan).filter(n -> n instanceof Call).map(n -> ((Call) n).op()).toList(); }

    /**
     * Runs the recorded sequence on {@code feedArrays} (the region's inputs, in the traced order). Kernel outputs and
     * random draws belong to the current scope, as in an eager step, except those a variable takes.
     */
    public List<Tensor> replay(BackendArray[] feedArrays, TraceBackend backend) {
        if (feedArrays.length != feeds) {
            throw new IllegalStateKilnException("A compiled step got " + feedArrays.length + " inputs. Expected " + feeds
                    + ". To fix: report this; as a workaround compile with runEagerly(true).");
        }
        BackendArray[] s = new BackendArray[slots];
        System.arraycopy(feedArrays, 0, s, 0, feeds);
        Kernel[] kernels = kernels(backend);
        for (int i = 0; i < plan.length; i++) {
            Node n = plan[i];
            if (n instanceof Call c) {
                c.replay(s, kernels[i]);
            } else {
                n.replay(s, backend);
            }
        }
        List<Tensor> out = new ArrayList<>(outputs.length);
        for (int i = 0; i < outputs.length; i++) {
            // Arrays the step made are the caller's (closing the tensor frees them); inputs, constants and
            // variables' values are only lent.
            int slot = outputs[i];
            out.add(slot < 0 ? null : owned[i] ? new EagerTensor(s[slot]) : new AliasTensor(s[slot]));
        }
        return out;
    }

    private Kernel[] kernels(TraceBackend backend) {
        Resolved r = resolved;
        if (r == null || r.backend != backend) {
            Kernel[] k = new Kernel[plan.length];
            for (int i = 0; i < plan.length; i++) {
                if (plan[i] instanceof Call c) {
                    k[i] = backend.kernel(c.op(), c.attributes(), c.outputCount());
                }
            }
            r = new Resolved(backend, k);
            resolved = r;
        }
        return r.kernels;
    }

    /** Whether {@code other} ran the same kernels with the same attributes, constants and data flow. */
    public boolean sameAs(Trace other) {
        if (other.feeds != feeds || other.slots != slots || other.nodes.length != nodes.length || !Arrays.equals(other.outputs, outputs)) {
            return false;
        }
        for (int i = 0; i < nodes.length; i++) {
            if (!nodes[i].sameAs(other.nodes[i])) {
                return false;
            }
        }
        return true;
    }

    /** Frees the constants' copies. */
    @Override
    public void close() {
        for (BackendArray c : constants) {
            c.close();
        }
        constants.clear();
    }

    // ----------------------------------------------------------------------------------------- nodes

    interface Node {
        void replay(BackendArray[] s, TraceBackend backend);

        boolean sameAs(Node other);
    }

    record Call(String op, Map<String, Object> attributes, int outputCount, int[] in, int[] out) implements Node {
        @Override
        public void replay(BackendArray[] s, TraceBackend backend) { replay(s, backend.kernel(op, attributes, outputCount)); }

        /**
         * Runs the call with {@code kernel}, resolved for it. A replay calls no recorder: no region is replayed while
         * another records (the trainer runs it eagerly then).
         */
        void replay(BackendArray[] s, Kernel kernel) {
            BackendArray[] args = new BackendArray[in.length];
            for (int i = 0; i < in.length; i++) {
                args[i] = in[i] < 0 ? null : s[in[i]];
            }
            BackendArray[] results = kernel.run(args);
            if (results.length != out.length) {
                for (BackendArray r : results) {
                    r.close();
                }
                throw new IllegalStateKilnException("Operator `" + op + "` returned " + results.length + " outputs in a compiled step. "
                        + "Expected " + out.length + ", as when it was traced. To fix: compile with runEagerly(true).");
            }
            for (int i = 0; i < out.length; i++) {
                BackendArray r = results[i];
                s[out[i]] = r;
                if (!isOneOf(r, args)) {
                    TensorScope.register(r);
                }
            }
        }

        private static boolean isOneOf(BackendArray a, BackendArray[] args) {
            for (BackendArray x : args) {
                if (x == a) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean sameAs(Node other) {
            return other instanceof Call c && c.op.equals(op) && c.outputCount == outputCount && Arrays.equals(c.in, in)
                    && Arrays.equals(c.out, out) && sameAttributes(c.attributes, attributes);
        }

        static boolean sameAttributes(Map<String, Object> a, Map<String, Object> b) {
            if (a == b) {
                return true;
            }
            if (a == null || b == null || a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, Object> e : a.entrySet()) {
                if (!b.containsKey(e.getKey()) || !Objects.deepEquals(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    record ReadVariable(EagerVariable variable, int slot) implements Node {
        @Override
        public void replay(BackendArray[] s, TraceBackend backend) { s[slot] = variable.array(); }

        @Override
        public boolean sameAs(Node other) { return other instanceof ReadVariable r && r.variable == variable && r.slot == slot; }
    }

    record Write(EagerVariable variable, int slot) implements Node {
        @Override
        public void replay(BackendArray[] s, TraceBackend backend) {
            TensorScope.detach(s[slot]);
            variable.adopt(s[slot]);
        }

        @Override
        public boolean sameAs(Node other) { return other instanceof Write w && w.variable == variable && w.slot == slot; }
    }

    record Constant(int slot, BackendArray value) implements Node {
        @Override
        public void replay(BackendArray[] s, TraceBackend backend) { s[slot] = value; }

        @Override
        public boolean sameAs(Node other) {
            return other instanceof Constant c && c.slot == slot && sameValues(c.value, value);
        }

        private static boolean sameValues(BackendArray a, BackendArray b) {
            if (a.dtype() != b.dtype() || !Arrays.equals(a.shape(), b.shape())) {
                return false;
            }
            return switch (a.dtype()) {
                case FLOAT32 -> Arrays.equals(a.toFloatArray(), b.toFloatArray());
                case FLOAT64 -> Arrays.equals(a.toDoubleArray(), b.toDoubleArray());
                case INT32 -> Arrays.equals(a.toIntArray(), b.toIntArray());
                case INT64 -> Arrays.equals(a.toLongArray(), b.toLongArray());
                case BOOL -> Arrays.equals(a.toBooleanArray(), b.toBooleanArray());
            };
        }
    }

    record Random(int slot, Distribution distribution, int[] shape, double a, double b, DType dtype) implements Node {
        @Override
        public void replay(BackendArray[] s, TraceBackend backend) {
            BackendArray r = backend.random(distribution, shape, a, b, dtype);
            TensorScope.register(r);
            s[slot] = r;
        }

        @Override
        public boolean sameAs(Node other) {
            return other instanceof Random r && r.slot == slot && r.distribution == distribution && Arrays.equals(r.shape, shape)
                    && Double.compare(r.a, a) == 0 && Double.compare(r.b, b) == 0 && r.dtype == dtype;
        }
    }

    /** A host callback: its code ran when traced and runs again, on the new values, at the same point of each replay. */
    record HostCall(int slot, Consumer<Tensor> callback) implements Node {
        @Override
        public void replay(BackendArray[] s, TraceBackend backend) { callback.accept(new AliasTensor(s[slot])); }

        @Override
        public boolean sameAs(Node other) { return other instanceof HostCall h && h.slot == slot; }
    }
}
