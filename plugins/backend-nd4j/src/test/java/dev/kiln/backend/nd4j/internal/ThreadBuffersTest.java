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

    /** SWEEP_EVERY tiny products on this thread: one of them sweeps the buffers of ended threads. */
    private static void productsOnThisThread() {
        float[] c = new float[1];
        OpenBlasKernels k = new OpenBlasKernels();
        for (int i = 0; i < OpenBlasKernels.SWEEP_EVERY; i++) {
            k.sgemm(false, false, 1, 1, 1, 1f, new float[] {2}, 0, 1, new float[] {3}, 0, 1, 0f, c, 0, 1);
        }
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
        product(); // this thread's own buffers, at full size
        productsOnThisThread(); // frees what threads of earlier tests left
        long before = Pointer.totalBytes();
        for (int i = 0; i < 16; i++) {
            onNewThread();
        }
        long perThread = 3L * N * N * Float.BYTES;
        long grown = Pointer.totalBytes() - before;
        // Without the sweep, 16 threads' buffers (12 MiB) would still be held; with it, only the last thread's.
        assertTrue(grown <= perThread, "native bytes grew by " + grown + " over 16 ended threads (one thread holds " + perThread + ")");

        // No new thread comes: this thread's own products sweep the last one's buffers within SWEEP_EVERY calls.
        productsOnThisThread();
        long left = Pointer.totalBytes() - before;
        assertTrue(left < perThread / 2, "native bytes still " + left + " above the start after " + OpenBlasKernels.SWEEP_EVERY
                + " products on a live thread (one ended thread held " + perThread + ")");
    }
}
