package dev.kiln.runtime.internal.trace;

import dev.kiln.api.DType;
import dev.kiln.api.Tensor;
import dev.kiln.api.spi.KilnRuntime.Distribution;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.runtime.internal.tensor.EagerTensor;
import dev.kiln.runtime.internal.tensor.EagerVariable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Watches one eager call of a region on this thread and records what a {@link Trace} needs to replay it. The runtime
 * reports every kernel it runs, every constant and random array it makes, every variable it reads or writes and every
 * host read; a host read of a value the region computed (or of a variable) makes the trace unusable, since the Java
 * code that read it may decide what runs next. Values read in a {@link #hostCall host callback} are fine: the
 * callback runs again on each replay.
 */
public final class Recorder {
    private static final ThreadLocal<Recorder> ACTIVE = new ThreadLocal<>();

    private final TraceBackend backend;
    private final int feeds;
    private final IdentityHashMap<BackendArray, Integer> slotOf = new IdentityHashMap<>();
    /** Slots whose values change from call to call (inputs, kernel outputs, variables, random draws). */
    private final BitSet varying = new BitSet();
    /** Slots of arrays the region made (kernel outputs, random draws) that no variable took. */
    private final BitSet scoped = new BitSet();
    private final List<Trace.Node> nodes = new ArrayList<>();
    private final List<BackendArray> constants = new ArrayList<>();
    private int slots;
    private int paused;
    private String failure;
    private boolean retry;

    private Recorder(TraceBackend backend, BackendArray[] feedArrays) {
        this.backend = backend;
        this.feeds = feedArrays.length;
        for (BackendArray a : feedArrays) {
            int s = slots++;
            slotOf.putIfAbsent(a, s);
            varying.set(s);
        }
    }

    /** The recorder watching this thread, or {@code null}. */
    public static Recorder active() { return ACTIVE.get(); }

    /** Starts recording on this thread; the feeds are slots {@code 0..n-1}. */
    public static Recorder start(TraceBackend backend, BackendArray[] feedArrays) {
        Recorder r = new Recorder(backend, feedArrays);
        ACTIVE.set(r);
        return r;
    }

    /** Stops recording on this thread. */
    public void stop() { ACTIVE.remove(); }

    private boolean off() { return paused > 0 || failure != null; }

    /** Why the trace cannot be replayed, or {@code null}. */
    public String failure() { return failure; }

    /** Whether the failure may not happen again on the next call (variables created on a first call). */
    public boolean mayRetry() { return retry; }

    /** Marks the trace unusable. */
    public void fail(String reason, boolean mayRetry) {
        if (failure == null && paused == 0) {
            failure = reason + " (" + caller() + ")";
            retry = mayRetry;
        }
    }

    // ----------------------------------------------------------------------------------------- what the runtime reports

    /** A kernel ran: {@code out} came from {@code in}. */
    public void call(String op, Map<String, Object> attributes, int outputs, BackendArray[] in, BackendArray[] out) {
        if (off()) {
            return;
        }
        int[] ins = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            ins[i] = in[i] == null ? -1 : slotFor(in[i]);
        }
        int[] outs = new int[out.length];
        for (int i = 0; i < out.length; i++) {
            int s = slots++;
            slotOf.put(out[i], s);
            varying.set(s);
            scoped.set(s);
            outs[i] = s;
        }
        nodes.add(new Trace.Call(op, attributes, outputs, ins, outs));
    }

    /** {@code array} is {@code variable}'s value, read as a kernel input. */
    public void readVariable(EagerVariable variable, BackendArray array) {
        if (off() || slotOf.containsKey(array)) {
            return;
        }
        int s = slots++;
        slotOf.put(array, s);
        varying.set(s);
        nodes.add(new Trace.ReadVariable(variable, s));
    }

    /** {@code variable} took {@code array} as its value (the output of a kernel the region ran). */
    public void write(EagerVariable variable, BackendArray array) {
        if (off()) {
            return;
        }
        Integer s = slotOf.get(array);
        if (s == null || !scoped.get(s)) {
            fail("variable `" + variable.name() + "` was given a value the step did not compute", false);
            return;
        }
        scoped.clear(s);
        nodes.add(new Trace.Write(variable, s));
    }

    /** The region made a constant array (from host values): its values are kept and reused. */
    public void constant(BackendArray array) {
        if (!off() && !slotOf.containsKey(array)) {
            capture(array);
        }
    }

    /** The region drew a random array: each replay draws again. */
    public void random(BackendArray array, Distribution distribution, int[] shape, double a, double b, DType dtype) {
        if (off()) {
            return;
        }
        int s = slots++;
        slotOf.put(array, s);
        varying.set(s);
        scoped.set(s);
        nodes.add(new Trace.Random(s, distribution, shape.clone(), a, b, dtype));
    }

    /** Java code read {@code tensor}'s values. */
    public void hostRead(EagerTensor tensor, BackendArray array) {
        if (off()) {
            return;
        }
        if (tensor instanceof EagerVariable v) {
            fail("the value of variable `" + v.name() + "` was read on the host", false);
            return;
        }
        Integer s = slotOf.get(array);
        if (s != null && varying.get(s)) {
            fail("a value computed in the step, shape " + tensor.shape() + ", was read on the host", false);
        }
    }

    /** Runs {@code callback} on {@code value} now, and records it to run again on each replay. */
    public void hostCall(EagerTensor value, Consumer<Tensor> callback) {
        if (!off()) {
            nodes.add(new Trace.HostCall(slotFor(value.array()), callback));
        }
        paused++;
        try {
            callback.accept(value);
        } finally {
            paused--;
        }
    }

    /** The slot holding {@code array}; an array from before the region (not a variable's) is captured as a constant. */
    private int slotFor(BackendArray array) {
        Integer s = slotOf.get(array);
        return s != null ? s : capture(array);
    }

    private int capture(BackendArray array) {
        int s = slots++;
        slotOf.put(array, s);
        BackendArray copy = backend.copy(array);
        constants.add(copy);
        nodes.add(new Trace.Constant(s, copy));
        return s;
    }

    /**
     * The trace of the region that returned {@code outputs}, or {@code null} if it cannot be replayed ({@link #failure()}
     * says why). A returned variable is not supported: the caller would expect the variable itself.
     */
    public Trace finish(List<Tensor> outputs) {
        int[] out = new int[outputs.size()];
        for (int i = 0; i < out.length; i++) {
            Tensor t = outputs.get(i);
            if (t == null) {
                out[i] = -1;
            } else if (t instanceof EagerVariable v) {
                fail("the step returned variable `" + v.name() + "`", false);
            } else if (t instanceof EagerTensor e) {
                out[i] = failure == null ? slotFor(e.array()) : -1;
            } else {
                fail("the step returned a " + t.getClass().getSimpleName() + ", not a tensor of this runtime", false);
            }
        }
        if (failure != null) {
            discard();
            return null;
        }
        boolean[] owned = new boolean[out.length];
        for (int i = 0; i < out.length; i++) {
            owned[i] = out[i] >= 0 && scoped.get(out[i]);
        }
        return new Trace(feeds, slots, nodes, out, owned, constants);
    }

    /** Frees what was captured (a trace that will not be used). */
    public void discard() {
        for (BackendArray c : constants) {
            c.close();
        }
        constants.clear();
    }

    /** The first frame outside the runtime and the api's tensor plumbing: where the offending code is. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("dev.kiln.runtime.internal.") && !f.getClassName().startsWith("dev.kiln.runtime.DefaultKilnRuntime")
                        && !f.getClassName().equals("dev.kiln.api.Tensor") && !f.getClassName().startsWith("dev.kiln.api.spi."))
                .findFirst().map(f -> "at " + f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber()).orElse("unknown"));
    }
}
