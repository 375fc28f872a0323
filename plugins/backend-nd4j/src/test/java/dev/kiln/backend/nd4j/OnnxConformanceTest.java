package dev.kiln.backend.nd4j;

import dev.kiln.testkit.OnnxNodeTests;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The nd4j backend against ONNX's node tests for every operator it implements. */
class OnnxConformanceTest {
    /** Deliberate exclusions, each with its reason. */
    static final Map<String, String> EXCLUDED = Map.of(
            "test_cast_DOUBLE_to_FLOAT16", "Kiln has no float16 dtype",
            "test_cast_FLOAT_to_FLOAT16", "Kiln has no float16 dtype",
            "test_cast_FLOAT_to_BFLOAT16", "Kiln has no bfloat16 dtype",
            "test_cast_FLOAT_to_STRING", "Kiln has no string dtype");

    @TestFactory
    Stream<DynamicTest> onnxNodeTests() {
        return OnnxNodeTests.dynamicTests(new Nd4jBackendProvider().create(), EXCLUDED);
    }
}
