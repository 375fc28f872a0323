package dev.kiln.api.optimizers;

import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.registry.Configurable;
import dev.kiln.api.registry.Registry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer: subclasses create per-variable slots in {@link #build} and implement {@link #updateStep} for one
 * variable. This base class does gradient clipping ({@code clipnorm}, {@code clipvalue}, {@code global_clipnorm}),
 * decoupled weight decay, the learning-rate schedule and the step count, as Keras 3's {@code BaseOptimizer}.
 *
 * <pre>{@code
 * public final class PlainSGD extends Optimizer {
 *     public PlainSGD(double lr) { super("plain_sgd", lr); }
 *     protected void build(List<Variable> variables) {}
 *     protected void updateStep(Tensor gradient, Variable variable, double lr) {
 *         variable.assign(variable.sub(gradient.mul(lr)));
 *     }
 * }
 * Optimizer opt = new PlainSGD(0.1).clipnorm(1.0);
 * }</pre>
 */
public abstract class Optimizer implements Configurable {
    private final String name;
    private double learningRate;
    private LearningRateSchedule schedule;
    private Double clipnorm;
    private Double clipvalue;
    private Double globalClipnorm;
    private Double weightDecay;
    private long iterations;
    private boolean built;
    private final Map<Variable, Map<String, Variable>> slots = new IdentityHashMap<>();
    private final List<Variable> slotOrder = new ArrayList<>();

    protected Optimizer(String name, double learningRate) {
        this.name = name;
        setLearningRate(learningRate);
    }

    protected Optimizer(String name, LearningRateSchedule schedule) {
        this.name = name;
        if (schedule == null) {
            throw new InvalidArgumentException(KilnException.message("Optimizer `" + name + "` got a null learning rate schedule.",
                    "a LearningRateSchedule", "null", "pass a schedule or a number"));
        }
        this.schedule = schedule;
    }

    /** Reads the base settings from a config: learning_rate (number or serialized schedule) and the clipping options. */
    @SuppressWarnings("unchecked")
    protected Optimizer(Map<String, Object> config, String defaultName, double defaultLearningRate) {
        this.name = Configs.string(config, "name", defaultName);
        Object lr = config.get("learning_rate");
        if (lr instanceof Map<?, ?> m) {
            this.schedule = Registry.get().deserialize(ComponentKind.SCHEDULE, (Map<String, Object>) m, LearningRateSchedule.class);
        } else {
            setLearningRate(Configs.number(config, "learning_rate", defaultLearningRate));
        }
        this.clipnorm = positiveOrNull("clipnorm", Configs.optionalNumber(config, "clipnorm"));
        this.clipvalue = positiveOrNull("clipvalue", Configs.optionalNumber(config, "clipvalue"));
        this.globalClipnorm = positiveOrNull("global_clipnorm", Configs.optionalNumber(config, "global_clipnorm"));
        Double wd = Configs.optionalNumber(config, "weight_decay");
        this.weightDecay = wd;
        checkClipping();
    }

    // ----------------------------------------------------------------------------------------- contract

    /** Creates slots for these variables (called once, on the first {@link #apply}). */
    protected abstract void build(List<Variable> variables);

    /**
     * Updates one variable from its (already clipped) gradient.
     *
     * @param learningRate the current learning rate (the schedule's value at {@link #iterations()})
     */
    protected abstract void updateStep(Tensor gradient, Variable variable, double learningRate);

    // ----------------------------------------------------------------------------------------- template

    /** Applies one update to every variable; gradients are matched to variables by position. */
    public final void apply(List<? extends Tensor> gradients, List<? extends Variable> variables) {
        if (gradients.size() != variables.size()) {
            throw new InvalidArgumentException(KilnException.message("Optimizer `" + name + "` got mismatched lists.",
                    "one gradient per variable (" + variables.size() + ")", gradients.size() + " gradients", null));
        }
        if (!built) {
            build(new ArrayList<>(variables));
            built = true;
        }
        List<Tensor> grads = new ArrayList<>(gradients);
        for (int i = 0; i < grads.size(); i++) {
            Tensor g = grads.get(i);
            Variable v = variables.get(i);
            if (g == null) {
                continue;
            }
            if (!g.shape().equals(v.shape())) {
                throw new ShapeMismatchException(KilnException.message("Gradient for `" + v.name() + "` has the wrong shape.",
                        v.shape(), g.shape(), "return one gradient per variable, shaped like it"));
            }
            if (g.dtype() != v.dtype()) {
                grads.set(i, g.cast(v.dtype()));
            }
        }
        clip(grads);
        double lr = learningRate();
        for (int i = 0; i < grads.size(); i++) {
            Tensor g = grads.get(i);
            if (g == null) {
                continue;
            }
            Variable v = variables.get(i);
            if (weightDecay != null && weightDecay > 0) {
                v.assign(v.sub(v.mul(weightDecay * lr)));
            }
            updateStep(g, v, lr);
        }
        iterations++;
    }

    /** Applies the one clipping option set, as Keras: clipnorm, else global_clipnorm, else clipvalue. */
    private void clip(List<Tensor> grads) {
        if (clipnorm != null) {
            for (int i = 0; i < grads.size(); i++) {
                Tensor g = grads.get(i);
                if (g != null) {
                    double norm = Math.sqrt(g.square().sum().item());
                    if (norm > clipnorm) {
                        grads.set(i, g.mul(clipnorm / norm));
                    }
                }
            }
        } else if (globalClipnorm != null) {
            double sq = 0;
            for (Tensor g : grads) {
                if (g != null) {
                    sq += g.square().sum().item();
                }
            }
            double norm = Math.sqrt(sq);
            if (norm > globalClipnorm) {
                double scale = globalClipnorm / norm;
                for (int i = 0; i < grads.size(); i++) {
                    if (grads.get(i) != null) {
                        grads.set(i, grads.get(i).mul(scale));
                    }
                }
            }
        } else if (clipvalue != null) {
            for (int i = 0; i < grads.size(); i++) {
                Tensor g = grads.get(i);
                if (g != null) {
                    grads.set(i, g.clip(-clipvalue, clipvalue));
                }
            }
        }
    }

    /** A slot shaped like {@code variable}, filled with {@code initial}. */
    protected final Variable addSlot(Variable variable, String slotName, double initial) {
        Tensor init = Tensor.full(variable.shape(), initial, variable.dtype());
        Variable s = Variable.of(init, variable.name() + "/" + slotName, false);
        init.close();
        slots.computeIfAbsent(variable, k -> new LinkedHashMap<>()).put(slotName, s);
        slotOrder.add(s);
        return s;
    }

    /** A zero slot shaped like {@code variable}. */
    protected final Variable addSlot(Variable variable, String slotName) { return addSlot(variable, slotName, 0); }

    /** The slot made for {@code variable} under {@code slotName}. */
    protected final Variable slot(Variable variable, String slotName) {
        Map<String, Variable> s = slots.get(variable);
        Variable v = s == null ? null : s.get(slotName);
        if (v == null) {
            throw new IllegalStateKilnException("Optimizer `" + name + "` has no slot `" + slotName + "` for variable `"
                    + variable.name() + "`. Expected the variable to be among those passed to the first apply(). "
                    + "To fix: optimize the same variables every step, or use a new optimizer.");
        }
        return v;
    }

    // ----------------------------------------------------------------------------------------- state

    public final String name() { return name; }

    /** Number of updates applied so far. */
    public final long iterations() { return iterations; }

    /** Restores the step count (checkpoint resume). */
    public final void setIterations(long iterations) { this.iterations = iterations; }

    /** The learning rate for the next update. */
    public final double learningRate() { return schedule != null ? schedule.at(iterations) : learningRate; }

    /** The schedule, or {@code null} for a constant learning rate. */
    public final LearningRateSchedule schedule() { return schedule; }

    /** Sets a constant learning rate (as ReduceLROnPlateau does); fails while a schedule is in use. */
    public final void setLearningRate(double lr) {
        if (schedule != null) {
            throw new IllegalStateKilnException("Optimizer `" + name + "` uses a learning rate schedule. Expected a constant "
                    + "learning rate to set a new one. Received: " + lr + ". To fix: construct the optimizer with a number.");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new InvalidArgumentException(KilnException.message("Invalid learning rate for optimizer `" + name + "`.",
                    "a positive finite number", lr, null));
        }
        this.learningRate = lr;
    }

    /** Slot variables in creation order (saved in checkpoints). */
    public final List<Variable> variables() { return List.copyOf(slotOrder); }

    public final boolean isBuilt() { return built; }

    /** Clips each gradient to this L2 norm. */
    public Optimizer clipnorm(double value) {
        this.clipnorm = positiveOrNull("clipnorm", value);
        checkClipping();
        return this;
    }

    /** Clips each gradient element to {@code [-value, value]}. */
    public Optimizer clipvalue(double value) {
        this.clipvalue = positiveOrNull("clipvalue", value);
        checkClipping();
        return this;
    }

    /** Scales all gradients so their joint L2 norm is at most {@code value}. */
    public Optimizer globalClipnorm(double value) {
        this.globalClipnorm = positiveOrNull("global_clipnorm", value);
        checkClipping();
        return this;
    }

    /** Decoupled weight decay: each step subtracts {@code lr * decay * w} from every weight. */
    public Optimizer weightDecay(double decay) {
        if (!(decay >= 0)) {
            throw new InvalidArgumentException(KilnException.message("Invalid weight_decay.", "a number >= 0", decay, null));
        }
        this.weightDecay = decay;
        return this;
    }

    public final Double weightDecayValue() { return weightDecay; }

    /** Keras allows one clipping option at a time. */
    private void checkClipping() {
        int set = (clipnorm != null ? 1 : 0) + (clipvalue != null ? 1 : 0) + (globalClipnorm != null ? 1 : 0);
        if (set > 1) {
            throw new InvalidArgumentException(KilnException.message(
                    "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set.", "one of them",
                    "clipnorm=" + clipnorm + ", clipvalue=" + clipvalue + ", global_clipnorm=" + globalClipnorm, "drop the others"));
        }
    }

    private static Double positiveOrNull(String key, Double v) {
        if (v != null && !(v > 0)) {
            throw new InvalidArgumentException(KilnException.message("Invalid " + key + ".", "a positive number", v, null));
        }
        return v;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("learning_rate", schedule != null ? Registry.get().serialize(ComponentKind.SCHEDULE, schedule) : learningRate);
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("clipvalue", clipvalue);
        c.put("global_clipnorm", globalClipnorm);
        return c;
    }

    /** The optimizer registered under {@code id}, e.g. {@code "rmsprop"}, with Keras's defaults. */
    public static Optimizer get(String id) { return Registry.get().create(ComponentKind.OPTIMIZER, id, Map.of(), Optimizer.class); }
}
