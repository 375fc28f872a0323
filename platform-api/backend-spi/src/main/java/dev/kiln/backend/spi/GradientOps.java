package dev.kiln.backend.spi;

/**
 * Names of Kiln's gradient kernels: the few backward operators no composition of ONNX operators covers (see
 * {@link Backend}, "Gradient kernels", for inputs, attributes and outputs). A backend that implements them lists them
 * in {@link Backend#supportedOps()}.
 *
 * <pre>{@code
 * BackendArray dx = backend.execute(GradientOps.MAX_POOL_GRAD, maxPoolAttrs, x, dy)[0];
 * }</pre>
 */
public final class GradientOps {
    private GradientOps() {}

    /** {@code ConvGradInput(dY, W)}, Conv's attributes plus {@code input_shape}: the gradient of Conv with respect to X. */
    public static final String CONV_GRAD_INPUT = "ConvGradInput";

    /** {@code ConvGradFilter(X, dY)}, Conv's attributes plus {@code filter_shape}: the gradient of Conv with respect to W. */
    public static final String CONV_GRAD_FILTER = "ConvGradFilter";

    /** {@code MaxPoolGrad(X, dY)}, MaxPool's attributes: each output gradient routed to its window's maximum. */
    public static final String MAX_POOL_GRAD = "MaxPoolGrad";

    /**
     * {@code ReluGrad(Y, dY)}, no attributes: {@code dY} where Relu's output {@code Y} is positive, else 0 (one pass
     * over the activation instead of {@code dY * Sign(Y)}'s two).
     */
    public static final String RELU_GRAD = "ReluGrad";

    /** {@code AveragePoolGrad(dY)}, AveragePool's attributes plus {@code input_shape}: output gradients spread over windows. */
    public static final String AVERAGE_POOL_GRAD = "AveragePoolGrad";
}
