package dev.kiln.runtime.internal.autodiff;

import dev.kiln.api.GradientTape;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records operations whose inputs depend on watched tensors, and differentiates them in reverse order with one
 * vector-Jacobian rule per operator ({@link VjpRules}).
 */
public final class Tape implements GradientTape {
    private static final ThreadLocal<ArrayDeque<Tape>> ACTIVE = ThreadLocal.withInitial(ArrayDeque::new);
    private static final ThreadLocal<int[]> PAUSED = ThreadLocal.withInitial(() -> new int[1]);

    /** One recorded operator call. */
    record Node(String op, Map<String, Object> attrs, Tensor[] inputs, Tensor[] outputs) {}

    private final boolean persistent;
    private final List<Node> nodes = new ArrayList<>();
    private final Set<Tensor> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean open = true;
    private boolean used;

    public Tape(boolean persistent) {
        this.persistent = persistent;
        ACTIVE.get().push(this);
    }

    /** Records {@code op} on every open tape of this thread that watches one of its inputs. */
    public static void record(String op, Map<String, Object> attrs, Tensor[] inputs, Tensor[] outputs) {
        ArrayDeque<Tape> tapes = ACTIVE.get();
        if (tapes.isEmpty() || PAUSED.get()[0] > 0) {
            return;
        }
        for (Tape t : tapes) {
            if (t.open && t.dependsOnWatched(inputs)) {
                t.nodes.add(new Node(op, attrs, inputs.clone(), outputs.clone()));
                Collections.addAll(t.tracked, outputs);
            }
        }
    }

    /** True while some tape of this thread is recording. */
    public static boolean isRecording() { return !ACTIVE.get().isEmpty() && PAUSED.get()[0] == 0; }

    private boolean dependsOnWatched(Tensor[] inputs) {
        for (Tensor t : inputs) {
            if (t == null) {
                continue;
            }
            if (tracked.contains(t) || (t instanceof Variable v && v.trainable())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void watch(Tensor tensor) {
        if (tensor == null) {
            throw new InvalidArgumentException(KilnException.message("GradientTape.watch got null.", "a tensor", "null", null));
        }
        tracked.add(tensor);
    }

    @Override
    public List<Tensor> gradient(Tensor target, List<? extends Tensor> sources) {
        if (target == null || sources == null) {
            throw new InvalidArgumentException(KilnException.message("gradient() needs a target and sources.",
                    "a tensor and a list of tensors", target == null ? "target=null" : "sources=null", null));
        }
        if (used && !persistent) {
            throw new IllegalStateKilnException("gradient() was already called on this non-persistent tape. Expected one call. "
                    + "To fix: open the tape with GradientTape.openPersistent() to compute several gradients.");
        }
        used = true;
        int[] paused = PAUSED.get();
        paused[0]++;
        try {
            Map<Tensor, Tensor> grads = new IdentityHashMap<>();
            Set<Tensor> sourceSet = Collections.newSetFromMap(new IdentityHashMap<>());
            sourceSet.addAll(sources);
            grads.put(target, Tensor.ones(target.shape(), target.dtype()));
            for (int i = nodes.size() - 1; i >= 0; i--) {
                Node n = nodes.get(i);
                Tensor[] outGrads = new Tensor[n.outputs().length];
                boolean any = false;
                for (int k = 0; k < outGrads.length; k++) {
                    outGrads[k] = grads.get(n.outputs()[k]);
                    any |= outGrads[k] != null;
                }
                if (!any) {
                    continue;
                }
                boolean[] needed = new boolean[n.inputs().length];
                for (int k = 0; k < needed.length; k++) {
                    Tensor in = n.inputs()[k];
                    needed[k] = in != null && in.dtype().isFloating() && (tracked.contains(in) || (in instanceof Variable v && v.trainable())
                            || sourceSet.contains(in));
                }
                Tensor[] inGrads = VjpRules.vjp(n, outGrads, needed);
                for (int k = 0; k < n.inputs().length && k < inGrads.length; k++) {
                    Tensor in = n.inputs()[k];
                    Tensor g = inGrads[k];
                    if (in == null || g == null || !in.dtype().isFloating()) {
                        continue;
                    }
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? g : prev.add(g));
                }
            }
            List<Tensor> out = new ArrayList<>(sources.size());
            for (Tensor s : sources) {
                Tensor g = grads.get(s);
                out.add(g != null ? g : Tensor.zeros(s.shape(), s.dtype()));
            }
            return out;
        } finally {
            paused[0]--;
            if (!persistent) {
                nodes.clear();
            }
        }
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        ACTIVE.get().remove(this);
        nodes.clear();
        tracked.clear();
    }
}
