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

/** Registers Keras's optimizers and learning-rate schedules. */
public final class CoreOptimizersPlugin implements Plugin {
    @Override
    public String name() { return "core-optimizers"; }

    @Override
    public void register(Registrar r) {
        ComponentKind o = ComponentKind.OPTIMIZER;
        r.register(o, "core>SGD", SGD.class, SGD::new, "sgd");
        r.register(o, "core>RMSprop", RMSprop.class, RMSprop::new, "rmsprop");
        r.register(o, "core>Adam", Adam.class, Adam::new, "adam");
        r.register(o, "core>AdamW", AdamW.class, AdamW::new, "adamw");
        r.register(o, "core>Adagrad", Adagrad.class, Adagrad::new, "adagrad");
        r.register(o, "core>Adadelta", Adadelta.class, Adadelta::new, "adadelta");
        r.register(o, "core>Adamax", Adamax.class, Adamax::new, "adamax");
        r.register(o, "core>Nadam", Nadam.class, Nadam::new, "nadam");
        ComponentKind s = ComponentKind.SCHEDULE;
        r.register(s, "core>ExponentialDecay", ExponentialDecay.class, ExponentialDecay::new, "exponential_decay");
        r.register(s, "core>PiecewiseConstantDecay", PiecewiseConstantDecay.class, PiecewiseConstantDecay::new, "piecewise_constant_decay");
        r.register(s, "core>PolynomialDecay", PolynomialDecay.class, PolynomialDecay::new, "polynomial_decay");
        r.register(s, "core>InverseTimeDecay", InverseTimeDecay.class, InverseTimeDecay::new, "inverse_time_decay");
        r.register(s, "core>CosineDecay", CosineDecay.class, CosineDecay::new, "cosine_decay");
    }
}
