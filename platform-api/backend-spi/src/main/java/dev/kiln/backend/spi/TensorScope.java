package dev.kiln.backend.spi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Owns backend arrays created while it is open on the current thread and frees them when it closes, as DJL's
 * {@code NDManager} does: the trainer opens one per step, so native memory never waits for the garbage collector.
 * Arrays that must outlive the scope (weights, optimizer slots, metric state) are {@link #detach detached}.
 * Scopes nest; an array belongs to the innermost scope open when it was registered.
 *
 * <pre>{@code
 * try (TensorScope step = TensorScope.open()) {
 *     // every array registered here is closed at the end of the block
 * }
 * }</pre>
 */
public final class TensorScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<TensorScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Set<BackendArray> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private TensorScope() {}

    /** Opens a scope on the current thread. */
    public static TensorScope open() {
        TensorScope s = new TensorScope();
        STACK.get().push(s);
        return s;
    }

    /** The innermost open scope of this thread, or {@code null}. */
    public static TensorScope current() { return STACK.get().peek(); }

    /** Gives {@code array} to the innermost open scope; with none open it is left to its owner. */
    public static void register(BackendArray array) {
        TensorScope s = STACK.get().peek();
        if (s != null) {
            s.owned.add(array);
        }
    }

    /** Removes {@code array} from every open scope of this thread, so that no scope closes it. */
    public static void detach(BackendArray array) {
        for (TensorScope s : STACK.get()) {
            if (s.owned.remove(array)) {
                return;
            }
        }
    }

    /**
     * Gives {@code array} to this scope, which must still be open: for an array computed after the code that asked for
     * it has moved on (a lazily computed tensor belongs to the scope it was created in, not the one that reads it).
     */
    public void own(BackendArray array) {
        if (closed) {
            throw new IllegalStateException("This TensorScope is closed; it cannot own new arrays.");
        }
        owned.add(array);
    }

    /**
     * Empties this open scope and returns the arrays it owned, for another scope to take over: the trainer loads a batch
     * ahead on a background thread in a scope of its own, then registers the batch's arrays in the step that uses it.
     * Closing this scope afterwards frees nothing.
     */
    public List<BackendArray> handOver() {
        if (closed) {
            throw new IllegalStateException("This TensorScope is closed; it has no arrays to hand over.");
        }
        List<BackendArray> out = new ArrayList<>(owned);
        owned.clear();
        return out;
    }

    /** Whether this scope is still open (its arrays not freed yet). */
    public boolean isOpen() { return !closed; }

    /** Number of arrays this scope would free now. */
    public int ownedCount() { return owned.size(); }

    /** Frees every array still owned; closing scopes out of order fails. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("A TensorScope must be closed on the thread that opened it.");
        }
        ArrayDeque<TensorScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("TensorScopes must be closed innermost first.");
        }
        stack.pop();
        closed = true;
        List<BackendArray> toClose = new ArrayList<>(owned);
        owned.clear();
        for (BackendArray a : toClose) {
            a.close();
        }
    }
}
