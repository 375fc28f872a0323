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
 * RMSprop: divides the gradient by a running root mean square of recent gradients (Keras 3's update rule,
 * epsilon inside the square root), with optional momentum and centering.
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(1e-3);
 * Optimizer centered = new RMSprop(1e-3).centered(true).momentum(0.9);
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    private double rho = 0.9;
    private double momentum;
    private double epsilon = 1e-7;
    private boolean centered;

    public RMSprop() { this(0.001); }

    public RMSprop(double learningRate) { super("RMSprop", learningRate); }

    public RMSprop(LearningRateSchedule schedule) { super("RMSprop", schedule); }

    public RMSprop(Map<String, Object> c) {
        super(c, "RMSprop", 0.001);
        rho(Configs.number(c, "rho", 0.9));
        momentum(Configs.number(c, "momentum", 0.0));
        epsilon(Configs.number(c, "epsilon", 1e-7));
        centered(Configs.bool(c, "centered", false));
    }

    public RMSprop rho(double r) {
        this.rho = Checks.range("RMSprop", "rho", r, 0, 1, false);
        return this;
    }

    public RMSprop momentum(double m) {
        this.momentum = Checks.range("RMSprop", "momentum", m, 0, 1, true);
        return this;
    }

    public RMSprop epsilon(double e) {
        this.epsilon = Checks.positive("RMSprop", "epsilon", e);
        return this;
    }

    public RMSprop centered(boolean c) {
        this.centered = c;
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
