package dev.kiln.data;

import static dev.kiln.data.IdxFiles.bytes;
import static dev.kiln.data.IdxFiles.gzip;
import static dev.kiln.data.IdxFiles.idx;
import static dev.kiln.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.api.InvalidArgumentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The IDX reader and writer on small files; needs no Kiln runtime. */
class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsUbyteRawAndGzipped(boolean gz) throws IOException {
        byte[] content = idx(0x08, new int[] {2, 3}, new byte[] {0, 1, 2, (byte) 200, (byte) 255, 7});
        IdxArray a = Idx.read(write(dir, "u.idx", content, gz));
        assertEquals(IdxType.UBYTE, a.type());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new int[] {0, 1, 2, 200, 255, 7}, a.toIntArray());
        assertArrayEquals(new double[] {0, 1, 2, 200, 255, 7}, a.toDoubleArray(), 0);
        assertArrayEquals(new float[] {0, 1 / 255f, 2 / 255f, 200 / 255f, 1f, 7 / 255f}, a.toFloatArray(1 / 255.0), 0f);

        IdxArray first = Idx.read(write(dir, "lim.idx", content, gz), 1);
        assertArrayEquals(new int[] {1, 3}, first.shape());
        assertArrayEquals(new int[] {0, 1, 2}, first.toIntArray());
        assertArrayEquals(new int[] {2, 3}, Idx.read(write(dir, "big.idx", content, gz), 99).shape(), "limits beyond the file take all");
        assertArrayEquals(new int[] {0, 3}, Idx.read(write(dir, "zero.idx", content, gz), 0).shape());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsEveryElementType(boolean gz) throws IOException {
        IdxArray b = Idx.read(write(dir, "b", idx(0x09, new int[] {3}, new byte[] {-1, 0, 127}), gz));
        assertEquals(IdxType.BYTE, b.type());
        assertArrayEquals(new int[] {-1, 0, 127}, b.toIntArray());
        assertArrayEquals(new float[] {-0.5f, 0f, 63.5f}, b.toFloatArray(0.5), 0f);

        IdxArray s = Idx.read(write(dir, "s", idx(0x0B, new int[] {1, 2}, bytes(o -> {
            o.writeShort(-3);
            o.writeShort(30000);
        })), gz));
        assertEquals(IdxType.SHORT, s.type());
        assertArrayEquals(new int[] {-3, 30000}, s.toIntArray());
        assertArrayEquals(new int[] {1, 2}, s.shape());

        IdxArray i = Idx.read(write(dir, "i", idx(0x0C, new int[] {2}, bytes(o -> {
            o.writeInt(-70000);
            o.writeInt(Integer.MAX_VALUE);
        })), gz));
        assertEquals(IdxType.INT, i.type());
        assertArrayEquals(new int[] {-70000, Integer.MAX_VALUE}, i.toIntArray());

        IdxArray f = Idx.read(write(dir, "f", idx(0x0D, new int[] {2, 1, 1}, bytes(o -> {
            o.writeFloat(1.5f);
            o.writeFloat(Float.NaN);
        })), gz));
        assertEquals(IdxType.FLOAT, f.type());
        assertArrayEquals(new float[] {1.5f, Float.NaN}, f.toFloatArray(), 0f);
        assertArrayEquals(new int[] {2, 1, 1}, f.shape());
        assertThrows(InvalidArgumentException.class, f::toIntArray, "floats are not silently truncated to labels");

        IdxArray d = Idx.read(write(dir, "d", idx(0x0E, new int[] {2}, bytes(o -> {
            o.writeDouble(-2.25);
            o.writeDouble(1e300);
        })), gz));
        assertEquals(IdxType.DOUBLE, d.type());
        assertArrayEquals(new double[] {-2.25, 1e300}, d.toDoubleArray(), 0);
    }

    @Test
    void readsStraightIntoFloatsWithScale() throws IOException {
        byte[] all = new byte[256];
        for (int v = 0; v < 256; v++) {
            all[v] = (byte) v;
        }
        Path p = write(dir, "all.gz", idx(0x08, new int[] {256}, all), true);
        IdxArray f = Idx.readAsFloat(p, 1 / 255.0, Integer.MAX_VALUE);
        assertEquals(IdxType.FLOAT, f.type());
        float[] v = f.toFloatArray();
        for (int i = 0; i < 256; i++) {
            // Keras: x.astype("float32") / 255
            assertEquals((float) i / 255f, v[i], 0f, "pixel " + i);
        }
        assertArrayEquals(new float[] {-3f, 3f}, Idx.readAsFloat(write(dir, "s", idx(0x0B, new int[] {2}, bytes(o -> {
            o.writeShort(-1);
            o.writeShort(1);
        })), false), 3, 5).toFloatArray(), 0f);
        assertArrayEquals(new float[] {-0.5f}, Idx.readAsFloat(write(dir, "b", idx(0x09, new int[] {1}, new byte[] {-1}), false), 0.5, 1)
                .toFloatArray(), 0f);
    }

    @Test
    void headerOnly() throws IOException {
        Path p = write(dir, "h", idx(0x0C, new int[] {4, 5}, new byte[80]), true);
        assertArrayEquals(new int[] {4, 5}, Idx.readShape(p));
        assertSame(IdxType.INT, Idx.readType(p));
    }

    @Test
    void largerFilesCrossBufferBoundaries() throws IOException {
        int n = 100_003; // odd, spans several 64 KiB chunks and splits values across them
        int[] values = new int[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            values[i] = r.nextInt();
        }
        for (boolean gz : new boolean[] {false, true}) {
            Path p = dir.resolve("ints" + gz);
            Idx.write(p, IdxArray.ofInts(values, n), gz);
            assertArrayEquals(values, Idx.read(p).toIntArray());
            float[] f = Idx.readAsFloat(p, 1.0, Integer.MAX_VALUE).toFloatArray();
            assertEquals((float) values[n - 1], f[n - 1]);
        }
    }

    @Test
    void writeRoundTripsEveryType() throws IOException {
        IdxArray[] arrays = {
            IdxArray.ofUnsignedBytes(new byte[] {0, (byte) 255, 9, 10}, 2, 2),
            IdxArray.ofBytes(new byte[] {-128, 127}, 2),
            IdxArray.ofShorts(new short[] {Short.MIN_VALUE, 1, 2}, 3, 1),
            IdxArray.ofInts(new int[] {Integer.MIN_VALUE, 0}, 1, 2),
            IdxArray.ofFloats(new float[] {0.1f, -0f, Float.POSITIVE_INFINITY}, 3),
            IdxArray.ofDoubles(new double[] {Math.PI, -1}, 2, 1, 1),
        };
        for (IdxArray a : arrays) {
            for (boolean gz : new boolean[] {false, true}) {
                Path p = dir.resolve(a.type() + "-" + gz);
                Idx.write(p, a, gz);
                IdxArray b = Idx.read(p);
                assertEquals(a.type(), b.type());
                assertArrayEquals(a.shape(), b.shape());
                assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0, a.toString());
                byte[] head = Files.readAllBytes(p);
                assertEquals(gz, (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b);
            }
        }
        assertThrows(InvalidArgumentException.class, () -> IdxArray.ofFloats(new float[3], 2, 2));
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        byte[] content = idx(0x08, new int[] {2}, new byte[] {4, 5});
        assertArrayEquals(new int[] {4, 5}, Idx.read(write(dir, "looks-raw-idx1-ubyte", content, true)).toIntArray());
        assertArrayEquals(new int[] {4, 5}, Idx.read(write(dir, "looks-gzipped.gz", content, false)).toIntArray());
    }

    @Test
    void gzipWhoseTrailerDisagreesIsStillRead() throws IOException {
        // Two gzip members: the trailer names only the second one's size, so the reader cannot trust it.
        byte[] content = idx(0x0D, new int[] {3}, bytes(o -> {
            o.writeFloat(1);
            o.writeFloat(2);
            o.writeFloat(3);
        }));
        byte[] a = gzip(Arrays.copyOfRange(content, 0, 7));
        byte[] b = gzip(Arrays.copyOfRange(content, 7, content.length));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(a);
        both.write(b);
        Path p = dir.resolve("multi.gz");
        Files.write(p, both.toByteArray());
        assertArrayEquals(new float[] {1, 2, 3}, Idx.read(p).toFloatArray(), 0f);
    }

    // ---------------------------------------------------------------------------------------------------
    // Corrupt files

    private DataFormatException corrupt(byte[] content, boolean gz, String... fragments) throws IOException {
        Path p = write(dir, "bad-" + System.nanoTime(), content, gz);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(p));
        String m = e.getMessage();
        assertTrue(m.contains(p.toString()), "names the file: " + m);
        assertTrue(m.contains("Expected") && m.contains("Received") && m.contains("To fix"), "Keras form: " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "mentions `" + f + "`: " + m);
        }
        return e;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void badMagic(boolean gz) throws IOException {
        corrupt(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, gz, "bad magic", "01 02 03 04");
        corrupt("P5\n28 28\n255\n".getBytes(), gz, "bad magic");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unknownType(boolean gz) throws IOException {
        corrupt(idx(0x07, new int[] {1}, new byte[] {0}), gz, "unknown element type", "0x07");
        corrupt(idx(0x0A, new int[] {1}, new byte[] {0}), gz, "unknown element type", "0x0A");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedData(boolean gz) throws IOException {
        corrupt(idx(0x08, new int[] {10}, new byte[] {1, 2}), gz, "truncated", "10 bytes", "2 bytes");
        corrupt(idx(0x0E, new int[] {2}, new byte[12]), gz, "truncated", "16 bytes");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedHeader(boolean gz) throws IOException {
        corrupt(new byte[] {0, 0, 8}, gz, "truncated");
        corrupt(new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0}, gz, "truncated", "3 dimensions");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void zeroDimensions(boolean gz) throws IOException {
        corrupt(idx(0x08, new int[0], new byte[] {1}), gz, "no dimensions");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dimensionsOverflowingAnArray(boolean gz) throws IOException {
        corrupt(idx(0x08, new int[] {65536, 65536}, new byte[0]), gz, "too many values", "4294967296");
        corrupt(idx(0x08, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, new byte[0]), gz, "too many values");
        corrupt(idx(0x08, new int[] {-5}, new byte[0]), gz, "negative dimension");
        corrupt(idx(0x0D, new int[] {0x80000000, 1}, new byte[0]), gz, "negative dimension"); // 2^31 unsigned
    }

    @Test
    void rawDimensionsLargerThanTheFileFailBeforeAllocating() throws IOException {
        // 2e9 doubles would be 16 GB; the file holds 8 bytes.
        corrupt(idx(0x0E, new int[] {1_000_000_000, 2}, new byte[8]), false, "truncated", "16000000000 bytes", "8 bytes");
    }

    @Test
    void gzipDimensionsLargerThanTheDataFailWithoutAllocatingThem() throws IOException {
        // float[2e9] (8 GB) does not fit the test heap: the reader must notice the short stream first.
        corrupt(idx(0x0D, new int[] {500_000_000, 4}, new byte[64]), true, "truncated", "8000000000 bytes", "64 bytes");
    }

    @Test
    void emptyFile() throws IOException {
        corrupt(new byte[0], false, "empty");
    }

    @Test
    void brokenGzip() throws IOException {
        byte[] z = gzip(idx(0x08, new int[] {1000}, new byte[1000]));
        corrupt(Arrays.copyOf(z, z.length / 2), false, "truncated");
        byte[] garbled = z.clone();
        for (int i = 10; i < garbled.length - 8; i++) {
            garbled[i] = (byte) 0xff;
        }
        corrupt(garbled, false, "gzip");
        corrupt(new byte[] {0x1f, (byte) 0x8b, 1}, false);
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("missing-idx1-ubyte");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> Idx.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("To fix"), e.getMessage());
        assertThrows(DatasetNotFoundException.class, () -> Idx.readShape(missing));
        DataFormatException d = assertThrows(DataFormatException.class, () -> Idx.read(dir));
        assertTrue(d.getMessage().contains("directory"), d.getMessage());
        assertThrows(InvalidArgumentException.class, () -> Idx.read(missing, -1));
    }

    /** Every prefix of a valid file, raw or gzipped, and random header bytes: a typed error or a correct read, nothing else. */
    @Test
    void fuzzedFilesFailOnlyWithTypedErrors() throws IOException {
        byte[] content = idx(0x0B, new int[] {3, 2}, new byte[12]);
        for (boolean gz : new boolean[] {false, true}) {
            byte[] file = gz ? gzip(content) : content;
            for (int len = 0; len < file.length; len++) {
                Path p = dir.resolve("prefix-" + gz + "-" + len);
                Files.write(p, Arrays.copyOf(file, len));
                assertThrows(DataFormatException.class, () -> Idx.read(p), "prefix of " + len + " bytes");
            }
        }
        Random r = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            byte[] mutated = content.clone();
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                mutated[r.nextInt(12)] = (byte) r.nextInt(256);
            }
            Path p = write(dir, "fuzz", mutated, r.nextBoolean());
            try {
                IdxArray a = Idx.read(p);
                assertTrue((long) a.size() * a.type().byteSize() <= content.length, a.toString());
            } catch (DataFormatException expected) {
                // fine
            } catch (RuntimeException | OutOfMemoryError other) {
                fail("mutation " + Arrays.toString(Arrays.copyOf(mutated, 12)) + " leaked " + other, other);
            }
        }
    }
}
