package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.models.Model;
import dev.kiln.data.FashionMnist;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** W2, the small CNN: its shapes and parameter count match Keras's, and it learns on a subset. */
class FashionMnistCnnTest {
    @Test
    void modelHasKerasShapesAndParameterCount() {
        Model m = FashionMnistCnn.model();
        assertEquals(Shape.of(2, 10), m.predict(Tensor.zeros(Shape.of(2, 28, 28, 1), DType.FLOAT32)).shape());
        // Keras: 320 + 18,496 + 204,928 + 1,290 = 225,034 parameters.
        assertEquals(225_034, m.countParams());
        assertTrue(m.summary().contains("(None, 13, 13, 32)"), m.summary());
    }

    @Test
    void learnsOnASubset() {
        assumeTrue(Files.isDirectory(FashionMnist.defaultDir()), "Fashion-MNIST is not installed (scripts/install-deps.sh)");
        FashionMnistCnn.Result r = FashionMnistCnn.run(1, 3_000, 1_000, 42, 0);
        double acc = r.test().get("sparse_categorical_accuracy");
        assertTrue(acc >= 0.65, "test accuracy after one epoch on 2,500 images: " + acc);
    }
}
