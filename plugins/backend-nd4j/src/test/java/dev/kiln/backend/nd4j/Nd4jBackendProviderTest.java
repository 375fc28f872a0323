package dev.kiln.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.BackendProvider;
import dev.kiln.backend.spi.BackendUnavailableException;
import dev.kiln.backend.spi.Capability;
import dev.kiln.backend.spi.UnsupportedOpException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Nd4jBackendProviderTest {
    @Test
    void createsTheBackend() {
        Nd4jBackendProvider p = new Nd4jBackendProvider();
        assertEquals("nd4j", p.name());
        assertEquals(20, p.priority());
        assertTrue(p.capabilities().contains(Capability.TRAINING));
        assertTrue(p.capabilities().contains(Capability.FLOAT64));
        Backend b = p.create();
        assertEquals("nd4j", b.name());
        assertTrue(b.supportedOps().contains("MatMul"));
        assertTrue(System.getProperty("org.bytedeco.javacpp.cachedir") != null);
        try (BackendArray a = b.fromArray(new float[] {1, 2, 3, 4}, new int[] {2, 2}, DType.FLOAT32);
                BackendArray c = b.execute("MatMul", Map.of(), a, a)[0]) {
            assertArrayEquals(new float[] {7, 10, 15, 22}, c.toFloatArray());
        }
    }

    @Test
    void isFoundByServiceLoader() {
        boolean found = false;
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            found |= p instanceof Nd4jBackendProvider;
        }
        assertTrue(found);
    }

    @Test
    void closingIsIdempotentAndCopiesOut() {
        Backend b = new Nd4jBackendProvider().create();
        BackendArray a = b.fromArray(new long[] {1, -2, 3}, new int[] {3}, DType.INT64);
        assertArrayEquals(new double[] {1, -2, 3}, a.toDoubleArray());
        assertArrayEquals(new int[] {1, -2, 3}, a.toIntArray());
        assertArrayEquals(new boolean[] {true, true, true}, a.toBooleanArray());
        assertFalse(a.isClosed());
        a.close();
        a.close();
        assertTrue(a.isClosed());
        assertThrows(InvalidArgumentException.class, () -> b.execute("Neg", Map.of(), a));
        try (BackendArray s = b.full(new int[0], 2.5, DType.FLOAT64)) {
            assertEquals(0, s.shape().length);
            assertArrayEquals(new double[] {2.5}, s.toDoubleArray());
        }
        try (BackendArray e = b.full(new int[] {0, 3}, 1, DType.FLOAT32)) {
            assertEquals(0, e.size());
            assertEquals(0, e.toFloatArray().length);
        }
    }

    @Test
    void unknownOperatorsAndForeignArraysFail() {
        Backend b = new Nd4jBackendProvider().create();
        assertThrows(UnsupportedOpException.class, () -> b.execute("NoSuchOp", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> b.fromArray(new float[3], new int[] {2, 2}, DType.FLOAT32));
        assertThrows(InvalidArgumentException.class, () -> b.fromArray(new int[4], new int[] {2, 2}, DType.FLOAT32));
    }

    @Test
    void tooLargeATensorFailsBeforeAllocating() {
        Backend b = new Nd4jBackendProvider().create();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> b.full(new int[] {1 << 20, 1 << 20, 1 << 10}, 0, DType.FLOAT32));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
        // a tensor bigger than the allocator's limit but within int range fails the same way
        long limit = Math.min(Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Long.MAX_VALUE, Pointer.totalPhysicalBytes());
        if (limit / 8 < Integer.MAX_VALUE) {
            int n = (int) (limit / 8) + 1;
            assertThrows(InvalidArgumentException.class, () -> b.full(new int[] {n}, 0, DType.FLOAT64));
        }
    }

    @Test
    void operatorsDoNotLeakNativeMemory() {
        Backend b = new Nd4jBackendProvider().create();
        int n = 256;
        float[] x = new float[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        try (BackendArray a = b.fromArray(x, new int[] {n, n}, DType.FLOAT32);
                BackendArray v = b.fromArray(new float[n], new int[] {n}, DType.FLOAT32);
                BackendArray axes = b.fromArray(new long[] {1}, new int[] {1}, DType.INT64);
                BackendArray shape = b.fromArray(new long[] {n, n}, new int[] {2}, DType.INT64)) {
            leakedBytes(b, a, v, axes, shape, 40); // warm up: allocator pools, JIT
            long grown = leakedBytes(b, a, v, axes, shape, 300);
            // every operator result is 256 KB: one array leaked per round would grow the process by 75 MB
            assertTrue(grown < 40L << 20, "resident memory grew by " + grown + " bytes over 300 rounds of operators");
        }
    }

    /** Growth of the resident set over rounds of operators whose results are closed. */
    static long leakedBytes(Backend b, BackendArray a, BackendArray v, BackendArray axes, BackendArray shape, int rounds) {
        long before = Pointer.physicalBytes();
        for (int i = 0; i < rounds; i++) {
            List<BackendArray> out = new ArrayList<>();
            out.add(b.execute("Add", Map.of(), a, v)[0]);
            out.add(b.execute("MatMul", Map.of(), a, a)[0]);
            out.add(b.execute("Gemm", Map.of("transB", 1L), a, a, v)[0]);
            out.add(b.execute("Softmax", Map.of(), a)[0]);
            out.add(b.execute("ReduceSum", Map.of(), a, axes)[0]);
            out.add(b.execute("ReduceLogSumExp", Map.of("axes", new long[] {0}), a)[0]);
            out.add(b.execute("Transpose", Map.of(), a)[0]);
            out.add(b.execute("Expand", Map.of(), v, shape)[0]);
            BackendArray g = b.execute("Greater", Map.of(), a, v)[0];
            out.add(b.execute("Where", Map.of(), g, a, v)[0]);
            out.add(g);
            out.add(b.execute("Elu", Map.of(), a)[0]);
            out.add(b.execute("Cast", Map.of("to", 11L), a)[0]);
            out.forEach(BackendArray::close);
        }
        return Pointer.physicalBytes() - before;
    }

    /** A fresh JVM with an unusable cache dir reports the backend unavailable with the cause and a fix. */
    @Test
    void badCacheDirIsReportedAsUnavailable(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "x");
        String cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + file.resolve("sub"), "-cp", cp, ProbeMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("UNAVAILABLE"), out);
        assertTrue(out.contains("cache directory"), out);
        assertTrue(out.contains("-Dorg.bytedeco.javacpp.cachedir"), out);
    }

    /** Missing natives: a class path without the linux-x86_64 jars. */
    @Test
    void missingNativesAreReportedAsUnavailable() throws Exception {
        StringBuilder cp = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("linux-x86_64")) {
                continue;
            }
            cp.append(cp.length() > 0 ? File.pathSeparator : "").append(e);
        }
        Path cache = Files.createTempDirectory("kiln-javacpp-empty");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-cp", cp.toString(), ProbeMain.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("UNAVAILABLE"), out);
        assertTrue(out.contains("java backend"), out);
    }

    /** Run in a child JVM: prints UNAVAILABLE and the message, or OK. */
    public static final class ProbeMain {
        public static void main(String[] args) {
            try {
                new Nd4jBackendProvider().create();
                System.out.println("OK");
            } catch (BackendUnavailableException e) {
                System.out.println("UNAVAILABLE " + e.getMessage());
                // a second attempt reports the same
                try {
                    new Nd4jBackendProvider().create();
                } catch (BackendUnavailableException again) {
                    System.out.println("AGAIN " + again.getMessage().equals(e.getMessage()));
                }
            }
            System.exit(0);
        }
    }
}
