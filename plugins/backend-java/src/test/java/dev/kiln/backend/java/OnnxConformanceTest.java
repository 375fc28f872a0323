package dev.kiln.backend.java;

import dev.kiln.testkit.OnnxNodeTests;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The java backend against ONNX's node tests for every operator it implements. */
class OnnxConformanceTest {
    /** This backend's deliberate exclusions, each with its reason (Kiln's own: {@link OnnxNodeTests#KILN_EXCLUSIONS}). */
    static final Map<String, String> EXCLUDED = Map.of(
            "test_edge_pad", "Pad implements mode=constant only (what gradients of Slice need)",
            "test_reflect_pad", "Pad implements mode=constant only (what gradients of Slice need)");

    @TestFactory
    Stream<DynamicTest> onnxNodeTests() {
        return OnnxNodeTests.dynamicTests(new JavaBackendProvider().create(), EXCLUDED);
    }
}
