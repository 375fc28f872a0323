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
 * Adam (and AMSGrad) with Keras 3's update rule; {@link AdamW} adds decoupled weight decay.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3).amsgrad(true);
 * }</pre>
 */
public class Adam extends Optimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private boolean amsgrad;

    public Adam() { this(0.001); }

    public Adam(double learningRate) { super("adam", learningRate); }

    public Adam(LearningRateSchedule schedule) { super("adam", schedule); }

    public Adam(Map<String, Object> c) { this(c, "adam"); }

    protected Adam(String name, double learningRate) { super(name, learningRate); }

    protected Adam(String name, LearningRateSchedule schedule) { super(name, schedule); }

    protected Adam(Map<String, Object> c, String defaultName) {
        super(c, defaultName, 0.001);
        beta1(Configs.number(c, "beta_1", 0.9));
        beta2(Configs.number(c, "beta_2", 0.999));
        epsilon(Configs.number(c, "epsilon", 1e-7));
        amsgrad(Configs.bool(c, "amsgrad", false));
    }

    public Adam beta1(double b) {
        this.beta1 = Checks.range(name(), "beta_1", b, 0, 1, false);
        return this;
    }

    public Adam beta2(double b) {
        this.beta2 = Checks.range(name(), "beta_2", b, 0, 1, false);
        return this;
    }

    public Adam epsilon(double e) {
        this.epsilon = Checks.positive(name(), "epsilon", e);
        return this;
    }

    public Adam amsgrad(boolean a) {
        this.amsgrad = a;
        return this;
    }

    @Override
    protected void build(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "m");
            addSlot(v, "v");
            if (amsgrad) {
                addSlot(v, "vhat");
            }
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable var, double lr) {
        long t = iterations() + 1;
        Variable m = slot(var, "m");
        Variable v = slot(var, "v");
        double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        m.assign(m.add(g.sub(m).mul(1 - beta1)));
        v.assign(v.add(g.square().sub(v).mul(1 - beta2)));
        Tensor vUse = v;
        if (amsgrad) {
            Variable vhat = slot(var, "vhat");
            vhat.assign(vhat.maximum(v));
            vUse = vhat;
        }
        var.assign(var.sub(m.mul(alpha).div(vUse.sqrt().add(epsilon))));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("amsgrad", amsgrad);
        return c;
    }
}
