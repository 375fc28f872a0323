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
 * RMSprop: divides the gradient by a running root mean square of recent gradients, with Keras 3's update rule
 * (epsilon inside the square root): {@code ms = rho * ms + (1 - rho) * g^2}, {@code w -= lr * g / sqrt(ms + eps)};
 * {@code centered} subtracts the square of a running mean gradient from {@code ms}, and {@code momentum > 0}
 * accumulates the increments. Defaults as Keras: {@code learning_rate=0.001, rho=0.9, momentum=0,
 * epsilon=1e-7, centered=false}; registered as {@code core>RMSprop}, alias {@code "rmsprop"}.
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(1e-3);
 * Optimizer centered = new RMSprop(1e-3).centered(true).momentum(0.9);
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    private static final String NAME = "rmsprop";
    private double rho = 0.9;
    private double momentum;
    private double epsilon = 1e-7;
    private boolean centered;

    /** Keras's defaults: learning rate 0.001, rho 0.9. */
    public RMSprop() { this(0.001); }

    public RMSprop(double learningRate) { super(NAME, learningRate); }

    public RMSprop(LearningRateSchedule schedule) { super(NAME, schedule); }

    /** From a config: {@code learning_rate}, {@code rho}, {@code momentum}, {@code epsilon}, {@code centered} and the base options. */
    public RMSprop(Map<String, Object> config) {
        super(config, NAME, 0.001);
        rho(Configs.number(config, "rho", 0.9));
        momentum(Configs.number(config, "momentum", 0.0));
        epsilon(Configs.number(config, "epsilon", 1e-7));
        centered(Configs.bool(config, "centered", false));
    }

    /** The optimizer a config describes (as Keras's {@code from_config}). */
    public static RMSprop fromConfig(Map<String, Object> config) { return new RMSprop(config); }

    /** Discount of the running mean square, in {@code [0, 1)}. */
    public RMSprop rho(double rho) {
        this.rho = Checks.range(name(), "rho", rho, 0, 1, false);
        return this;
    }

    /** Momentum in {@code [0, 1]}; 0 disables it. */
    public RMSprop momentum(double momentum) {
        Checks.range(name(), "momentum", momentum, 0, 1, true);
        if ((momentum > 0) != (this.momentum > 0)) {
            Checks.notBuilt(this, "momentum");
        }
        this.momentum = momentum;
        return this;
    }

    /** Added inside the square root for numerical stability; {@code > 0}. */
    public RMSprop epsilon(double epsilon) {
        this.epsilon = Checks.positive(name(), "epsilon", epsilon);
        return this;
    }

    /** Whether to normalize by the estimated variance of the gradient instead of its second moment. */
    public RMSprop centered(boolean centered) {
        if (centered != this.centered) {
            Checks.notBuilt(this, "centered");
        }
        this.centered = centered;
        return this;
    }

    public double rho() { return rho; }

    public double momentum() { return momentum; }

    public double epsilon() { return epsilon; }

    public boolean centered() { return centered; }

    @Override
    public RMSprop clipnorm(double value) {
        super.clipnorm(value);
        return this;
    }

    @Override
    public RMSprop clipvalue(double value) {
        super.clipvalue(value);
        return this;
    }

    @Override
    public RMSprop globalClipnorm(double value) {
        super.globalClipnorm(value);
        return this;
    }

    @Override
    public RMSprop weightDecay(double decay) {
        super.weightDecay(decay);
        return this;
    }

    @Override
    protected void build(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "velocity");
            if (momentum > 0) {
                addSlot(v, "momentum");
            }
            if (centered) {
                addSlot(v, "average_gradient");
            }
        }
    }

    @Override
    protected void updateStep(Tensor g, Variable v, double lr) {
        Variable velocity = slot(v, "velocity");
        KilnRuntime rt = KilnRuntime.get();
        if (!centered && momentum == 0 && rt.hasKernel("RMSpropUpdate")) {
            // The plain rule in one fused kernel (the same values as the operators below, one pass instead of ten).
            rt.assignOutputs("RMSpropUpdate", Map.of("learning_rate", lr, "rho", rho, "epsilon", epsilon),
                    List.of(v, velocity), v, g, velocity);
            return;
        }
        velocity.assign(velocity.mul(rho).add(g.square().mul(1 - rho)));
        Tensor denominator;
        if (centered) {
            Variable avg = slot(v, "average_gradient");
            avg.assign(avg.mul(rho).add(g.mul(1 - rho)));
            denominator = velocity.sub(avg.square()).add(epsilon);
        } else {
            denominator = velocity.add(epsilon);
        }
        Tensor increment = g.mul(lr).div(denominator.sqrt());
        if (momentum > 0) {
            Variable m = slot(v, "momentum");
            m.assign(m.mul(momentum).add(increment));
            v.assign(v.sub(m));
        } else {
            v.assign(v.sub(increment));
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rho", rho);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("centered", centered);
        return c;
    }
}
