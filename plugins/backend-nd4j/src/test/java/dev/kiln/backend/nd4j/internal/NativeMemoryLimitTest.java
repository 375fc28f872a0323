package dev.kiln.backend.nd4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.backend.nd4j.Nd4jBackendProvider;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/** Native operand memory beyond JavaCPP's limit fails with the size asked and the limit, and the next product still runs. */
class NativeMemoryLimitTest {
    @Test
    void anOperandBeyondTheLimitFailsClearly() {
        new Nd4jBackendProvider().create(); // loads OpenBLAS (and JavaCPP) as a user's first call would
        long floats = 1L << 40; // 4 TiB: beyond any heap-derived limit and this machine's memory
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> OpenBlasKernels.nativeFloats(floats));
        assertTrue(e.getMessage().contains((floats * Float.BYTES) + " bytes asked"), e.getMessage());
        assertTrue(e.getMessage().contains("limit ") && e.getMessage().contains("To fix:"), e.getMessage());
        InvalidArgumentException d = assertThrows(InvalidArgumentException.class, () -> OpenBlasKernels.nativeDoubles(floats));
        assertTrue(d.getMessage().contains((floats * Double.BYTES) + " bytes asked"), d.getMessage());
        try (FloatPointer small = OpenBlasKernels.nativeFloats(16)) {
            assertEquals(16, small.capacity());
        }
        float[] c = new float[1];
        new OpenBlasKernels().sgemm(false, false, 1, 1, 1, 1f, new float[] {2}, 0, 1, new float[] {3}, 0, 1, 0f, c, 0, 1);
        assertEquals(6f, c[0]);
    }
}
