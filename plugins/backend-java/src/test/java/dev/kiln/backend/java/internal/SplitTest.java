package dev.kiln.backend.java.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** LinalgKernels.split: every index once, the same ranges whichever thread runs them, failures passed on. */
class SplitTest {
    @Test
    void everyIndexRunsOnceInFixedRanges() {
        for (int n : new int[] {1, 7, 64, 1000, 1024}) {
            for (int chunks : new int[] {1, 2, 3, 4, 16}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                AtomicIntegerArray starts = new AtomicIntegerArray(n);
                LinalgKernels.split(n, chunks, 8, (from, to) -> {
                    starts.incrementAndGet(from);
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                int per = chunks <= 1 ? n : ((n + chunks - 1) / chunks + 7) / 8 * 8;
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen.get(i), "n " + n + ", chunks " + chunks + ", index " + i);
                    assertEquals(i % per == 0 ? 1 : 0, starts.get(i), "ranges start at multiples of " + per);
                }
            }
        }
    }

    @Test
    void aFailingRangeFailsTheCallWithItsException() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinalgKernels.split(100, 4, 1, (from, to) -> {
            if (from >= 50) {
                throw boom;
            }
        }));
        assertSame(boom, e);
    }

    @Test
    void aSplitInsideASplitFinishes() {
        // Kernel threads that wait for ranges nobody runs would hang here: each caller runs what is left itself.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            AtomicIntegerArray seen = new AtomicIntegerArray(64 * 64);
            LinalgKernels.split(64, 8, 1, (from, to) -> {
                for (int row = from; row < to; row++) {
                    int r = row;
                    LinalgKernels.split(64, 8, 1, (a, b) -> {
                        for (int i = a; i < b; i++) {
                            seen.incrementAndGet(r * 64 + i);
                        }
                    });
                }
            });
            for (int i = 0; i < seen.length(); i++) {
                assertEquals(1, seen.get(i));
            }
        });
    }
}
