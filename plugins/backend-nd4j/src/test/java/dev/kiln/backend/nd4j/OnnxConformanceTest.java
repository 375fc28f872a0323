package dev.kiln.backend.nd4j;

import dev.kiln.testkit.OnnxNodeTests;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The nd4j backend against ONNX's node tests for every operator it implements (its OpenBLAS products included). */
class OnnxConformanceTest {
    /** Deliberate exclusions, each with its reason. */
    static final Map<String, String> EXCLUDED = Map.of(
            "test_cast_DOUBLE_to_FLOAT16", "Kiln has no float16 dtype",
            "test_cast_FLOAT_to_FLOAT16", "Kiln has no float16 dtype",
            "test_cast_FLOAT_to_BFLOAT16", "Kiln has no bfloat16 dtype",
            "test_cast_FLOAT_to_STRING", "Kiln has no string dtype",
            // The element-wise and shape kernels are the java backend's, with its limits:
            "test_edge_pad", "Pad implements mode=constant only (what gradients of Slice need)",
            "test_reflect_pad", "Pad implements mode=constant only (what gradients of Slice need)",
            "test_unsqueeze_axis_3", "written for opset 1 (axes as an attribute); Kiln implements the opset 13+ signature");

    @TestFactory
    Stream<DynamicTest> onnxNodeTests() {
        return OnnxNodeTests.dynamicTests(new Nd4jBackendProvider().create(), EXCLUDED);
    }
}
