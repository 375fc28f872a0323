package dev.kiln.runtime.internal.trace;

import dev.kiln.api.Tensor;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.runtime.internal.tensor.EagerTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One model's compiled regions (its train, test and predict steps), as {@code tf.function} keeps one concrete
 * function per input signature.
 *
 * <p>A region runs eagerly while it is traced. Two consecutive calls with the same key (input shapes and dtypes, the
 * caller's signature objects) are recorded; when both ran the same kernels on the same constants, later calls replay
 * the trace. A trace that cannot be replayed (a host read, a variable created, a different second trace) leaves the
 * region eager. {@link #retrace} (the trainer's call at the start of every epoch and of every evaluate and predict)
 * traces every region again, so Java values a callback changed between epochs are picked up; a region whose first
 * new trace equals the one it had compiled replays from its second call on, one eager call instead of two.
 * {@link #reset} (at compile) forgets everything.
 */
public final class CompiledRegions {
    /** Tries per key before the region stays eager until the next reset. */
    static final int ATTEMPTS = 3;

    private static final System.Logger LOG = System.getLogger(CompiledRegions.class.getName());

    private final TraceBackend backend;
    private final Map<Key, Entry> entries = new HashMap<>();

    public CompiledRegions(TraceBackend backend) { this.backend = backend; }

    private static final class Entry {
        Trace compiled;
        /** The trace compiled before the last {@link #retrace}: a first new trace equal to it compiles at once. */
        Trace previous;
        Trace pending;
        int failures;
        String lastFailure;
        boolean reported;
    }

    /**
     * Runs {@code body} (traced, or replayed once compiled) on {@code feeds}. Not while another region records or a tape
     * records: the caller runs {@code body} eagerly then ({@code Trainer.traced}), so that the recording sees its
     * kernels (a replay records nothing).
     *
     * @param name      the region's name ({@code "train_step"})
     * @param feeds     the region's tensor inputs; any other tensor the body reads is a constant, or a variable
     * @param signature Java objects the body depends on, compared by identity: a change traces again
     */
    public synchronized List<Tensor> call(String name, List<Tensor> feeds, List<?> signature, Supplier<List<Tensor>> body) {
        BackendArray[] arrays = new BackendArray[feeds.size()];
        Key key = key(name, feeds, signature, arrays);
        if (key == null) {
            return body.get(); // tensors of another runtime: nothing to bind
        }
        Entry entry = entries.computeIfAbsent(key, x -> new Entry());
        if (entry.compiled != null) {
            return entry.compiled.replay(nonNull(arrays), backend);
        }
        if (entry.failures >= ATTEMPTS) {
            return body.get();
        }
        // Tracing is its own method: this one runs on every step, and the JIT recompiles it whenever an epoch's first
        // trace takes a path its profile had not seen (with tracing inside, 0.04-0.1 s of compiling, four times a W1 run).
        return trace(name, entry, arrays, body);
    }

    /** The key of a call on {@code feeds}, filling {@code arrays} with their arrays; null for another runtime's tensors. */
    private static Key key(String name, List<Tensor> feeds, List<?> signature, BackendArray[] arrays) {
        int[] shapes = new int[feeds.size() * 8];
        int k = 0;
        for (int i = 0; i < arrays.length; i++) {
            Tensor t = feeds.get(i);
            if (t == null) {
                shapes = push(shapes, k++, -1);
                continue;
            }
            if (!(t instanceof EagerTensor e)) {
                return null;
            }
            arrays[i] = e.array();
            int alias = i;
            for (int j = 0; j < i; j++) {
                if (arrays[j] == arrays[i]) {
                    alias = j;
                    break;
                }
            }
            int[] dims = arrays[i].shape();
            shapes = push(shapes, k++, arrays[i].dtype().ordinal());
            shapes = push(shapes, k++, alias);
            shapes = push(shapes, k++, dims.length);
            for (int d : dims) {
                shapes = push(shapes, k++, d);
            }
        }
        return new Key(name, Arrays.copyOf(shapes, k), signature.toArray());
    }

    /** Runs {@code body} eagerly while recording it, and compiles the entry when two traces agree. */
    private List<Tensor> trace(String name, Entry entry, BackendArray[] arrays, Supplier<List<Tensor>> body) {
        Recorder recorder = Recorder.start(backend, nonNull(arrays));
        List<Tensor> out;
        try {
            out = body.get();
        } catch (RuntimeException | Error e) {
            recorder.stop();
            recorder.discard();
            throw e;
        }
        Trace trace;
        try {
            trace = recorder.finish(out); // still recording: an output computed when read (a lazy transpose) runs now
        } finally {
            recorder.stop();
        }
        Trace previous = entry.previous;
        entry.previous = null;
        if (trace != null && previous != null && previous.sameAs(trace)) {
            entry.compiled = trace; // what was compiled before the retrace, with the same constants
        } else if (trace == null) {
            entry.lastFailure = recorder.failure();
            entry.failures = recorder.mayRetry() ? entry.failures + 1 : ATTEMPTS;
        } else if (entry.pending != null && entry.pending.sameAs(trace)) {
            entry.pending.close();
            entry.pending = null;
            entry.compiled = trace;
        } else {
            if (entry.pending != null) {
                entry.pending.close();
                entry.failures++;
                entry.lastFailure = "two calls ran different kernels, attributes or constants";
            }
            entry.pending = trace;
        }
        if (previous != null) {
            previous.close();
        }
        if (entry.failures >= ATTEMPTS && !entry.reported) {
            entry.reported = true;
            LOG.log(System.Logger.Level.DEBUG, () -> name + " runs eagerly: " + entry.lastFailure);
        }
        return out;
    }

    private static int[] push(int[] a, int at, int v) {
        int[] r = at < a.length ? a : Arrays.copyOf(a, a.length * 2);
        r[at] = v;
        return r;
    }

    private static BackendArray[] nonNull(BackendArray[] arrays) {
        List<BackendArray> l = new ArrayList<>(arrays.length);
        for (BackendArray a : arrays) {
            if (a != null) {
                l.add(a);
            }
        }
        return l.toArray(new BackendArray[0]);
    }

    /** Whether a region of this name has been compiled (for any key). */
    public synchronized boolean isCompiled(String name) { return compiled(name) != null; }

    /** Kernel calls of the compiled trace of {@code name}, or -1. */
    public synchronized int kernelCalls(String name) {
        Trace t = compiled(name);
        return t == null ? -1 : t.kernelCalls();
    }

    /** The operators a replay of the compiled {@code name} runs, in order, or an empty list. */
    public synchronized List<String> kernels(String name) {
        Trace t = compiled(name);
        return t == null ? List.of() : t.kernels();
    }

    /** The compiled trace of a region of this name (for any key), or {@code null}. */
    private Trace compiled(String name) {
        return entries.entrySet().stream().filter(e -> e.getKey().name.equals(name) && e.getValue().compiled != null)
                .map(e -> e.getValue().compiled).findFirst().orElse(null);
    }

    /** Why {@code name} is not compiled (the last failure), or {@code null}. */
    public synchronized String failure(String name) {
        return entries.entrySet().stream().filter(e -> e.getKey().name.equals(name) && e.getValue().lastFailure != null)
                .map(e -> e.getValue().lastFailure).findFirst().orElse(null);
    }

    /** Forgets every trace: the next calls trace again, twice before they replay (after a compile: new losses, new steps). */
    public synchronized void reset() {
        for (Entry e : entries.values()) {
            close(e.compiled, e.previous, e.pending);
        }
        entries.clear();
    }

    /**
     * Traces every region again (regions left eager included), keeping each compiled trace only to compare: a first
     * new trace equal to it, constants included, compiles at once. A Java value that changed since shows up as a
     * different constant, and the region is traced twice as after {@link #reset}.
     */
    public synchronized void retrace() {
        java.util.Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            close(e.previous, e.pending);
            if (e.compiled == null) {
                it.remove();
                continue;
            }
            e.previous = e.compiled;
            e.compiled = null;
            e.pending = null;
            e.failures = 0;
            e.lastFailure = null;
            e.reported = false;
        }
    }

    private static void close(Trace... traces) {
        for (Trace t : traces) {
            if (t != null) {
                t.close();
            }
        }
    }

    /** Signature objects compare by identity (variables, layers); the inputs' dtypes, aliases and shapes by value. */
    private record Key(String name, int[] feeds, Object[] signature) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || !k.name.equals(name) || !Arrays.equals(k.feeds, feeds) || k.signature.length != signature.length) {
                return false;
            }
            for (int i = 0; i < signature.length; i++) {
                if (k.signature[i] != signature[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = name.hashCode() * 31 + Arrays.hashCode(feeds);
            for (Object o : signature) {
                h = h * 31 + System.identityHashCode(o);
            }
            return h;
        }
    }
}
