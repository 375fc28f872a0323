package dev.kiln.activations;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.activations.Activation;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.registry.NamedComponent;
import dev.kiln.api.registry.Registrar;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's activations, each a {@link Named} {@link Activation} built from tensor operations (so each has
 * gradients on every backend). Registered as {@code core>relu}, {@code core>gelu} ... with the Keras names as
 * aliases; parameterless ones are shared constants, parameterized ones come from factory methods.
 *
 * <pre>{@code
 * Activation relu = Activation.get("relu");                        // == Activations.RELU
 * Tensor y = relu.apply(Tensor.of(new float[] {-1, 2}, 2));        // [0, 2]
 * Dense d = new Dense(64, Activations.leakyRelu(0.1));
 * Activation tanhGelu = Activations.gelu(true);                    // the tanh approximation
 * }</pre>
 */
public final class Activations {
    private Activations() {}

    /**
     * An activation with a Keras name and its arguments (its config). Two are equal when name and arguments are.
     *
     * <pre>{@code
     * Activations.Named elu = Activations.elu(0.5);
     * assert elu.name().equals("elu") && elu.getConfig().equals(Map.of("alpha", 0.5));
     * }</pre>
     */
    public static final class Named implements Activation, NamedComponent {
        private final String name;
        private final Map<String, Object> config;
        private final Activation fn;

        Named(String name, Map<String, Object> config, Activation fn) {
            this.name = name;
            this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
            this.fn = fn;
        }

        @Override
        public Tensor apply(Tensor x) { return fn.apply(x); }

        @Override
        public String registeredName() { return "core>" + name; }

        /** The Keras name ({@code "relu"}). */
        public String name() { return name; }

        /** The arguments (empty for parameterless activations). */
        @Override
        public Map<String, Object> getConfig() { return new LinkedHashMap<>(config); }

        @Override
        public boolean equals(Object o) { return o instanceof Named n && n.name.equals(name) && n.config.equals(config); }

        @Override
        public int hashCode() { return name.hashCode() * 31 + config.hashCode(); }

        @Override
        public String toString() { return name + (config.isEmpty() ? "" : config.toString()); }
    }

    private static Named of(String name, Activation fn) { return new Named(name, Map.of(), fn); }

    /** {@code max(x, 0)}. */
    public static final Named RELU = of("relu", Tensor::relu);
    /** {@code 1 / (1 + exp(-x))}. */
    public static final Named SIGMOID = of("sigmoid", Tensor::sigmoid);
    public static final Named TANH = of("tanh", Tensor::tanh);
    /** Softmax over the last axis. */
    public static final Named SOFTMAX = of("softmax", x -> x.softmax(-1));
    /** Log-softmax over the last axis. */
    public static final Named LOG_SOFTMAX = of("log_softmax", x -> x.logSoftmax(-1));
    /** Scaled ELU with Keras's constants (alpha 1.6732632, scale 1.0507010). */
    public static final Named SELU = of("selu", Tensor::selu);
    /** {@code log(1 + exp(x))}. */
    public static final Named SOFTPLUS = of("softplus", Tensor::softplus);
    /** {@code x / (1 + |x|)}. */
    public static final Named SOFTSIGN = of("softsign", Tensor::softsign);
    /** {@code x * sigmoid(x)} (also registered as {@code silu}). */
    public static final Named SWISH = of("swish", x -> x.mul(x.sigmoid()));
    /** {@code min(max(x, 0), 6)}. */
    public static final Named RELU6 = of("relu6", x -> x.relu().minimum(6.0));
    /** {@code relu6(x + 3) / 6}, as Keras 3. */
    public static final Named HARD_SIGMOID = of("hard_sigmoid", x -> x.add(3.0).relu().minimum(6.0).div(6.0));
    /** {@code exp(x)}. */
    public static final Named EXPONENTIAL = of("exponential", Tensor::exp);
    /** {@code x * tanh(softplus(x))}. */
    public static final Named MISH = of("mish", x -> x.mul(x.softplus().tanh()));
    /** The identity. */
    public static final Named LINEAR = of("linear", x -> x);

    /** GELU; exact {@code 0.5 x (1 + erf(x / sqrt 2))} (Keras's default) or, approximate, the tanh form. */
    public static Named gelu(boolean approximate) {
        Map<String, Object> cfg = Map.of("approximate", approximate);
        if (approximate) {
            double c = Math.sqrt(2 / Math.PI);
            return new Named("gelu", cfg, x -> x.mul(0.5).mul(x.add(x.pow(3.0).mul(0.044715)).mul(c).tanh().add(1.0)));
        }
        double invSqrt2 = 1 / Math.sqrt(2);
        return new Named("gelu", cfg, x -> x.mul(0.5).mul(x.mul(invSqrt2).erf().add(1.0)));
    }

    /** ELU: {@code x} for {@code x > 0}, else {@code alpha (exp(x) - 1)} (Keras default alpha 1.0). */
    public static Named elu(double alpha) {
        return new Named("elu", Map.of("alpha", finite("elu", "alpha", alpha)), x -> x.elu(alpha));
    }

    /** Leaky ReLU: {@code x} for {@code x > 0}, else {@code negative_slope * x} (Keras 3 default 0.2). */
    public static Named leakyRelu(double negativeSlope) {
        return new Named("leaky_relu", Map.of("negative_slope", finite("leaky_relu", "negative_slope", negativeSlope)),
                x -> x.leakyRelu(negativeSlope));
    }

    /** Softmax over {@code axis}; {@code -1} gives {@link #SOFTMAX}. */
    public static Named softmax(int axis) {
        return axis == -1 ? SOFTMAX : new Named("softmax", Map.of("axis", axis), x -> x.softmax(axis));
    }

    /** Log-softmax over {@code axis}; {@code -1} gives {@link #LOG_SOFTMAX}. */
    public static Named logSoftmax(int axis) {
        return axis == -1 ? LOG_SOFTMAX : new Named("log_softmax", Map.of("axis", axis), x -> x.logSoftmax(axis));
    }

    private static double finite(String fn, String arg, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Invalid `" + arg + "` for activation " + fn + ".",
                    "a finite number", v, null));
        }
        return v;
    }

    /** Registers every activation under {@code core>name} with its Keras name as alias (called by the plugin). */
    public static void register(Registrar r) {
        ComponentKind k = ComponentKind.ACTIVATION;
        for (Named n : new Named[] {RELU, SIGMOID, TANH, SELU, SOFTPLUS, SOFTSIGN, RELU6, HARD_SIGMOID, EXPONENTIAL, MISH, LINEAR}) {
            r.register(k, "core>" + n.name(), Named.class, c -> n, n.name());
        }
        r.register(k, "core>softmax", Named.class, c -> softmax(Configs.integer(c, "axis", -1)), "softmax");
        r.register(k, "core>log_softmax", Named.class, c -> logSoftmax(Configs.integer(c, "axis", -1)), "log_softmax");
        r.register(k, "core>swish", Named.class, c -> SWISH, "swish", "silu");
        r.register(k, "core>gelu", Named.class, c -> gelu(Configs.bool(c, "approximate", false)), "gelu");
        r.register(k, "core>elu", Named.class, c -> elu(Configs.number(c, "alpha", 1.0)), "elu");
        r.register(k, "core>leaky_relu", Named.class, c -> leakyRelu(Configs.number(c, "negative_slope", 0.2)), "leaky_relu");
    }
}
