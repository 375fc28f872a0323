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
 * Adamax: Adam with the infinity norm of past gradients in place of their second moment, with Keras 3's update
 * rule for step {@code t = iterations + 1}: {@code m += (g - m)(1 - beta_1)}, {@code u = max(beta_2 u, |g|)},
 * {@code w -= lr * m / ((1 - beta_1^t)(u + eps))}. Defaults as Keras: {@code learning_rate=0.001, beta_1=0.9,
 * beta_2=0.999, epsilon=1e-7}; registered as {@code core>Adamax}, alias {@code "adamax"}.
 *
 * <pre>{@code
 * Optimizer opt = new Adamax(0.002).beta2(0.99);
 * }</pre>
 */
public final class Adamax extends Optimizer {
    private static final String NAME = "adamax";
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;

    /** Keras's defaults: learning rate 0.001. */
    public Adamax() { this(0.001); }

    public Adamax(double learningRate) { super(NAME, learningRate); }

    public Adamax(LearningRateSchedule schedule) { super(NAME, schedule); }

    /** From a config: {@code learning_rate}, {@code beta_1}, {@code beta_2}, {@code epsilon} and the base options. */
    public Adamax(Map<String, Object> config) {
        super(config, NAME, 0.001);
        beta1(Configs.number(config, "beta_1", 0.9));
        beta2(Configs.number(config, "beta_2", 0.999));
        epsilon(Configs.number(config, "epsilon", 1e-7));
    }

    /** The optimizer a config describes (as Keras's {@code from_config}). */
    public static Adamax fromConfig(Map<String, Object> config) { return new Adamax(config); }

    /** Decay of the first-moment estimate, in {@code [0, 1)}. */
    public Adamax beta1(double beta1) {
        this.beta1 = Checks.range(name(), "beta_1", beta1, 0, 1, false);
        return this;
    }

    /** Decay of the infinity norm, in {@code [0, 1)}. */
    public Adamax beta2(double beta2) {
        this.beta2 = Checks.range(name(), "beta_2", beta2, 0, 1, false);
        return this;
    }

    /** Added to the norm for numerical stability; {@code > 0}. */
    public Adamax epsilon(double epsilon) {
        this.epsilon = Checks.positive(name(), "epsilon", epsilon);
        return this;
    }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return epsilon; }

    @Override
    public Adamax clipnorm(double value) {
        super.clipnorm(value);
        return this;
    }

    @Override
    public Adamax clipvalue(double value) {
        super.clipvalue(value);
        return this;
    }

    @Override
    public Adamax globalClipnorm(double value) {
        super.globalClipnorm(value);
        return this;
    }

    @Override
    public Adamax weightDecay(double decay) {
        super.weightDecay(decay);
        return this;
    }

    @Override
    protected void build(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "momentum");
            addSlot(v, "norm");
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable var, double lr) {
        long t = iterations() + 1;
        Variable m = slot(var, "momentum");
        Variable u = slot(var, "norm");
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
