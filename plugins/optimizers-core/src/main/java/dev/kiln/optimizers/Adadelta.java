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
 * Adadelta: steps sized by the ratio of the running RMS of past updates to the running RMS of gradients, with
 * Keras 3's update rule: {@code Eg = rho Eg + (1 - rho) g^2}, {@code d = -sqrt(Ed + eps) g / sqrt(Eg + eps)},
 * {@code Ed = rho Ed + (1 - rho) d^2}, {@code w += lr * d}. Defaults as Keras: {@code learning_rate=0.001,
 * rho=0.95, epsilon=1e-7} (Keras's own docs suggest {@code learning_rate=1.0} to match the paper); registered as
 * {@code core>Adadelta}, alias {@code "adadelta"}.
 *
 * <pre>{@code
 * Optimizer opt = new Adadelta(1.0).rho(0.95);
 * }</pre>
 */
public final class Adadelta extends Optimizer {
    private static final String NAME = "adadelta";
    private double rho = 0.95;
    private double epsilon = 1e-7;

    /** Keras's defaults: learning rate 0.001, rho 0.95. */
    public Adadelta() { this(0.001); }

    public Adadelta(double learningRate) { super(NAME, learningRate); }

    public Adadelta(LearningRateSchedule schedule) { super(NAME, schedule); }

    /** From a config: {@code learning_rate}, {@code rho}, {@code epsilon} and the base options. */
    public Adadelta(Map<String, Object> config) {
        super(config, NAME, 0.001);
        rho(Configs.number(config, "rho", 0.95));
        epsilon(Configs.number(config, "epsilon", 1e-7));
    }

    /** The optimizer a config describes (as Keras's {@code from_config}). */
    public static Adadelta fromConfig(Map<String, Object> config) { return new Adadelta(config); }

    /** Decay of the running averages, in {@code [0, 1)}. */
    public Adadelta rho(double rho) {
        this.rho = Checks.range(name(), "rho", rho, 0, 1, false);
        return this;
    }

    /** Added inside the square roots for numerical stability; {@code > 0}. */
    public Adadelta epsilon(double epsilon) {
        this.epsilon = Checks.positive(name(), "epsilon", epsilon);
        return this;
    }

    public double rho() { return rho; }

    public double epsilon() { return epsilon; }

    @Override
    public Adadelta clipnorm(double value) {
        super.clipnorm(value);
        return this;
    }

    @Override
    public Adadelta clipvalue(double value) {
        super.clipvalue(value);
        return this;
    }

    @Override
    public Adadelta globalClipnorm(double value) {
        super.globalClipnorm(value);
        return this;
    }

    @Override
    public Adadelta weightDecay(double decay) {
        super.weightDecay(decay);
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
