package dev.kiln.optimizers;

import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.api.registry.Configs;
import dev.kiln.optimizers.internal.Checks;
import java.util.List;
import java.util.Map;

/**
 * Adagrad: per-parameter learning rates scaled by the accumulated squared gradients, with Keras 3's update rule
 * {@code acc += g^2}, {@code w -= lr * g / sqrt(acc + eps)}, the accumulator starting at
 * {@code initial_accumulator_value}. Defaults as Keras: {@code learning_rate=0.001,
 * initial_accumulator_value=0.1, epsilon=1e-7}; registered as {@code core>Adagrad}, alias {@code "adagrad"}.
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(0.01).initialAccumulatorValue(0.1);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private static final String NAME = "adagrad";
    private double initialAccumulatorValue = 0.1;
    private double epsilon = 1e-7;

    /** Keras's defaults: learning rate 0.001. */
    public Adagrad() { this(0.001); }

    public Adagrad(double learningRate) { super(NAME, learningRate); }

    public Adagrad(LearningRateSchedule schedule) { super(NAME, schedule); }

    /** From a config: {@code learning_rate}, {@code initial_accumulator_value}, {@code epsilon} and the base options. */
    public Adagrad(Map<String, Object> config) {
        super(config, NAME, 0.001);
        initialAccumulatorValue(Configs.number(config, "initial_accumulator_value", 0.1));
        epsilon(Configs.number(config, "epsilon", 1e-7));
    }

    /** The optimizer a config describes (as Keras's {@code from_config}). */
    public static Adagrad fromConfig(Map<String, Object> config) { return new Adagrad(config); }

    /** Starting value of the accumulators, {@code >= 0}; takes effect at the first update. */
    public Adagrad initialAccumulatorValue(double value) {
        Checks.nonNegative(name(), "initial_accumulator_value", value);
        if (value != initialAccumulatorValue) {
            Checks.notBuilt(this, "initial_accumulator_value");
        }
        this.initialAccumulatorValue = value;
        return this;
    }

    /** Added inside the square root for numerical stability; {@code > 0}. */
    public Adagrad epsilon(double epsilon) {
        this.epsilon = Checks.positive(name(), "epsilon", epsilon);
        return this;
    }

    public double initialAccumulatorValue() { return initialAccumulatorValue; }

    public double epsilon() { return epsilon; }

    @Override
    public Adagrad clipnorm(double value) {
        super.clipnorm(value);
        return this;
    }

    @Override
    public Adagrad clipvalue(double value) {
        super.clipvalue(value);
        return this;
    }

    @Override
    public Adagrad globalClipnorm(double value) {
        super.globalClipnorm(value);
        return this;
    }

    @Override
    public Adagrad weightDecay(double decay) {
        super.weightDecay(decay);
        return this;
    }

    @Override
    protected void build(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "accumulator", initialAccumulatorValue);
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable v, double lr) {
        Variable acc = slot(v, "accumulator");
        acc.assign(acc.add(g.square()));
        v.assign(v.sub(g.mul(lr).div(acc.add(epsilon).sqrt())));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("initial_accumulator_value", initialAccumulatorValue);
        c.put("epsilon", epsilon);
        return c;
    }
}
