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
import dev.kiln.initializers.Constant;
import dev.kiln.initializers.GlorotUniform;
import dev.kiln.layers.internal.Specs;
import java.util.List;
import java.util.Map;

/**
 * A densely connected layer: {@code activation(input · kernel + bias)}, applied to the last axis. Kernel
 * initialized Glorot-uniform and bias zeros by default, as Keras.
 *
 * <pre>{@code
 * Tensor h = new Dense(64, "relu").apply(Input.of(784));           // (None, 64)
 * Dense out = new Dense(10).kernelRegularizer(new L2(1e-4)).useBias(false);
 * }</pre>
 */
public final class Dense extends Layer {
    private final int units;
    private Activation activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = Constant.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Variable kernel;
    private Variable bias;

    public Dense(int units) { this(units, (Activation) null); }

    /** With an activation by name ({@code "relu"}); {@code null} means linear. */
    public Dense(int units, String activation) { this(units, Specs.activation(activation)); }

    public Dense(int units, Activation activation) {
        this.units = checkUnits(units);
        this.activation = activation == null ? Specs.activation(null) : activation;
    }

    /** From a config written by {@link #getConfig()}. */
    public Dense(Map<String, Object> config) {
        super(config);
        this.units = checkUnits(Configs.integer(config, "units", 0));
        this.activation = Specs.activation(config.get("activation"));
        this.useBias = Configs.bool(config, "use_bias", true);
        if (config.get("kernel_initializer") != null) {
            this.kernelInitializer = Specs.initializer(config.get("kernel_initializer"));
        }
        if (config.get("bias_initializer") != null) {
            this.biasInitializer = Specs.initializer(config.get("bias_initializer"));
        }
        this.kernelRegularizer = Specs.regularizer(config.get("kernel_regularizer"));
        this.biasRegularizer = Specs.regularizer(config.get("bias_regularizer"));
    }

    private static int checkUnits(int units) {
        if (units <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid units for Dense.", "a positive integer", units,
                    "pass the output size, e.g. new Dense(64)"));
        }
        return units;
    }

    public Dense useBias(boolean use) {
        this.useBias = use;
        return this;
    }

    public Dense kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return this;
    }

    public Dense biasInitializer(Initializer init) {
        this.biasInitializer = init;
        return this;
    }

    public Dense kernelRegularizer(Regularizer r) {
        this.kernelRegularizer = r;
        return this;
    }

    public Dense biasRegularizer(Regularizer r) {
        this.biasRegularizer = r;
        return this;
    }

    public int units() { return units; }

    /** The kernel, shape {@code (inputDim, units)}; {@code null} before build. */
    public Variable kernel() { return kernel; }

    /** The bias, or {@code null} without one or before build. */
    public Variable bias() { return bias; }

    @Override
    protected void build(Shape inputShape) {
        if (inputShape.rank() < 1 || inputShape.dim(-1) == Shape.UNKNOWN) {
            throw new ShapeMismatchException(KilnException.message("Dense `" + name() + "` needs a known last input dimension.",
                    "a shape such as (None, 784)", inputShape, "give the Input a feature size"));
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
            throw new ShapeMismatchException(KilnException.message("Invalid input shape for layer `" + name() + "`.",
                    "(..., " + in + ")", input.shape(), "pass inputs whose last dimension is " + in));
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
        return c;
    }
}
