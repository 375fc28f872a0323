package dev.kiln.layers.internal;

import dev.kiln.activations.Activations;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Plugin;
import dev.kiln.api.registry.Registrar;
import dev.kiln.initializers.Constant;
import dev.kiln.initializers.GlorotNormal;
import dev.kiln.initializers.GlorotUniform;
import dev.kiln.initializers.HeNormal;
import dev.kiln.initializers.HeUniform;
import dev.kiln.initializers.LecunNormal;
import dev.kiln.initializers.LecunUniform;
import dev.kiln.initializers.RandomInitializer;
import dev.kiln.initializers.VarianceScaling;
import dev.kiln.layers.Activation;
import dev.kiln.layers.Add;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dropout;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.Reshape;
import dev.kiln.regularizers.L1;
import dev.kiln.regularizers.L1L2;
import dev.kiln.regularizers.L2;

/** Registers the core layers, activations, initializers and regularizers. */
public final class CoreLayersPlugin implements Plugin {
    @Override
    public String name() { return "core-layers"; }

    @Override
    public void register(Registrar r) {
        ComponentKind l = ComponentKind.LAYER;
        r.register(l, "core>Dense", Dense.class, Dense::new, "dense");
        r.register(l, "core>Activation", Activation.class, Activation::new, "activation");
        r.register(l, "core>Dropout", Dropout.class, Dropout::new, "dropout");
        r.register(l, "core>Flatten", Flatten.class, Flatten::new, "flatten");
        r.register(l, "core>Reshape", Reshape.class, Reshape::new, "reshape");
        r.register(l, "core>Concatenate", Concatenate.class, Concatenate::new, "concatenate");
        r.register(l, "core>Add", Add.class, Add::new, "add");

        Activations.register(r);

        ComponentKind i = ComponentKind.INITIALIZER;
        r.register(i, "core>GlorotUniform", GlorotUniform.class, GlorotUniform::new, "glorot_uniform");
        r.register(i, "core>GlorotNormal", GlorotNormal.class, GlorotNormal::new, "glorot_normal");
        r.register(i, "core>HeUniform", HeUniform.class, HeUniform::new, "he_uniform");
        r.register(i, "core>HeNormal", HeNormal.class, HeNormal::new, "he_normal");
        r.register(i, "core>LecunUniform", LecunUniform.class, LecunUniform::new, "lecun_uniform");
        r.register(i, "core>LecunNormal", LecunNormal.class, LecunNormal::new, "lecun_normal");
        r.register(i, "core>VarianceScaling", VarianceScaling.class, VarianceScaling::new, "variance_scaling");
        r.register(i, "core>Zeros", Constant.Zeros.class, c -> Constant.zeros(), "zeros");
        r.register(i, "core>Ones", Constant.Ones.class, c -> Constant.ones(), "ones");
        r.register(i, "core>Constant", Constant.class, Constant::new, "constant");
        r.register(i, "core>RandomNormal", RandomInitializer.class,
                c -> RandomInitializer.fromConfig(RandomInitializer.Kind.NORMAL, c), "random_normal");
        r.register(i, "core>RandomUniform", RandomInitializer.class,
                c -> RandomInitializer.fromConfig(RandomInitializer.Kind.UNIFORM, c), "random_uniform");
        r.register(i, "core>TruncatedNormal", RandomInitializer.class,
                c -> RandomInitializer.fromConfig(RandomInitializer.Kind.TRUNCATED_NORMAL, c), "truncated_normal");

        ComponentKind g = ComponentKind.REGULARIZER;
        r.register(g, "core>L1", L1.class, L1::new, "l1");
        r.register(g, "core>L2", L2.class, L2::new, "l2");
        r.register(g, "core>L1L2", L1L2.class, L1L2::new, "l1_l2", "l1l2");
    }
}
