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
 * Adamax: Adam with the infinity norm of past gradients in place of their second moment.
 *
 * <pre>{@code
 * Optimizer opt = new Adamax(0.002);
 * }</pre>
 */
public final class Adamax extends Optimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;

    public Adamax() { this(0.001); }

    public Adamax(double learningRate) { super("adamax", learningRate); }

    public Adamax(LearningRateSchedule schedule) { super("adamax", schedule); }

    public Adamax(Map<String, Object> c) {
        super(c, "adamax", 0.001);
        beta1 = Checks.range("adamax", "beta_1", Configs.number(c, "beta_1", 0.9), 0, 1, false);
        beta2 = Checks.range("adamax", "beta_2", Configs.number(c, "beta_2", 0.999), 0, 1, false);
        epsilon = Checks.positive("adamax", "epsilon", Configs.number(c, "epsilon", 1e-7));
    }

    @Override
    protected void build(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "m");
            addSlot(v, "u");
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable var, double lr) {
        long t = iterations() + 1;
        Variable m = slot(var, "m");
        Variable u = slot(var, "u");
        m.assign(m.add(g.sub(m).mul(1 - beta1)));
        u.assign(u.mul(beta2).maximum(g.abs()));
        var.assign(var.sub(m.mul(lr).div(u.add(epsilon).mul(1 - Math.pow(beta1, t)))));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }
}
