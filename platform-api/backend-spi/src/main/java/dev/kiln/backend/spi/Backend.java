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
 */
@ConsumerType
public interface Backend {
    /** Short name ({@code "java"}, {@code "nd4j"}). */
    String name();

    Set<Capability> capabilities();

    /** ONNX operator types this backend implements. */
    Set<String> supportedOps();

    /** An array holding a copy of {@code data}: a {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} or {@code boolean[]}. */
    BackendArray fromArray(Object data, int[] shape, DType dtype);

    /** An array filled with one value. */
    BackendArray full(int[] shape, double value, DType dtype);

    /**
     * Runs one operator.
     *
     * @throws UnsupportedOpException if the operator is not in {@link #supportedOps()}
     */
    BackendArray[] execute(String opType, Map<String, Object> attributes, BackendArray... inputs);
}
