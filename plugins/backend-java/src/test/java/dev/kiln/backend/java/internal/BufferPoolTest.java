package dev.kiln.backend.java.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.IllegalStateKilnException;
import org.junit.jupiter.api.Test;

/** Closed arrays' buffers come back for the next allocation of their size, zeroed unless the kernel asks otherwise. */
class BufferPoolTest {
    private static final int[] LARGE = {64, 784};   // 200 KB: pooled
    private static final int[] SMALL = {4, 4};      // left to the JVM

    @Test
    void aClosedBufferIsTakenAgainAndZeroedForAllocate() {
        JavaArray a = JavaArray.allocate(DType.FLOAT32, LARGE);
        float[] buffer = a.floats();
        java.util.Arrays.fill(buffer, 3f);
        a.close();
        JavaArray b = JavaArray.allocate(DType.FLOAT32, LARGE);
        assertSame(buffer, b.floats(), "the freed buffer is reused");
        assertArrayEquals(new float[buffer.length], b.floats(), "allocate() zeroes a reused buffer");
        assertTrue(a.isClosed());
        assertThrows(IllegalStateKilnException.class, a::floats, "the closed array no longer reaches its old buffer");
    }

    @Test
    void dirtyAllocationSkipsTheZeroing() {
        JavaArray a = JavaArray.allocateDirty(DType.FLOAT64, LARGE);
        double[] buffer = a.doubles();
        buffer[7] = 5;
        a.close();
        JavaArray b = JavaArray.allocateDirty(DType.FLOAT64, LARGE);
        assertSame(buffer, b.doubles());
        assertTrue(b.doubles()[7] == 5, "contents are left as they were: the kernel writes every element");
    }

    @Test
    void otherSizesDtypesAndSmallArraysAreNotShared() {
        JavaArray a = JavaArray.allocate(DType.FLOAT32, LARGE);
        float[] buffer = a.floats();
        a.close();
        assertNotSame(buffer, JavaArray.allocate(DType.FLOAT32, new int[] {64, 785}).floats());
        JavaArray i = JavaArray.allocate(DType.INT32, LARGE);
        assertTrue(i.data() instanceof int[]);
        JavaArray s = JavaArray.allocate(DType.FLOAT32, SMALL);
        float[] small = s.floats();
        s.close();
        assertNotSame(small, JavaArray.allocate(DType.FLOAT32, SMALL).floats());
    }

    @Test
    void aSharedBufferIsPooledOnlyWhenItsLastHolderCloses() {
        JavaArray a = JavaArray.allocate(DType.FLOAT32, LARGE);
        a.floats()[5] = 2f;
        JavaArray reshaped = a.view(new int[] {784, 64});
        JavaArray again = reshaped.view(new int[] {LARGE[0] * LARGE[1]});
        float[] buffer = a.floats();
        assertSame(buffer, reshaped.floats(), "a reshape shares the buffer");
        a.close();
        reshaped.close();
        reshaped.close(); // twice: still one release
        JavaArray other = JavaArray.allocate(DType.FLOAT32, LARGE);
        assertNotSame(buffer, other.floats(), "a holder is still open");
        assertTrue(again.floats()[5] == 2f, "and keeps its values");
        again.close();
        assertSame(buffer, JavaArray.allocate(DType.FLOAT32, LARGE).floats(), "the last close gives it back");
    }

    @Test
    void reshapeAndIdentityShareTheirInput() {
        dev.kiln.backend.spi.Backend b = new dev.kiln.backend.java.JavaBackendProvider().create();
        JavaArray x = JavaArray.allocate(DType.FLOAT32, LARGE);
        JavaArray shape = JavaArray.fromDoubles(DType.INT64, new int[] {1}, new double[] {-1});
        for (String op : new String[] {"Reshape", "Identity", "Flatten"}) {
            JavaArray y = (JavaArray) (op.equals("Reshape") ? b.execute(op, java.util.Map.of(), x, shape)[0] : b.execute(op, java.util.Map.of(), x)[0]);
            assertSame(x.floats(), y.floats(), op);
            y.close();
        }
        assertTrue(!x.isClosed());
    }

    @Test
    void closingTwiceGivesTheBufferBackOnce() {
        JavaArray a = JavaArray.allocate(DType.FLOAT32, LARGE);
        float[] buffer = a.floats();
        a.close();
        a.close();
        JavaArray b = JavaArray.allocate(DType.FLOAT32, LARGE);
        JavaArray c = JavaArray.allocate(DType.FLOAT32, LARGE);
        assertSame(buffer, b.floats());
        assertNotSame(buffer, c.floats(), "one buffer, one taker");
    }
}
