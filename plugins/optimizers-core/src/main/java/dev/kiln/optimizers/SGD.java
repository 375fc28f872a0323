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
 * Stochastic gradient descent with optional momentum and Nesterov momentum (Keras 3's update rule).
 *
 * <pre>{@code
 * Optimizer sgd = new SGD(0.1).momentum(0.9).nesterov(true);
 * }</pre>
 */
public final class SGD extends Optimizer {
    private double momentum;
    private boolean nesterov;

    public SGD() { this(0.01); }

    public SGD(double learningRate) { super("SGD", learningRate); }

    public SGD(LearningRateSchedule schedule) { super("SGD", schedule); }

    public SGD(Map<String, Object> c) {
        super(c, "SGD", 0.01);
        momentum(Configs.number(c, "momentum", 0.0));
        nesterov(Configs.bool(c, "nesterov", false));
    }

    public SGD momentum(double m) {
        this.momentum = Checks.range("SGD", "momentum", m, 0, 1, true);
        return this;
    }

    public SGD nesterov(boolean n) {
        this.nesterov = n;
        return this;
    }

    @Override
    protected void build(List<Variable> variables) {
        if (momentum != 0) {
            for (Variable v : variables) {
                addSlot(v, "momentum");
            }
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable v, double lr) {
        if (momentum == 0) {
            v.assign(v.sub(g.mul(lr)));
            return;
        }
        Variable m = slot(v, "momentum");
        m.assign(m.mul(momentum).sub(g.mul(lr)));
        v.assign(nesterov ? v.add(m.mul(momentum)).sub(g.mul(lr)) : v.add(m));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        return c;
    }
}
