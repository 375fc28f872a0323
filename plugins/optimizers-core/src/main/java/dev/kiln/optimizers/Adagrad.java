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
 * Adagrad: per-parameter learning rates scaled by the accumulated squared gradients.
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(0.01).initialAccumulatorValue(0.1);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private double initialAccumulator = 0.1;
    private double epsilon = 1e-7;

    public Adagrad() { this(0.001); }

    public Adagrad(double learningRate) { super("adagrad", learningRate); }

    public Adagrad(LearningRateSchedule schedule) { super("adagrad", schedule); }

    public Adagrad(Map<String, Object> c) {
        super(c, "adagrad", 0.001);
        initialAccumulatorValue(Configs.number(c, "initial_accumulator_value", 0.1));
        epsilon(Configs.number(c, "epsilon", 1e-7));
    }

    public Adagrad initialAccumulatorValue(double v) {
        this.initialAccumulator = Checks.range("adagrad", "initial_accumulator_value", v, 0, Double.MAX_VALUE, true);
        return this;
    }

    public Adagrad epsilon(double e) {
        this.epsilon = Checks.positive("adagrad", "epsilon", e);
        return this;
    }

    @Override
    protected void build(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "accumulator", initialAccumulator);
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
        c.put("initial_accumulator_value", initialAccumulator);
        c.put("epsilon", epsilon);
        return c;
    }
}
