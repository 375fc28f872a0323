package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.data.FashionMnist;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's end-to-end example: the accuracy target and reproducibility. */
class FashionMnistMlpTest {
    @Test
    void mainJobReachesTheTargetAccuracy() {
        assumeTrue(Files.isDirectory(FashionMnist.defaultDir()), "Fashion-MNIST is not installed (scripts/install-deps.sh)");
        FashionMnistMlp.Result r = FashionMnistMlp.run(2, 60_000, 10_000, 42, 0);
        assertEquals(List.of("loss", "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy"),
                List.copyOf(r.history().history().keySet()));
        double acc = r.test().get("sparse_categorical_accuracy");
        assertTrue(acc >= 0.84, "test accuracy after 2 epochs: " + acc);
        assertEquals(3, r.predictions().shape().dim(0));
        assertEquals(10, r.predictions().shape().dim(1));
    }

    @Test
    void seededRunsGiveIdenticalHistories() {
        assumeTrue(Files.isDirectory(FashionMnist.defaultDir()), "Fashion-MNIST is not installed (scripts/install-deps.sh)");
        FashionMnistMlp.Result a = FashionMnistMlp.run(2, 6_000, 1_000, 7, 0);
        FashionMnistMlp.Result b = FashionMnistMlp.run(2, 6_000, 1_000, 7, 0);
        assertEquals(a.history().history(), b.history().history());
        assertEquals(a.test(), b.test());
        FashionMnistMlp.Result c = FashionMnistMlp.run(2, 6_000, 1_000, 8, 0);
        assertTrue(!a.history().history().equals(c.history().history()), "another seed should give another run");
    }
}
