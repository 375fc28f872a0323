package dev.kiln.runtime.internal.trace;

import dev.kiln.runtime.internal.trace.Trace.Call;
import dev.kiln.runtime.internal.trace.Trace.HostCall;
import dev.kiln.runtime.internal.trace.Trace.Node;
import dev.kiln.runtime.internal.trace.Trace.Write;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites of a recorded kernel sequence that give the same values with less work; {@link Trace#replay} runs the
 * rewritten sequence, {@link Trace#sameAs} still compares what was recorded.
 *
 * <p>One rewrite so far: <b>ReLU after max pooling.</b> {@code MaxPool(Relu(c))} equals {@code Relu(MaxPool(c))}
 * (ReLU is monotonic; Java's {@code Math.max} keeps NaN and turns -0 into +0 either way), and their gradients agree:
 * a window whose maximum is positive sends the gradient to the same first maximum; one whose maximum is not positive
 * sends zero. Only the values the gradient passes through can differ, and only where a pre-activation is NaN. So a
 * Conv-ReLU-MaxPool step runs the ReLU and its mask on the pooled quarter of the elements (W2: Relu and ReluGrad over
 * 11 MB become passes over 2.8 MB).
 */
final class Rewrites {
    private Rewrites() {}

    /** A read of a slot: by a node ({@code position} in its inputs, -1 for a non-kernel node) or as a region output. */
    private record Use(int node, int position) {}

    /** {@code nodes} rewritten; the array is a copy where anything changed. */
    static Node[] optimize(Node[] nodes, int slots, int[] outputs) {
        List<List<Use>> uses = uses(nodes, slots, outputs);
        Node[] plan = nodes.clone();
        for (int i = 0; i < plan.length; i++) {
            if (plan[i] instanceof Call relu && relu.op().equals("Relu") && relu.in().length == 1 && relu.out().length == 1) {
                reluAfterPool(plan, uses, i);
            }
        }
        return plan;
    }

    private static List<List<Use>> uses(Node[] nodes, int slots, int[] outputs) {
        List<List<Use>> uses = new ArrayList<>(slots);
        for (int s = 0; s < slots; s++) {
            uses.add(new ArrayList<>(2));
        }
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] instanceof Call c) {
                for (int p = 0; p < c.in().length; p++) {
                    if (c.in()[p] >= 0) {
                        uses.get(c.in()[p]).add(new Use(i, p));
                    }
                }
            } else if (nodes[i] instanceof Write w) {
                uses.get(w.slot()).add(new Use(i, -1));
            } else if (nodes[i] instanceof HostCall h) {
                uses.get(h.slot()).add(new Use(i, -1));
            }
        }
        for (int o : outputs) {
            if (o >= 0) {
                uses.get(o).add(new Use(-1, -1));
            }
        }
        return uses;
    }

    /**
     * {@code r = Relu(c); p = MaxPool(r)} and, when the step takes gradients, {@code dr = MaxPoolGrad(r, dp);
     * dc = ReluGrad(r, dr)} become {@code t = MaxPool(c); p = Relu(t)} and {@code dt = ReluGrad(p, dp);
     * dc = MaxPoolGrad(c, dt)}, in the same places and slots ({@code t} in r's, {@code dt} in dr's), when nothing else
     * reads r or dr.
     */
    private static void reluAfterPool(Node[] plan, List<List<Use>> uses, int iRelu) {
        Call relu = (Call) plan[iRelu];
        int c = relu.in()[0];
        int r = relu.out()[0];
        if (c < 0) {
            return;
        }
        Call pool = null;
        Call poolGrad = null;
        Call reluGrad = null;
        int iPool = -1;
        int iPoolGrad = -1;
        int iReluGrad = -1;
        for (Use u : uses.get(r)) {
            Node n = u.node() < 0 ? null : plan[u.node()];
            if (n instanceof Call k && k.op().equals("MaxPool") && u.position() == 0 && k.outputCount() == 1 && k.out().length == 1
                    && pool == null) {
                pool = k;
                iPool = u.node();
            } else if (n instanceof Call k && k.op().equals("MaxPoolGrad") && u.position() == 0 && k.in().length == 2
                    && k.out().length == 1 && poolGrad == null) {
                poolGrad = k;
                iPoolGrad = u.node();
            } else if (n instanceof Call k && k.op().equals("ReluGrad") && u.position() == 0 && k.in().length == 2
                    && k.out().length == 1 && reluGrad == null) {
                reluGrad = k;
                iReluGrad = u.node();
            } else {
                return; // r is read elsewhere (another kernel, a variable, the host, the region's outputs)
            }
        }
        if (pool == null || iPool < iRelu || (poolGrad == null) != (reluGrad == null)) {
            return;
        }
        int p = pool.out()[0];
        if (poolGrad != null) {
            int dr = poolGrad.out()[0];
            int dp = poolGrad.in()[1];
            if (!Call.sameAttributes(pool.attributes(), poolGrad.attributes()) || reluGrad.in()[1] != dr || uses.get(dr).size() != 1 || iPoolGrad < iPool
                    || iReluGrad < iPoolGrad || dp < 0) {
                return;
            }
            plan[iPoolGrad] = new Call("ReluGrad", reluGrad.attributes(), 1, new int[] {p, dp}, new int[] {dr});
            plan[iReluGrad] = new Call("MaxPoolGrad", poolGrad.attributes(), 1, new int[] {c, dr}, reluGrad.out().clone());
        }
        plan[iRelu] = new Call("MaxPool", pool.attributes(), 1, new int[] {c}, new int[] {r});
        plan[iPool] = new Call("Relu", relu.attributes(), 1, new int[] {r}, new int[] {p});
    }
}
