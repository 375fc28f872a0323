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
 * Adadelta: steps sized by the ratio of running RMS of updates to running RMS of gradients.
 *
 * <pre>{@code
 * Optimizer opt = new Adadelta(1.0).rho(0.95);
 * }</pre>
 */
public final class Adadelta extends Optimizer {
    private double rho = 0.95;
    private double epsilon = 1e-7;

    public Adadelta() { this(0.001); }

    public Adadelta(double learningRate) { super("adadelta", learningRate); }

    public Adadelta(LearningRateSchedule schedule) { super("adadelta", schedule); }

    public Adadelta(Map<String, Object> c) {
        super(c, "adadelta", 0.001);
        rho(Configs.number(c, "rho", 0.95));
        epsilon(Configs.number(c, "epsilon", 1e-7));
    }

    public Adadelta rho(double r) {
        this.rho = Checks.range("adadelta", "rho", r, 0, 1, false);
        return this;
    }

    public Adadelta epsilon(double e) {
        this.epsilon = Checks.positive("adadelta", "epsilon", e);
        return this;
    }

    @Override
    protected void build(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "accumulated_grad");
            addSlot(v, "accumulated_delta_var");
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable v, double lr) {
        Variable accGrad = slot(v, "accumulated_grad");
        Variable accDelta = slot(v, "accumulated_delta_var");
        accGrad.assign(accGrad.mul(rho).add(g.square().mul(1 - rho)));
        Tensor delta = accDelta.add(epsilon).sqrt().mul(g).div(accGrad.add(epsilon).sqrt()).neg();
        accDelta.assign(accDelta.mul(rho).add(delta.square().mul(1 - rho)));
        v.assign(v.add(delta.mul(lr)));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rho", rho);
        c.put("epsilon", epsilon);
        return c;
    }
}
