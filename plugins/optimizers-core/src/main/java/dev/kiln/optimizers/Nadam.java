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
 * Nadam: Adam with Nesterov momentum, using Keras 3's momentum schedule
 * {@code u_t = beta_1 (1 - 0.5 * 0.96^(0.004 t))}.
 *
 * <pre>{@code
 * Optimizer opt = new Nadam(1e-3);
 * }</pre>
 */
public final class Nadam extends Optimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    /** Product of u_1..u_productStep, advanced lazily so a restored step count recomputes it exactly. */
    private long productStep;
    private double product = 1;

    public Nadam() { this(0.001); }

    public Nadam(double learningRate) { super("nadam", learningRate); }

    public Nadam(LearningRateSchedule schedule) { super("nadam", schedule); }

    public Nadam(Map<String, Object> c) {
        super(c, "nadam", 0.001);
        beta1 = Checks.range("nadam", "beta_1", Configs.number(c, "beta_1", 0.9), 0, 1, false);
        beta2 = Checks.range("nadam", "beta_2", Configs.number(c, "beta_2", 0.999), 0, 1, false);
        epsilon = Checks.positive("nadam", "epsilon", Configs.number(c, "epsilon", 1e-7));
    }

    private double u(long t) { return beta1 * (1 - 0.5 * Math.pow(0.96, 0.004 * t)); }

    private double productThrough(long t) {
        if (productStep > t) {
            productStep = 0;
            product = 1;
        }
        while (productStep < t) {
            productStep++;
            product *= u(productStep);
        }
        return product;
    }

    @Override
    protected void build(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "m");
            addSlot(v, "v");
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable var, double lr) {
        long t = iterations() + 1;
        double ut = u(t);
        double ut1 = u(t + 1);
        double uProduct = productThrough(t);
        double uProductNext = uProduct * ut1;
        Variable m = slot(var, "m");
        Variable v = slot(var, "v");
        m.assign(m.add(g.sub(m).mul(1 - beta1)));
        v.assign(v.add(g.square().sub(v).mul(1 - beta2)));
        Tensor mHat = m.mul(ut1 / (1 - uProductNext)).add(g.mul((1 - ut) / (1 - uProduct)));
        Tensor vHat = v.div(1 - Math.pow(beta2, t));
        var.assign(var.sub(mHat.mul(lr).div(vHat.sqrt().add(epsilon))));
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
