package dev.kiln.backend.spi;

import dev.kiln.api.DType;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An execution backend: creates arrays and runs ONNX operators on them. Operator names, attributes, input order,
 * broadcasting and type rules are those of ONNX opset 17 (https://onnx.ai/onnx/operators/); attribute values
 * arrive as {@code Long}, {@code long[]}, {@code Double}, {@code double[]} or {@code String} (read them with
 * {@link Attributes}). Inputs that ONNX passes as tensors (Reshape's shape, ReduceSum's axes, Slice's starts ...)
 * are int64 arrays. A backend never keeps references to its inputs.
 *
 * <pre>{@code
 * BackendArray sum = backend.execute("Add", Map.of(), a, b)[0];
 * BackendArray sm = backend.execute("Softmax", Map.of("axis", -1L), logits)[0];
 * }</pre>
 *
 * <h2>Gradient kernels</h2>
 * Besides ONNX operators, a backend that trains implements these backward kernels (names in {@link GradientOps};
 * non-ONNX, so they never appear in exported graphs; one a backend lacks runs on the java backend, with copies, except
 * {@code ReluGrad}, which the runtime then composes from {@code Mul} and {@code Sign}). Each
 * takes the attributes of its forward operator unchanged, plus the extra shape attributes listed, and returns one
 * array:
 * <ul>
 *   <li>{@code ReluGrad(Y, dY)}, Y Relu's output and dY of Y's shape and dtype &rarr; dX: dY where {@code Y > 0},
 *       else 0.</li>
 *   <li>{@code ConvGradInput(dY [N, M, out...], W [M, C/group, k...])}, attributes {@code auto_pad, dilations, group,
 *       kernel_shape, pads, strides} and {@code input_shape} (long[], the full shape of X) &rarr; dX shaped like X.</li>
 *   <li>{@code ConvGradFilter(X [N, C, in...], dY)}, the same Conv attributes and {@code filter_shape} (long[], the full
 *       shape of W) &rarr; dW shaped like W.</li>
 *   <li>{@code MaxPoolGrad(X, dY)}, MaxPool's attributes &rarr; dX: each element of dY is added at the position of its
 *       window's maximum (the first in row-major window order on ties; padding never wins).</li>
 *   <li>{@code AveragePoolGrad(dY)}, AveragePool's attributes (count_include_pad respected) and {@code input_shape}
 *       &rarr; dX: each element of dY divided by its window's divisor and added at every input position of the window.</li>
 * </ul>
 * {@link #supportedOps()} lists the gradient kernels a backend implements next to its ONNX operators.
 *
 * <h2>Optimizer update kernels</h2>
 * Keras's update rules fused into one pass (names in {@link OptimizerOps}); optional: optimizers use them only on a
 * backend that lists them, and run the rule's operators elsewhere. Every array input has W's shape and
 * dtype; scalar attributes are doubles, applied in W's dtype (rounded to float32 for float32 variables) in the order
 * written, so that a kernel's results equal those of the same rule written with the ONNX operators:
 * <ul>
 *   <li>{@code RMSpropUpdate(W, G, V)}, attributes {@code learning_rate, rho, epsilon} &rarr; {@code V' = V*rho +
 *       (G*G)*(1-rho)}, {@code W' = W - (G*learning_rate) / sqrt(V' + epsilon)}.</li>
 *   <li>{@code AdamUpdate(W, G, M, V)}, attributes {@code alpha} (the bias-corrected step size), {@code beta_1,
 *       beta_2, epsilon} &rarr; {@code M' = M + (G - M)*(1-beta_1)}, {@code V' = V + (G*G - V)*(1-beta_2)},
 *       {@code W' = W - (M'*alpha) / (sqrt(V') + epsilon)}.</li>
 * </ul>
 */
@ConsumerType
public interface Backend {
    /** Short name ({@code "java"}, {@code "nd4j"}). */
    String name();

    Set<Capability> capabilities();

    /** ONNX operator types this backend implements, plus the {@link GradientOps gradient kernels} it implements. */
    Set<String> supportedOps();

    /** An array holding a copy of {@code data}: a {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} or {@code boolean[]}. */
    BackendArray fromArray(Object data, int[] shape, DType dtype);

    /**
     * An array over {@code data} itself where the backend can keep it as it is (a heap backend), else over a copy: the
     * caller hands the array over and never reads or writes it again. For large data made only to become a tensor
     * (a decoded dataset), which {@link #fromArray} would copy once more. The default copies.
     */
    default BackendArray adoptArray(Object data, int[] shape, DType dtype) { return fromArray(data, shape, dtype); }

    /** An array filled with one value. */
    BackendArray full(int[] shape, double value, DType dtype);

    /**
     * Runs one operator.
     *
     * @throws UnsupportedOpException if the operator is not in {@link #supportedOps()}
     */
    BackendArray[] execute(String opType, Map<String, Object> attributes, BackendArray... inputs);

    /**
     * Runs one operator of which the caller reads only the first {@code outputs} outputs: a backend may skip
     * computing the optional ones after them (MaxPool's Indices, which a pooling layer never reads) and return fewer.
     * The default computes them all.
     *
     * @throws UnsupportedOpException if the operator is not in {@link #supportedOps()}
     */
    default BackendArray[] execute(String opType, Map<String, Object> attributes, int outputs, BackendArray... inputs) {
        return execute(opType, attributes, inputs);
    }

    /**
     * {@code opType} with these attributes, resolved once, for a caller that runs it many times (a compiled step's
     * replays): the same results as {@link #execute(String, Map, int, BackendArray...)}, without finding the operator
     * again on every call. A backend overrides it to hand out its kernels directly; the default calls {@code execute}
     * (so every call of a {@link ForwardingBackend} still arrives at its {@code execute}).
     *
     * @throws UnsupportedOpException if the operator is not in {@link #supportedOps()} (here or when run)
     */
    default Kernel kernel(String opType, Map<String, Object> attributes, int outputs) {
        return inputs -> execute(opType, attributes, outputs, inputs);
    }
}
