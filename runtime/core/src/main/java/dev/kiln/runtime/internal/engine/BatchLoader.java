package dev.kiln.runtime.internal.engine;

import dev.kiln.api.Tensor;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.NamedTensors;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.TensorScope;
import dev.kiln.runtime.internal.tensor.EagerTensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * An epoch's batches {@code load(0) ... load(n - 1)}, in order. With no threads each batch loads on the training thread
 * when it is taken; with threads, batches load ahead on that many daemon threads (two per thread in flight) while the
 * training thread runs its steps, as Keras's enqueuer does for a {@code Sequence} with {@code workers}. The arrays a
 * batch's loading created are handed to the {@link TensorScope} open when it is taken (the step's), as if it had loaded
 * there; batches loaded but never taken are freed by {@link #close()}.
 */
final class BatchLoader implements Iterator<Batch>, AutoCloseable {
    /** A loaded batch and the arrays its loading created. */
    private record Loaded(Batch batch, List<BackendArray> arrays) {
        void free() { arrays.forEach(BackendArray::close); }
    }

    private final int n;
    private final IntFunction<Batch> load;
    private final int threads;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Loaded>> ahead = new ArrayDeque<>();
    private final Object lock = new Object();
    /** Batches loaded aside and not taken yet (guarded by {@link #lock}): what {@link #close()} frees. */
    private final Set<Loaded> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;
    private int submitted;
    private int taken;

    /**
     * @param n       batches in the epoch
     * @param load    loads batch {@code i}; must be safe to call from a thread other than the training thread when
     *                {@code threads > 0}
     * @param threads threads that load ahead (0: load on the training thread)
     */
    BatchLoader(int n, IntFunction<Batch> load, int threads) {
        this.n = n;
        this.load = load;
        this.threads = threads;
        this.pool = threads <= 0 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kiln-data-loader");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean hasNext() {
        synchronized (lock) {
            return taken < n && !closed;
        }
    }

    @Override
    public Batch next() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("This epoch's batch loader was closed (training stopped, or a batch failed to "
                        + "load); it has no more batches.");
            }
        }
        if (taken >= n) {
            throw new NoSuchElementException("All " + n + " batches of the epoch were taken.");
        }
        if (pool == null) {
            return load.apply(taken++);
        }
        fill();
        Loaded l;
        try {
            l = ahead.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("Interrupted while loading a batch", e);
        } catch (ExecutionException e) {
            close();
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException("Loading a batch failed: " + c, c);
        }
        synchronized (lock) {
            waiting.remove(l);
        }
        taken++;
        l.arrays().forEach(TensorScope::register);
        fill();
        if (taken >= n) {
            close();
        }
        return l.batch();
    }

    private void fill() {
        while (submitted < n && ahead.size() < 2 * threads) {
            int i = submitted++;
            ahead.add(pool.submit(() -> loadAside(i)));
        }
    }

    /** Batch {@code i} in a scope of its own, whose arrays go with it; after {@link #close()}, freed at once. */
    private Loaded loadAside(int i) {
        Loaded l;
        try (TensorScope s = TensorScope.open()) {
            Batch b = load.apply(i);
            computeLazy(b); // a lazy tensor computes into the scope it was made in, which closes here
            l = new Loaded(b, s.handOver());
        }
        synchronized (lock) {
            if (!closed) {
                waiting.add(l);
                return l;
            }
        }
        l.free();
        return null;
    }

    /** Computes the batch's lazily computed tensors (a transpose) now, in the loading scope. */
    private static void computeLazy(Batch b) {
        for (NamedTensors part : new NamedTensors[] {b.x(), b.y(), b.sampleWeight()}) {
            if (part != null) {
                for (Tensor t : part.tensors()) {
                    if (t instanceof EagerTensor e) {
                        e.array();
                    }
                }
            }
        }
    }

    /**
     * Stops loading ahead and frees the batches loaded but not taken (training stopped early, or failed). Loads not
     * started are cancelled; a load running now is not interrupted (a source's file channels would close) and frees its
     * batch when it ends.
     */
    @Override
    public void close() {
        List<Loaded> toFree;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toFree = new ArrayList<>(waiting);
            waiting.clear();
        }
        if (pool == null) {
            return;
        }
        for (Future<Loaded> f : ahead) {
            f.cancel(false);
        }
        ahead.clear();
        pool.shutdown();
        toFree.forEach(Loaded::free);
    }
}
