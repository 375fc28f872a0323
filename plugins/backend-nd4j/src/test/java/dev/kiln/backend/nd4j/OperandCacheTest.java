package dev.kiln.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.api.DType;
import dev.kiln.backend.java.JavaBackendProvider;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Products keep native copies of their inputs between calls: the same input gives the same product again, and a new
 * array that takes a freed array's buffer (the java backend's pool) is never mistaken for the old one.
 */
class OperandCacheTest {
    private final Backend nd4j = new Nd4jBackendProvider().create();
    private final Backend java = new JavaBackendProvider().create();

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private float[] expected(float[] x, int[] xs, float[] w, int[] ws) {
        return java.execute("MatMul", Map.of(), java.fromArray(x, xs, DType.FLOAT32), java.fromArray(w, ws, DType.FLOAT32))[0].toFloatArray();
    }

    @Test
    void aBufferTakenAgainByANewArrayIsNotTheOldOperand() {
        int[] xs = {300, 784};
        int[] ws = {784, 64};
        float[] w = random(784 * 64, 1);
        BackendArray weights = nd4j.fromArray(w, ws, DType.FLOAT32);
        float[] x1 = random(300 * 784, 2);
        BackendArray a = nd4j.fromArray(x1, xs, DType.FLOAT32);
        assertArrayEquals(expected(x1, xs, w, ws), nd4j.execute("MatMul", Map.of(), a, weights)[0].toFloatArray(), 1e-3f);
        assertArrayEquals(expected(x1, xs, w, ws), nd4j.execute("MatMul", Map.of(), a, weights)[0].toFloatArray(), 1e-3f, "again");
        for (int round = 0; round < 3; round++) {
            // free the operand, then make another array of its size: it takes the freed buffer, with new values
            a.close();
            float[] half = random(300 * 784, 3 + round);
            BackendArray h = nd4j.fromArray(half, xs, DType.FLOAT32);
            a = nd4j.execute("Add", Map.of(), h, h)[0];
            float[] doubled = a.toFloatArray();
            assertArrayEquals(expected(doubled, xs, w, ws), nd4j.execute("MatMul", Map.of(), a, weights)[0].toFloatArray(), 1e-3f,
                    "round " + round);
        }
        // and the weights' copy serves products with other left operands
        float[] x3 = random(5 * 784, 9);
        assertArrayEquals(expected(x3, new int[] {5, 784}, w, ws),
                nd4j.execute("MatMul", Map.of(), nd4j.fromArray(x3, new int[] {5, 784}, DType.FLOAT32), weights)[0].toFloatArray(), 1e-3f);
    }
}
