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
        assertThrows(dev.kiln.api.IllegalStateKilnException.class, () -> b.execute("Neg", Map.of(), a));
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
        long heap = Runtime.getRuntime().maxMemory();
        if (heap / 8 < Integer.MAX_VALUE - 8) {
            int n = (int) (heap / 8) + 1;
            InvalidArgumentException big = assertThrows(InvalidArgumentException.class, () -> b.full(new int[] {n}, 0, DType.FLOAT64));
            assertTrue(big.getMessage().contains("bytes") && big.getMessage().contains("-Xmx"), big.getMessage());
        }
    }

    @Test
    void productsWithOffsetsAndTransposesMatchTheJavaBackend() {
        Backend nd4j = new Nd4jBackendProvider().create();
        Backend ref = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("java")).findFirst().orElseThrow().create();
        java.util.Random r = new java.util.Random(3);
        float[] a = new float[3 * 5 * 7];
        float[] w = new float[7 * 4];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        // a batched product (offsets into the batch) and a Gemm with both transposes and a bias
        float[] expected = ref.execute("MatMul", Map.of(), ref.fromArray(a, new int[] {3, 5, 7}, DType.FLOAT32),
                ref.fromArray(w, new int[] {7, 4}, DType.FLOAT32))[0].toFloatArray();
        float[] got = nd4j.execute("MatMul", Map.of(), nd4j.fromArray(a, new int[] {3, 5, 7}, DType.FLOAT32),
                nd4j.fromArray(w, new int[] {7, 4}, DType.FLOAT32))[0].toFloatArray();
        assertArrayEquals(expected, got, 1e-4f);
        Map<String, Object> attrs = Map.of("transA", 1L, "transB", 1L, "alpha", 0.5, "beta", 2.0);
        float[] bias = {1, 2, 3, 4, 5};
        float[] e2 = ref.execute("Gemm", attrs, ref.fromArray(w, new int[] {7, 4}, DType.FLOAT32),
                ref.fromArray(java.util.Arrays.copyOf(a, 35), new int[] {5, 7}, DType.FLOAT32),
                ref.fromArray(bias, new int[] {5}, DType.FLOAT32))[0].toFloatArray();
        float[] g2 = nd4j.execute("Gemm", attrs, nd4j.fromArray(w, new int[] {7, 4}, DType.FLOAT32),
                nd4j.fromArray(java.util.Arrays.copyOf(a, 35), new int[] {5, 7}, DType.FLOAT32),
                nd4j.fromArray(bias, new int[] {5}, DType.FLOAT32))[0].toFloatArray();
        assertArrayEquals(e2, g2, 1e-4f);
    }

    /** Products from several threads at once give the single-threaded results (OpenBLAS itself raced here). */
    @Test
    void concurrentProductsAreCorrect() throws Exception {
        Backend b = new Nd4jBackendProvider().create();
        java.util.Random r = new java.util.Random(5);
        float[] x = new float[64 * 128];
        float[] w = new float[128 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
            w[i] = (float) r.nextGaussian();
        }
        BackendArray xa = b.fromArray(x, new int[] {64, 128}, DType.FLOAT32);
        BackendArray wa = b.fromArray(w, new int[] {128, 64}, DType.FLOAT32);
        float[] expected = b.execute("MatMul", Map.of(), xa, wa)[0].toFloatArray();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (!java.util.Arrays.equals(expected, b.execute("MatMul", Map.of(), xa, wa)[0].toFloatArray())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
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
