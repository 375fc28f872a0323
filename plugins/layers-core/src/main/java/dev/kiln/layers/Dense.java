package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.activations.Activation;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.regularizers.Regularizer;
import dev.kiln.initializers.GlorotUniform;
import dev.kiln.initializers.Zeros;
import dev.kiln.layers.internal.Specs;
import java.util.List;
import java.util.Map;

/**
 * A densely connected layer: {@code activation(input · kernel + bias)} with a kernel of shape
 * {@code (input_dim, units)}, applied to the last axis (so a {@code (batch, steps, features)} input gives
 * {@code (batch, steps, units)}). The kernel starts Glorot-uniform and the bias zeros, as Keras. Settings other
 * than units and activation are fluent setters, usable until the layer is first called.
 *
 * <pre>{@code
 * Tensor h = new Dense(64, "relu").apply(Input.of(784));                  // (None, 64)
 * Dense out = new Dense(10).useBias(false).kernelInitializer("he_normal").kernelRegularizer(new L2(1e-4));
 * }</pre>
 */
public final class Dense extends Layer {
    private final int units;
    private final Activation activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = new Zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Variable kernel;
    private Variable bias;

    /** A linear layer with {@code units} outputs. */
    public Dense(int units) { this(units, (Activation) null); }

    /** With an activation by Keras name ({@code "relu"}); {@code null} or {@code ""} means linear. */
    public Dense(int units, String activation) { this(units, Specs.activation(activation)); }

    /** With an activation function; {@code null} means linear. */
    public Dense(int units, Activation activation) {
        this.units = checkUnits(units);
        this.activation = Specs.activation(activation);
    }

    /** From a config written by {@link #getConfig()} (Keras's keys). */
    public Dense(Map<String, Object> config) {
        super(config);
        this.units = checkUnits(Configs.integer(config, "units", 0));
        this.activation = Specs.activation(config.get("activation"));
        this.useBias = Configs.bool(config, "use_bias", true);
        if (config.get("kernel_initializer") != null) {
            this.kernelInitializer = Specs.initializer(config.get("kernel_initializer"), "kernel_initializer");
        }
        if (config.get("bias_initializer") != null) {
            this.biasInitializer = Specs.initializer(config.get("bias_initializer"), "bias_initializer");
        }
        this.kernelRegularizer = Specs.regularizer(config.get("kernel_regularizer"));
        this.biasRegularizer = Specs.regularizer(config.get("bias_regularizer"));
        Regularizer activity = Specs.regularizer(config.get("activity_regularizer"));
        if (activity != null) {
            activityRegularizer(activity);
        }
    }

    /** The registered factory: the same as {@link #Dense(Map)}. */
    public static Dense fromConfig(Map<String, Object> config) { return new Dense(config); }

    private static int checkUnits(int units) {
        if (units <= 0) {
            throw new InvalidArgumentException(KilnException.message("Received an invalid value for `units`.",
                    "a positive integer", "units=" + units, "pass the output size, e.g. new Dense(64)"));
        }
        return units;
    }

    /** Whether to add a bias (default true). */
    public Dense useBias(boolean use) {
        Specs.requireUnbuilt(this, "use_bias");
        this.useBias = use;
        return this;
    }

    public Dense kernelInitializer(Initializer init) {
        Specs.requireUnbuilt(this, "kernel_initializer");
        this.kernelInitializer = Specs.initializer(init, "kernel_initializer");
        return this;
    }

    /** By Keras name, e.g. {@code "he_normal"}. */
    public Dense kernelInitializer(String id) { return kernelInitializer(Specs.initializer(id, "kernel_initializer")); }

    public Dense biasInitializer(Initializer init) {
        Specs.requireUnbuilt(this, "bias_initializer");
        this.biasInitializer = Specs.initializer(init, "bias_initializer");
        return this;
    }

    /** By Keras name, e.g. {@code "ones"}. */
    public Dense biasInitializer(String id) { return biasInitializer(Specs.initializer(id, "bias_initializer")); }

    /** A penalty on the kernel; {@code null} for none. */
    public Dense kernelRegularizer(Regularizer r) {
        Specs.requireUnbuilt(this, "kernel_regularizer");
        this.kernelRegularizer = r;
        return this;
    }

    /** By Keras name, e.g. {@code "l2"}. */
    public Dense kernelRegularizer(String id) { return kernelRegularizer(Specs.regularizer(id)); }

    /** A penalty on the bias; {@code null} for none. */
    public Dense biasRegularizer(Regularizer r) {
        Specs.requireUnbuilt(this, "bias_regularizer");
        this.biasRegularizer = r;
        return this;
    }

    /** By Keras name, e.g. {@code "l2"}. */
    public Dense biasRegularizer(String id) { return biasRegularizer(Specs.regularizer(id)); }

    public int units() { return units; }

    public Activation activation() { return activation; }

    public boolean useBias() { return useBias; }

    public Initializer kernelInitializer() { return kernelInitializer; }

    public Initializer biasInitializer() { return biasInitializer; }

    public Regularizer kernelRegularizer() { return kernelRegularizer; }

    public Regularizer biasRegularizer() { return biasRegularizer; }

    /** The kernel, shape {@code (input_dim, units)}; {@code null} before the layer is built. */
    public Variable kernel() { return kernel; }

    /** The bias, shape {@code (units,)}; {@code null} without one or before the layer is built. */
    public Variable bias() { return bias; }

    @Override
    protected void build(Shape inputShape) {
        if (inputShape.rank() < 1 || inputShape.dim(-1) == Shape.UNKNOWN) {
            throw new ShapeMismatchException(KilnException.message("The last dimension of the input to Dense layer `" + name()
                    + "` should be defined.", "a shape such as (None, 784)", inputShape, "give the input a known feature size"));
        }
        kernel = addWeight("kernel", Shape.of(inputShape.dim(-1), units), kernelInitializer, kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", Shape.of(units), biasInitializer, biasRegularizer, true);
        }
    }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        int in = kernel.shape().dim(0);
        if (input.shape().rank() < 1 || input.shape().dim(-1) != in) {
            throw new ShapeMismatchException(KilnException.message("Input 0 of layer `" + name() + "` is incompatible with the layer: "
                    + "expected axis -1 of input shape to have value " + in + ".", "(..., " + in + ")", input.shape(),
                    "pass inputs whose last dimension is " + in));
        }
        Tensor x = input.dtype() == kernel.dtype() ? input : input.cast(kernel.dtype());
        Tensor y = x.matmul(kernel);
        if (bias != null) {
            y = y.add(bias);
        }
        return activation.apply(y);
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) { return inputShapes.get(0).withDim(-1, units); }

    /**
     * {@code units}, {@code activation}, {@code use_bias}, {@code kernel_initializer}, {@code bias_initializer},
     * {@code kernel_regularizer}, {@code bias_regularizer}, {@code activity_regularizer}, plus name, trainable, dtype.
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", Specs.write(ComponentKind.ACTIVATION, activation));
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Specs.write(ComponentKind.INITIALIZER, kernelInitializer));
        c.put("bias_initializer", Specs.write(ComponentKind.INITIALIZER, biasInitializer));
        c.put("kernel_regularizer", Specs.write(ComponentKind.REGULARIZER, kernelRegularizer));
        c.put("bias_regularizer", Specs.write(ComponentKind.REGULARIZER, biasRegularizer));
        c.put("activity_regularizer", Specs.write(ComponentKind.REGULARIZER, activityRegularizer()));
        return c;
    }
}
