package dev.kiln.api.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.layers.Names;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.registry.Configurable;
import dev.kiln.api.registry.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stateful metric: {@link #update} accumulates over batches, {@link #result} reads the value, {@link #reset}
 * starts over. State lives in variables made with {@link #addState}, which {@link #reset} zeroes by default.
 * A result may be a scalar, a vector or a matrix; {@link #resultAsLogs()} flattens it into log keys such as
 * {@code precision_3}.
 *
 * <pre>{@code
 * public final class CountPositives extends Metric {
 *     private final Variable count = addState("count", Shape.scalar(), DType.FLOAT32);
 *
 *     public CountPositives() { super("count_positives"); }
 *
 *     public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
 *         count.assign(count.add(yPred.greater(0.5).cast(DType.FLOAT32).sum()));
 *     }
 *
 *     public Tensor result() { return count.value(); }
 * }
 * }</pre>
 */
public abstract class Metric implements Configurable {
    private final String name;
    private final List<Variable> states = new ArrayList<>();
    private final List<Tensor> initialValues = new ArrayList<>();

    protected Metric(String name) { this.name = name == null ? Names.snakeCase(getClass().getSimpleName()) : name; }

    /** Reads {@code name} from a config. */
    protected Metric(Map<String, Object> config, String defaultName) { this(Configs.string(config, "name", defaultName)); }

    /**
     * Accumulates one batch.
     *
     * @param sampleWeight per-sample weights, or {@code null} for equal weights
     */
    public abstract void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    /** The value over everything since the last reset. */
    public abstract Tensor result();

    /** Returns every state variable to its initial value. */
    public void reset() {
        for (int i = 0; i < states.size(); i++) {
            states.get(i).assign(initialValues.get(i));
        }
    }

    /** A zero-initialized state variable, reset to zero by {@link #reset}. */
    protected final Variable addState(String stateName, Shape shape, DType dtype) {
        return addState(stateName, Tensor.zeros(shape, dtype));
    }

    /** A state variable reset to {@code initial}. */
    protected final Variable addState(String stateName, Tensor initial) {
        Variable v = Variable.of(initial, name + "/" + stateName, false);
        states.add(v);
        initialValues.add(v.value());
        return v;
    }

    /** The state variables, in creation order (saved in checkpoints). */
    public final List<Variable> states() { return List.copyOf(states); }

    public final String name() { return name; }

    /**
     * The result as log entries: a scalar under {@link #name()}, a vector as {@code name_i}, a matrix as
     * {@code name_i_j}. Override to name entries otherwise.
     */
    public Map<String, Double> resultAsLogs() {
        Tensor r = result();
        double[] v = r.toDoubleArray();
        Shape s = r.shape();
        Map<String, Double> out = new LinkedHashMap<>();
        if (s.rank() == 0) {
            out.put(name, v[0]);
        } else if (s.rank() == 1) {
            for (int i = 0; i < v.length; i++) {
                out.put(name + "_" + i, v[i]);
            }
        } else {
            int[] d = s.dims();
            int[] idx = new int[d.length];
            for (double x : v) {
                StringBuilder k = new StringBuilder(name);
                for (int i : idx) {
                    k.append('_').append(i);
                }
                out.put(k.toString(), x);
                for (int a = d.length - 1; a >= 0; a--) {
                    if (++idx[a] < d[a]) {
                        break;
                    }
                    idx[a] = 0;
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        return c;
    }

    /** The metric registered under {@code id}, e.g. {@code "sparse_categorical_accuracy"}. */
    public static Metric get(String id) { return Registry.get().create(ComponentKind.METRIC, id, Map.of(), Metric.class); }

    @Override
    public String toString() { return getClass().getSimpleName() + "(" + name + ")"; }
}
