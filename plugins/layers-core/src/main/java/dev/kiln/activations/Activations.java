package dev.kiln.activations;

import dev.kiln.api.Tensor;
import dev.kiln.api.activations.Activation;
import dev.kiln.api.registry.Configs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's activations, each a named {@link Activation} built from tensor operations (so each has gradients on
 * every backend). Registered as {@code core>relu} etc. with the Keras names as aliases.
 *
 * <pre>{@code
 * Activation gelu = Activations.gelu(false);
 * Tensor y = Activations.RELU.apply(Tensor.of(new float[] {-1, 2}, 2));   // [0, 2]
 * }</pre>
 */
public final class Activations {
    private Activations() {}

    /** An activation with a Keras name and optional parameters (its config). */
    public static final class Named implements Activation, dev.kiln.api.registry.NamedComponent {
        private final String name;
        private final Map<String, Object> config;
        private final Activation fn;

        Named(String name, Map<String, Object> config, Activation fn) {
            this.name = name;
            this.config = config;
            this.fn = fn;
        }

        @Override
        public Tensor apply(Tensor x) { return fn.apply(x); }

        @Override
        public String registeredName() { return "core>" + name; }

        /** The Keras name ({@code "relu"}). */
        public String name() { return name; }

        @Override
        public Map<String, Object> getConfig() { return config; }

        @Override
        public boolean equals(Object o) { return o instanceof Named n && n.name.equals(name) && n.config.equals(config); }

        @Override
        public int hashCode() { return name.hashCode() * 31 + config.hashCode(); }

        @Override
        public String toString() { return name + (config.isEmpty() ? "" : config.toString()); }
    }

    private static Named of(String name, Activation fn) { return new Named(name, Map.of(), fn); }

    public static final Named RELU = of("relu", Tensor::relu);
    public static final Named SIGMOID = of("sigmoid", Tensor::sigmoid);
    public static final Named TANH = of("tanh", Tensor::tanh);
    public static final Named SOFTMAX = of("softmax", x -> x.softmax(-1));
    public static final Named LOG_SOFTMAX = of("log_softmax", x -> x.logSoftmax(-1));
    public static final Named SELU = of("selu", Tensor::selu);
    public static final Named SOFTPLUS = of("softplus", Tensor::softplus);
    public static final Named SOFTSIGN = of("softsign", Tensor::softsign);
    public static final Named SWISH = of("swish", x -> x.mul(x.sigmoid()));
    public static final Named LINEAR = of("linear", x -> x);

    /** GELU; exact ({@code 0.5 x (1 + erf(x / sqrt 2))}, Keras's default) or the tanh approximation. */
    public static Named gelu(boolean approximate) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("approximate", approximate);
        if (approximate) {
            double c = Math.sqrt(2 / Math.PI);
            return new Named("gelu", cfg, x -> x.mul(0.5).mul(x.add(x.pow(3.0).mul(0.044715)).mul(c).tanh().add(1.0)));
        }
        return new Named("gelu", cfg, x -> x.mul(0.5).mul(x.div(Math.sqrt(2)).erf().add(1.0)));
    }

    /** ELU with slope {@code alpha} for negative inputs (Keras default 1.0). */
    public static Named elu(double alpha) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("alpha", alpha);
        return new Named("elu", cfg, x -> x.elu(alpha));
    }

    /** Leaky ReLU with {@code negative_slope} (Keras 3 default 0.2). */
    public static Named leakyRelu(double negativeSlope) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("negative_slope", negativeSlope);
        return new Named("leaky_relu", cfg, x -> x.leakyRelu(negativeSlope));
    }

    static Named gelu(Map<String, Object> c) { return gelu(Configs.bool(c, "approximate", false)); }

    static Named elu(Map<String, Object> c) { return elu(Configs.number(c, "alpha", 1.0)); }

    static Named leakyRelu(Map<String, Object> c) { return leakyRelu(Configs.number(c, "negative_slope", 0.2)); }

    /** Registers every activation (called by the plugin). */
    public static void register(dev.kiln.api.registry.Registrar r) {
        dev.kiln.api.registry.ComponentKind k = dev.kiln.api.registry.ComponentKind.ACTIVATION;
        for (Named n : new Named[] {RELU, SIGMOID, TANH, SOFTMAX, LOG_SOFTMAX, SELU, SOFTPLUS, SOFTSIGN, LINEAR}) {
            r.register(k, "core>" + n.name(), Named.class, c -> n, n.name());
        }
        r.register(k, "core>swish", Named.class, c -> SWISH, "swish", "silu");
        r.register(k, "core>gelu", Named.class, Activations::gelu, "gelu");
        r.register(k, "core>elu", Named.class, Activations::elu, "elu");
        r.register(k, "core>leaky_relu", Named.class, Activations::leakyRelu, "leaky_relu");
    }
}
