package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.api.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    private static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return b.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            o.write(content);
        }
        return p;
    }

    @Test
    void readsRawAndGzippedUbyte() throws IOException {
        byte[] content = idx(0x08, new int[] {2, 3}, new byte[] {0, 1, 2, (byte) 200, (byte) 255, 7});
        for (boolean gz : new boolean[] {false, true}) {
            Idx.Array a = Idx.read(write("u" + gz, content, gz));
            assertArrayEquals(new int[] {2, 3}, a.shape());
            assertArrayEquals(new double[] {0, 1, 2, 200, 255, 7}, a.values(), 0);
        }
        Idx.Array limited = Idx.read(write("lim", content, false), 1);
        assertArrayEquals(new int[] {1, 3}, limited.shape());
    }

    @Test
    void readsEveryElementType() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeShort(-3);
        d.writeShort(9);
        assertArrayEquals(new double[] {-3, 9}, Idx.read(write("s", idx(0x0B, new int[] {2}, b.toByteArray()), false)).values(), 0);
        b.reset();
        d.writeInt(-70000);
        assertArrayEquals(new double[] {-70000}, Idx.read(write("i", idx(0x0C, new int[] {1}, b.toByteArray()), false)).values(), 0);
        b.reset();
        d.writeFloat(1.5f);
        assertArrayEquals(new double[] {1.5}, Idx.read(write("f", idx(0x0D, new int[] {1}, b.toByteArray()), false)).values(), 0);
        b.reset();
        d.writeDouble(-2.25);
        assertArrayEquals(new double[] {-2.25}, Idx.read(write("d", idx(0x0E, new int[] {1}, b.toByteArray()), true)).values(), 0);
        assertArrayEquals(new double[] {-1}, Idx.read(write("b", idx(0x09, new int[] {1}, new byte[] {-1}), false)).values(), 0);
    }

    private void assertCorrupt(byte[] content, boolean gzip, String expectedFragment) throws IOException {
        Path p = write("bad" + System.nanoTime(), content, gzip);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(p));
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
    }

    @Test
    void corruptFilesGiveTypedErrors() throws IOException {
        assertCorrupt(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, false, "bad magic");
        assertCorrupt(idx(0x07, new int[] {1}, new byte[] {0}), false, "unknown element type");
        assertCorrupt(idx(0x08, new int[] {10}, new byte[] {1, 2}), false, "truncated");
        assertCorrupt(idx(0x08, new int[] {10}, new byte[] {1, 2}), true, "truncated");
        assertCorrupt(idx(0x08, new int[] {65536, 65536}, new byte[0]), false, "too many values");
        assertCorrupt(idx(0x08, new int[] {-5}, new byte[0]), false, "negative dimension");
        assertCorrupt(idx(0x08, new int[0], new byte[0]), false, "no dimensions");
        assertCorrupt(new byte[0], false, "truncated");
        assertThrows(DatasetNotFoundException.class, () -> Idx.read(dir.resolve("missing.idx")));
    }

    @Test
    void fashionMnistFromDebian() {
        assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist not installed");
        FashionMnist d = FashionMnist.load(FashionMnist.DEBIAN_DIR, 1000, 500);
        assertArrayEquals(new int[] {1000, 784}, d.xTrain().shape().dims());
        assertArrayEquals(new int[] {500}, d.yTest().shape().dims());
        assertEquals(9, d.yTrain().toIntArray()[0], "the first training image is an ankle boot");
        float[] px = d.xTrain().toFloatArray();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : px) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        for (int label : d.yTrain().toIntArray()) {
            assertTrue(label >= 0 && label < 10);
        }
    }

    @Test
    void missingFashionMnistSaysHowToInstall() {
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(dir, 10, 10));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void tensorsFromIdx() throws IOException {
        Idx.Array a = Idx.read(write("t", idx(0x08, new int[] {2, 2}, new byte[] {0, (byte) 255, 51, 102}), false));
        Tensor t = a.toFloatTensor(1 / 255.0);
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f}, t.toFloatArray(), 1e-6f);
        assertArrayEquals(new int[] {0, 255, 51, 102}, a.toIntTensor().toIntArray());
    }
}
