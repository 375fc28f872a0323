package dev.kiln.backend.nd4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.nd4j.Nd4jBackendProvider;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** The native buffers of threads that ended are freed by the next thread that multiplies, not left to the GC. */
class ThreadBuffersTest {
    private static final int N = 256; // 256 x 256 floats: 256 KiB per operand, three per thread

    private static void product() {
        float[] a = new float[N * N];
        float[] b = new float[N * N];
        float[] c = new float[N * N];
        a[0] = 2;
        b[0] = 3;
        new OpenBlasKernels().sgemm(false, false, N, N, N, 1f, a, 0, N, b, 0, N, 0f, c, 0, N);
        assertEquals(6f, c[0]);
    }

    private static void onNewThread() throws InterruptedException {
        Thread t = new Thread(ThreadBuffersTest::product);
        t.start();
        t.join();
    }

    @Test
    void endedThreadsBuffersAreFreed() throws InterruptedException {
        new Nd4jBackendProvider().create();
        onNewThread();
        long before = Pointer.totalBytes(); // one ended thread's buffers may be held here
        for (int i = 0; i < 16; i++) {
            onNewThread();
        }
        long perThread = 3L * N * N * Float.BYTES;
        long grown = Pointer.totalBytes() - before;
        // Without the sweep, 16 threads' buffers (12 MiB) would still be held; with it, at most the last thread's.
        assertTrue(grown <= perThread, "native bytes grew by " + grown + " over 16 ended threads (one thread holds " + perThread + ")");
    }
}
