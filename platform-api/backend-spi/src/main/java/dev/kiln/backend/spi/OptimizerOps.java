package dev.kiln.backend.spi;

/**
 * Names of Kiln's fused optimizer-update kernels: one pass over a variable and its slots instead of the ten or so
 * element-wise operators of the update rule, each with its own output array (see {@link Backend}, "Optimizer update
 * kernels", for inputs, attributes and outputs). Optimizers run them through
 * {@code KilnRuntime.assignOutputs}; one a backend lacks runs on the java backend.
 *
 * <pre>{@code
 * BackendArray[] wv = backend.execute(OptimizerOps.RMSPROP_UPDATE,
 *         Map.of("learning_rate", 1e-3, "rho", 0.9, "epsilon", 1e-7), w, g, velocity);
 * }</pre>
 */
public final class OptimizerOps {
    private OptimizerOps() {}

    /** {@code RMSpropUpdate(W, G, V)}, attributes {@code learning_rate, rho, epsilon}: returns W' and V'. */
    public static final String RMSPROP_UPDATE = "RMSpropUpdate";

    /** {@code AdamUpdate(W, G, M, V)}, attributes {@code alpha, beta_1, beta_2, epsilon}: returns W', M' and V'. */
    public static final String ADAM_UPDATE = "AdamUpdate";
}
