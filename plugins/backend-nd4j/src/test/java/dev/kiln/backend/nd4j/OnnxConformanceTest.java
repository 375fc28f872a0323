package dev.kiln.backend.nd4j;

import dev.kiln.testkit.OnnxNodeTests;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The nd4j backend against ONNX's node tests for every operator it implements (its OpenBLAS products included). */
class OnnxConformanceTest {
    /**
     * This backend's deliberate exclusions (Kiln's own: {@link OnnxNodeTests#KILN_EXCLUSIONS}): its element-wise and
     * shape kernels are the java backend's, with their limits.
     */
    static final Map<String, String> EXCLUDED = Map.of(
            "test_edge_pad", "Pad implements mode=constant only (what gradients of Slice need)",
            "test_reflect_pad", "Pad implements mode=constant only (what gradients of Slice need)");

    @TestFactory
    Stream<DynamicTest> onnxNodeTests() {
        return OnnxNodeTests.dynamicTests(new Nd4jBackendProvider().create(), EXCLUDED);
    }
}
