package dev.kiln.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.activations.Activation;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configs;
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
public final class Dense extends KernelLayer<Dense> {
    private final int units;
    private final Activation activation;

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
        readKernelConfig(config);
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


    public int units() { return units; }

    public Activation activation() { return activation; }


    @Override
    protected void build(Shape inputShape) {
        if (inputShape.rank() < 1 || inputShape.dim(-1) == Shape.UNKNOWN) {
            throw new ShapeMismatchException(KilnException.message("The last dimension of the input to Dense layer `" + name()
                    + "` should be defined.", "a shape such as (None, 784)", inputShape, "give the input a known feature size"));
        }
        addKernelAndBias(Shape.of(inputShape.dim(-1), units), units);
    }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) {
        Variable kernel = kernel();
        Variable bias = bias();
        int in = kernel.shape().dim(0);
        if (input.shape().rank() < 1 || input.shape().dim(-1) != in) {
            throw new ShapeMismatchException(KilnException.message("Input 0 of layer `" + name() + "` is incompatible with the layer: "
                    + "expected axis -1 of input shape to have value " + in + ".", "(..., " + in + ")", input.shape(),
                    "pass inputs whose last dimension is " + in));
        }
        Tensor x = input.dtype() == kernel.dtype() ? input : input.cast(kernel.dtype());
        Tensor y;
        if (bias != null && x.shape().rank() == 2) {
            // One Gemm (ONNX's x W + b): the backend adds the bias as it writes the product.
            y = KilnRuntime.get().op("Gemm", Map.of(), x, kernel, bias);
        } else {
            y = x.matmul(kernel);
            if (bias != null) {
                y = y.add(bias);
            }
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
        writeKernelConfig(c);
        return c;
    }
}
