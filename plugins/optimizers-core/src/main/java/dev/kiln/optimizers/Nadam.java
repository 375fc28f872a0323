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
 * Nadam: Adam with Nesterov momentum, with Keras 3's momentum-cache update rule. For step
 * {@code t = iterations + 1}, {@code u_t = beta_1 (1 - 0.5 * 0.96^t)} and {@code U_t = u_1 u_2 ... u_t}:
 * {@code m += (g - m)(1 - beta_1)}, {@code v += (g^2 - v)(1 - beta_2)},
 * {@code m_hat = u_{t+1} m / (1 - U_t u_{t+1}) + (1 - u_t) g / (1 - U_t)}, {@code v_hat = v / (1 - beta_2^t)},
 * {@code w -= lr * m_hat / (sqrt(v_hat) + eps)}. (Keras 3's {@code keras/src/optimizers/nadam.py} uses
 * {@code 0.96^t}; Keras 2 and the paper used {@code 0.96^(0.004 t)}.) {@code U_t} is recomputed from the step
 * count, so a restored {@link #setIterations step count} gives the same updates. Defaults as Keras:
 * {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7}; registered as {@code core>Nadam}, alias
 * {@code "nadam"}.
 *
 * <pre>{@code
 * Optimizer opt = new Nadam(2e-3).beta1(0.95);
 * }</pre>
 */
public final class Nadam extends Optimizer {
    private static final String NAME = "nadam";
    /** Base of Keras 3's momentum-cache decay, {@code 0.96^t}. */
    private static final double DECAY = 0.96;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    /** {@code product} is u_1..u_productStep (for the beta_1 it was computed with), advanced lazily. */
    private long productStep;
    private double product = 1;
    private double productBeta1 = Double.NaN;

    /** Keras's defaults: learning rate 0.001. */
    public Nadam() { this(0.001); }

    public Nadam(double learningRate) { super(NAME, learningRate); }

    public Nadam(LearningRateSchedule schedule) { super(NAME, schedule); }

    /** From a config: {@code learning_rate}, {@code beta_1}, {@code beta_2}, {@code epsilon} and the base options. */
    public Nadam(Map<String, Object> config) {
        super(config, NAME, 0.001);
        beta1(Configs.number(config, "beta_1", 0.9));
        beta2(Configs.number(config, "beta_2", 0.999));
        epsilon(Configs.number(config, "epsilon", 1e-7));
    }

    /** The optimizer a config describes (as Keras's {@code from_config}). */
    public static Nadam fromConfig(Map<String, Object> config) { return new Nadam(config); }

    /** Decay of the first-moment estimate, in {@code [0, 1)}. */
    public Nadam beta1(double beta1) {
        this.beta1 = Checks.range(name(), "beta_1", beta1, 0, 1, false);
        return this;
    }

    /** Decay of the second-moment estimate, in {@code [0, 1)}. */
    public Nadam beta2(double beta2) {
        this.beta2 = Checks.range(name(), "beta_2", beta2, 0, 1, false);
        return this;
    }

    /** Added to {@code sqrt(v_hat)} for numerical stability; {@code > 0}. */
    public Nadam epsilon(double epsilon) {
        this.epsilon = Checks.positive(name(), "epsilon", epsilon);
        return this;
    }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return epsilon; }

    @Override
    public Nadam clipnorm(double value) {
        super.clipnorm(value);
        return this;
    }

    @Override
    public Nadam clipvalue(double value) {
        super.clipvalue(value);
        return this;
    }

    @Override
    public Nadam globalClipnorm(double value) {
        super.globalClipnorm(value);
        return this;
    }

    @Override
    public Nadam weightDecay(double decay) {
        super.weightDecay(decay);
        return this;
    }

    private double u(long t) { return beta1 * (1 - 0.5 * Math.pow(DECAY, t)); }

    /** u_1 * ... * u_t. */
    private double productThrough(long t) {
        if (productStep > t || productBeta1 != beta1) {
            productStep = 0;
            product = 1;
            productBeta1 = beta1;
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
            addSlot(v, "momentum");
            addSlot(v, "velocity");
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable var, double lr) {
        long t = iterations() + 1;
        double ut = u(t);
        double ut1 = u(t + 1);
        double uProduct = productThrough(t);
        double uProductNext = uProduct * ut1;
        Variable m = slot(var, "momentum");
        Variable v = slot(var, "velocity");
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
