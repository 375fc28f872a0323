package dev.kiln.optimizers.internal;

import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Plugin;
import dev.kiln.api.registry.Registrar;
import dev.kiln.optimizers.Adadelta;
import dev.kiln.optimizers.Adagrad;
import dev.kiln.optimizers.Adam;
import dev.kiln.optimizers.AdamW;
import dev.kiln.optimizers.Adamax;
import dev.kiln.optimizers.Nadam;
import dev.kiln.optimizers.RMSprop;
import dev.kiln.optimizers.SGD;
import dev.kiln.optimizers.schedules.CosineDecay;
import dev.kiln.optimizers.schedules.ExponentialDecay;
import dev.kiln.optimizers.schedules.InverseTimeDecay;
import dev.kiln.optimizers.schedules.PiecewiseConstantDecay;
import dev.kiln.optimizers.schedules.PolynomialDecay;

/**
 * Registers Keras's optimizers ({@code core>SGD}, {@code core>RMSprop}, {@code core>Adam}, {@code core>AdamW},
 * {@code core>Adagrad}, {@code core>Adadelta}, {@code core>Adamax}, {@code core>Nadam}) and learning-rate schedules
 * ({@code core>ExponentialDecay}, {@code core>PiecewiseConstantDecay}, {@code core>PolynomialDecay},
 * {@code core>InverseTimeDecay}, {@code core>CosineDecay}) under their Keras aliases. Found through
 * {@code META-INF/services/dev.kiln.api.registry.Plugin}.
 *
 * <pre>{@code
 * Optimizer rmsprop = Optimizer.get("rmsprop");
 * }</pre>
 */
public final class CoreOptimizersPlugin implements Plugin {
    @Override
    public String name() { return "core-optimizers"; }

    @Override
    public void register(Registrar r) {
        ComponentKind o = ComponentKind.OPTIMIZER;
        r.register(o, "core>SGD", SGD.class, SGD::fromConfig, "sgd");
        r.register(o, "core>RMSprop", RMSprop.class, RMSprop::fromConfig, "rmsprop");
        r.register(o, "core>Adam", Adam.class, Adam::fromConfig, "adam");
        r.register(o, "core>AdamW", AdamW.class, AdamW::fromConfig, "adamw");
        r.register(o, "core>Adagrad", Adagrad.class, Adagrad::fromConfig, "adagrad");
        r.register(o, "core>Adadelta", Adadelta.class, Adadelta::fromConfig, "adadelta");
        r.register(o, "core>Adamax", Adamax.class, Adamax::fromConfig, "adamax");
        r.register(o, "core>Nadam", Nadam.class, Nadam::fromConfig, "nadam");
        // Schedules also answer to their Keras class names, so Keras-saved {"class_name": "ExponentialDecay"} loads.
        ComponentKind s = ComponentKind.SCHEDULE;
        r.register(s, "core>ExponentialDecay", ExponentialDecay.class, ExponentialDecay::fromConfig, "exponential_decay",
                "ExponentialDecay");
        r.register(s, "core>PiecewiseConstantDecay", PiecewiseConstantDecay.class, PiecewiseConstantDecay::fromConfig, "piecewise_constant_decay",
                "PiecewiseConstantDecay");
        r.register(s, "core>PolynomialDecay", PolynomialDecay.class, PolynomialDecay::fromConfig, "polynomial_decay",
                "PolynomialDecay");
        r.register(s, "core>InverseTimeDecay", InverseTimeDecay.class, InverseTimeDecay::fromConfig, "inverse_time_decay",
                "InverseTimeDecay");
        r.register(s, "core>CosineDecay", CosineDecay.class, CosineDecay::fromConfig, "cosine_decay",
                "CosineDecay");
    }
}
