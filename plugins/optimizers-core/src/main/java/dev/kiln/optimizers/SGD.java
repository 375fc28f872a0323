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
 * Stochastic gradient descent with optional momentum and Nesterov momentum, with Keras 3's update rule:
 * {@code w -= lr * g} without momentum; otherwise {@code v = momentum * v - lr * g} and {@code w += v}, or with
 * Nesterov {@code w += momentum * v - lr * g}. Defaults as Keras: {@code learning_rate=0.01, momentum=0,
 * nesterov=false}; registered as {@code core>SGD}, alias {@code "sgd"}.
 *
 * <pre>{@code
 * Optimizer sgd = new SGD(0.1).momentum(0.9).nesterov(true);
 * Optimizer decayed = new SGD(new ExponentialDecay(0.1, 1000, 0.96)).clipnorm(1.0);
 * }</pre>
 */
public final class SGD extends Optimizer {
    private static final String NAME = "SGD";
    private double momentum;
    private boolean nesterov;

    /** Keras's defaults: learning rate 0.01, no momentum. */
    public SGD() { this(0.01); }

    public SGD(double learningRate) { super(NAME, learningRate); }

    public SGD(LearningRateSchedule schedule) { super(NAME, schedule); }

    /** From a config: {@code learning_rate}, {@code momentum}, {@code nesterov} and the base options. */
    public SGD(Map<String, Object> config) {
        super(config, NAME, 0.01);
        momentum(Configs.number(config, "momentum", 0.0));
        nesterov(Configs.bool(config, "nesterov", false));
    }

    /** The optimizer a config describes (as Keras's {@code from_config}). */
    public static SGD fromConfig(Map<String, Object> config) { return new SGD(config); }

    /** Momentum in {@code [0, 1]}; 0 is plain gradient descent. */
    public SGD momentum(double momentum) {
        Checks.range(name(), "momentum", momentum, 0, 1, true);
        if ((momentum != 0) != (this.momentum != 0)) {
            Checks.notBuilt(this, "momentum");
        }
        this.momentum = momentum;
        return this;
    }

    /** Whether to apply Nesterov momentum. */
    public SGD nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    public double momentum() { return momentum; }

    public boolean nesterov() { return nesterov; }

    @Override
    public SGD clipnorm(double value) {
        super.clipnorm(value);
        return this;
    }

    @Override
    public SGD clipvalue(double value) {
        super.clipvalue(value);
        return this;
    }

    @Override
    public SGD globalClipnorm(double value) {
        super.globalClipnorm(value);
        return this;
    }

    @Override
    public SGD weightDecay(double decay) {
        super.weightDecay(decay);
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
        v.assign(nesterov ? v.add(m.mul(momentum).sub(g.mul(lr))) : v.add(m));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        return c;
    }
}
