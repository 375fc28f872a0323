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
import dev.kiln.initializers.Ones;
import dev.kiln.initializers.RandomNormal;
import dev.kiln.initializers.RandomUniform;
import dev.kiln.initializers.TruncatedNormal;
import dev.kiln.initializers.VarianceScaling;
import dev.kiln.initializers.Zeros;
import dev.kiln.layers.Activation;
import dev.kiln.layers.Add;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dropout;
import dev.kiln.layers.AveragePooling2D;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.GlobalAveragePooling2D;
import dev.kiln.layers.GlobalMaxPooling2D;
import dev.kiln.layers.MaxPooling2D;
import dev.kiln.layers.Reshape;
import dev.kiln.regularizers.L1;
import dev.kiln.regularizers.L1L2;
import dev.kiln.regularizers.L2;

/**
 * Registers the core layers, activations, initializers and regularizers under {@code core>Name} with their Keras
 * identifiers as aliases. Found by ServiceLoader ({@code META-INF/services/dev.kiln.api.registry.Plugin}) or
 * installed as an OSGi service.
 *
 * <pre>{@code
 * Registry.get().addPlugin(new CoreLayersPlugin());     // done for you on a class path
 * Layer d = Registry.get().create(ComponentKind.LAYER, "dense", Map.of("units", 8), Layer.class);
 * }</pre>
 */
public final class CoreLayersPlugin implements Plugin {
    @Override
    public String name() { return "core-layers"; }

    @Override
    public void register(Registrar r) {
        ComponentKind l = ComponentKind.LAYER;
        r.register(l, "core>Dense", Dense.class, Dense::fromConfig, "dense");
        r.register(l, "core>Activation", Activation.class, Activation::fromConfig, "activation");
        r.register(l, "core>Dropout", Dropout.class, Dropout::fromConfig, "dropout");
        r.register(l, "core>Flatten", Flatten.class, Flatten::fromConfig, "flatten");
        r.register(l, "core>Reshape", Reshape.class, Reshape::fromConfig, "reshape");
        r.register(l, "core>Concatenate", Concatenate.class, Concatenate::fromConfig, "concatenate");
        r.register(l, "core>Add", Add.class, Add::fromConfig, "add");
        r.register(l, "core>Conv2D", Conv2D.class, Conv2D::fromConfig, "conv2d", "convolution2d");
        r.register(l, "core>MaxPooling2D", MaxPooling2D.class, MaxPooling2D::fromConfig, "max_pooling2d", "maxpool2d");
        r.register(l, "core>AveragePooling2D", AveragePooling2D.class, AveragePooling2D::fromConfig, "average_pooling2d",
                "avgpool2d");
        r.register(l, "core>GlobalAveragePooling2D", GlobalAveragePooling2D.class, GlobalAveragePooling2D::fromConfig,
                "global_average_pooling2d", "globalavgpool2d");
        r.register(l, "core>GlobalMaxPooling2D", GlobalMaxPooling2D.class, GlobalMaxPooling2D::fromConfig,
                "global_max_pooling2d", "globalmaxpool2d");

        Activations.register(r);

        ComponentKind i = ComponentKind.INITIALIZER;
        r.register(i, "core>GlorotUniform", GlorotUniform.class, GlorotUniform::fromConfig, "glorot_uniform");
        r.register(i, "core>GlorotNormal", GlorotNormal.class, GlorotNormal::fromConfig, "glorot_normal");
        r.register(i, "core>HeUniform", HeUniform.class, HeUniform::fromConfig, "he_uniform");
        r.register(i, "core>HeNormal", HeNormal.class, HeNormal::fromConfig, "he_normal");
        r.register(i, "core>LecunUniform", LecunUniform.class, LecunUniform::fromConfig, "lecun_uniform");
        r.register(i, "core>LecunNormal", LecunNormal.class, LecunNormal::fromConfig, "lecun_normal");
        r.register(i, "core>VarianceScaling", VarianceScaling.class, VarianceScaling::fromConfig, "variance_scaling");
        r.register(i, "core>Zeros", Zeros.class, Zeros::fromConfig, "zeros", "zero");
        r.register(i, "core>Ones", Ones.class, Ones::fromConfig, "ones", "one");
        r.register(i, "core>Constant", Constant.class, Constant::fromConfig, "constant");
        r.register(i, "core>RandomNormal", RandomNormal.class, RandomNormal::fromConfig, "random_normal", "normal");
        r.register(i, "core>RandomUniform", RandomUniform.class, RandomUniform::fromConfig, "random_uniform", "uniform");
        r.register(i, "core>TruncatedNormal", TruncatedNormal.class, TruncatedNormal::fromConfig, "truncated_normal");

        ComponentKind g = ComponentKind.REGULARIZER;
        r.register(g, "core>L1", L1.class, L1::fromConfig, "l1");
        r.register(g, "core>L2", L2.class, L2::fromConfig, "l2");
        r.register(g, "core>L1L2", L1L2.class, L1L2::fromConfig, "l1_l2", "l1l2");
    }
}
