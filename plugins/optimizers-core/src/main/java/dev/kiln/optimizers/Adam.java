package dev.kiln.optimizers;

import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.optimizers.internal.Checks;
import java.util.List;
import java.util.Map;

/**
 * Adam (and AMSGrad) with Keras 3's update rule, for step {@code t = iterations + 1}:
 * {@code m += (g - m)(1 - beta_1)}, {@code v += (g^2 - v)(1 - beta_2)},
 * {@code alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)}, {@code w -= alpha * m / (sqrt(v) + eps)}, with
 * {@code v} replaced by its running maximum under {@code amsgrad}. Defaults as Keras: {@code learning_rate=0.001,
 * beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=false}; registered as {@code core>Adam}, alias {@code "adam"}.
 * {@link AdamW} adds decoupled weight decay.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3).amsgrad(true);
 * Optimizer tuned = new Adam(3e-4).beta2(0.98).epsilon(1e-8).globalClipnorm(1.0);
 * }</pre>
 */
public class Adam extends Optimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private boolean amsgrad;

    /** Keras's defaults: learning rate 0.001. */
    public Adam() { this(0.001); }

    public Adam(double learningRate) { super("adam", learningRate); }

    public Adam(LearningRateSchedule schedule) { super("adam", schedule); }

    /** From a config: {@code learning_rate}, {@code beta_1}, {@code beta_2}, {@code epsilon}, {@code amsgrad} and the base options. */
    public Adam(Map<String, Object> config) { this(config, "adam"); }

    /** For subclasses ({@link AdamW}). */
    protected Adam(String name, double learningRate) { super(name, learningRate); }

    /** For subclasses ({@link AdamW}). */
    protected Adam(String name, LearningRateSchedule schedule) { super(name, schedule); }

    /** For subclasses ({@link AdamW}): reads the config with {@code defaultName} when it has no {@code name}. */
    protected Adam(Map<String, Object> config, String defaultName) {
        super(config, defaultName, 0.001);
        beta1(Configs.number(config, "beta_1", 0.9));
        beta2(Configs.number(config, "beta_2", 0.999));
        epsilon(Configs.number(config, "epsilon", 1e-7));
        amsgrad(Configs.bool(config, "amsgrad", false));
    }

    /** The optimizer a config describes (as Keras's {@code from_config}). */
    public static Adam fromConfig(Map<String, Object> config) { return new Adam(config); }

    /** Decay of the first-moment estimate, in {@code [0, 1)}. */
    public Adam beta1(double beta1) {
        this.beta1 = Checks.range(name(), "beta_1", beta1, 0, 1, false);
        return this;
    }

    /** Decay of the second-moment estimate, in {@code [0, 1)}. */
    public Adam beta2(double beta2) {
        this.beta2 = Checks.range(name(), "beta_2", beta2, 0, 1, false);
        return this;
    }

    /** Added to {@code sqrt(v)} for numerical stability; {@code > 0}. */
    public Adam epsilon(double epsilon) {
        this.epsilon = Checks.positive(name(), "epsilon", epsilon);
        return this;
    }

    /** Whether to use the AMSGrad variant (the running maximum of {@code v}). */
    public Adam amsgrad(boolean amsgrad) {
        if (amsgrad != this.amsgrad) {
            Checks.notBuilt(this, "amsgrad");
        }
        this.amsgrad = amsgrad;
        return this;
    }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return epsilon; }

    public boolean amsgrad() { return amsgrad; }

    @Override
    public Adam clipnorm(double value) {
        super.clipnorm(value);
        return this;
    }

    @Override
    public Adam clipvalue(double value) {
        super.clipvalue(value);
        return this;
    }

    @Override
    public Adam globalClipnorm(double value) {
        super.globalClipnorm(value);
        return this;
    }

    @Override
    public Adam weightDecay(double decay) {
        super.weightDecay(decay);
        return this;
    }

    @Override
    protected void build(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "momentum");
            addSlot(v, "velocity");
            if (amsgrad) {
                addSlot(v, "velocity_hat");
            }
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable var, double lr) {
        long t = iterations() + 1;
        Variable m = slot(var, "momentum");
        Variable v = slot(var, "velocity");
        double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        KilnRuntime rt = KilnRuntime.get();
        if (!amsgrad && rt.hasKernel("AdamUpdate")) {
            // The rule below in one fused kernel: the same values, one pass instead of eleven operators.
            rt.assignOutputs("AdamUpdate", Map.of("alpha", alpha, "beta_1", beta1, "beta_2", beta2, "epsilon", epsilon),
                    List.of(var, m, v), var, g, m, v);
            return;
        }
        m.assign(m.add(g.sub(m).mul(1 - beta1)));
        v.assign(v.add(g.square().sub(v).mul(1 - beta2)));
        Tensor vUse = v;
        if (amsgrad) {
            Variable vhat = slot(var, "velocity_hat");
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
