package dev.kiln.backend.nd4j.internal;

import dev.kiln.backend.spi.BackendUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts ND4J once per JVM: the JavaCPP cache directory before any native class loads, ND4J's class loader, the
 * thread counts, float32 as default type, quiet logging. A failure is remembered and reported again on every call.
 */
public final class Nd4jRuntime {
    /** System property naming JavaCPP's cache of extracted natives. */
    public static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";

    private static volatile boolean started;
    private static volatile BackendUnavailableException failure;
    private static volatile int threads;

    private Nd4jRuntime() {}

    /** Threads ND4J and OpenBLAS use. */
    public static int threads() { return threads; }

    public static synchronized void initialise(ClassLoader loader) throws BackendUnavailableException {
        if (started) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            Path cache = prepareCacheDir();
            threads = threadCount();
            startNd4j(loader, cache);
            started = true;
        } catch (BackendUnavailableException e) {
            failure = e;
            throw e;
        } catch (LinkageError e) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError
            failure = new BackendUnavailableException("nd4j", "its native libraries could not be loaded (" + rootMessage(e)
                    + "). To fix: run on linux-x86_64 with org.nd4j:nd4j-native:linux-x86_64 on the class path, check that "
                    + "the JavaCPP cache directory " + System.getProperty(CACHE_DIR) + " is writable (set -D" + CACHE_DIR
                    + "=...), or choose the java backend (-Dkiln.backend=java)", e);
            throw failure;
        } catch (RuntimeException e) {
            String what = e.getClass().getSimpleName().equals("NoAvailableBackendException")
                    || (e.getCause() != null && e.getCause().getClass().getSimpleName().equals("NoAvailableBackendException"))
                    ? "ND4J found no backend (NoAvailableBackendException: " + rootMessage(e) + ")"
                    : "ND4J failed to start (" + rootMessage(e) + ")";
            failure = new BackendUnavailableException("nd4j", what + ". To fix: put org.nd4j:nd4j-native and its linux-x86_64 "
                    + "natives on the class path, make " + CACHE_DIR + " writable, or choose the java backend (-Dkiln.backend=java)", e);
            throw failure;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e) : e + ", caused by " + t;
    }

    private static Path prepareCacheDir() throws BackendUnavailableException {
        String dir = System.getProperty(CACHE_DIR);
        if (dir == null || dir.isBlank()) {
            dir = Path.of(System.getProperty("user.home"), ".kiln", "javacpp-cache").toString();
            System.setProperty(CACHE_DIR, dir);
        }
        Path p = Path.of(dir);
        try {
            Files.createDirectories(p);
        } catch (Exception e) {
            throw new BackendUnavailableException("nd4j", "the JavaCPP cache directory " + p + " cannot be created (" + e
                    + "). To fix: set -D" + CACHE_DIR + " to a writable folder, or choose the java backend (-Dkiln.backend=java)", e);
        }
        if (!Files.isDirectory(p) || !Files.isWritable(p)) {
            throw new BackendUnavailableException("nd4j", "the JavaCPP cache directory " + p + " is not a writable folder. To fix: set -D"
                    + CACHE_DIR + " to a writable folder, or choose the java backend (-Dkiln.backend=java)", null);
        }
        return p;
    }

    static int threadCount() {
        String v = System.getProperty("kiln.threads");
        if (v == null || v.isBlank()) {
            v = System.getenv("KILN_THREADS");
        }
        if (v != null && !v.isBlank()) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static void startNd4j(ClassLoader loader, Path cache) {
        // ND4J reads these when its classes initialise: keep it quiet and off periodic System.gc().
        System.setProperty("org.nd4j.versioncheck", "false");

        if (System.getProperty("OMP_NUM_THREADS") == null) {
            System.setProperty("OMP_NUM_THREADS", Integer.toString(threads));
        }
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            org.nd4j.common.config.ND4JClassLoading.setNd4jClassloader(loader);
            Nd4jSetup.configure(threads);
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
