package dev.kiln.backend.nd4j.internal;

import dev.kiln.backend.spi.BackendUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Loads ND4J's native stack once per JVM: the JavaCPP cache directory is set before any native class loads, then
 * the OpenBLAS that ND4J 1.0.0-M2.1 ships is loaded (through the class loader that sees it, as HOST-NOTES asks)
 * and set to one thread per call. A failure is remembered and reported again on every call.
 */
public final class Nd4jRuntime {
    /** System property naming JavaCPP's cache of extracted natives. */
    public static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";

    private static volatile boolean started;
    private static volatile BackendUnavailableException failure;

    private Nd4jRuntime() {}

    public static synchronized void initialise(ClassLoader loader) throws BackendUnavailableException {
        if (started) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            prepareCacheDir();
            loadOpenBlas(loader);
            started = true;
        } catch (BackendUnavailableException e) {
            failure = e;
            throw e;
        } catch (LinkageError e) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError
            failure = new BackendUnavailableException("nd4j", "its native libraries could not be loaded (" + rootMessage(e)
                    + "). To fix: run on linux-x86_64 with org.bytedeco:openblas:linux-x86_64 and org.bytedeco:javacpp:linux-x86_64 on the class path, check that "
                    + "the JavaCPP cache directory " + System.getProperty(CACHE_DIR) + " is writable (set -D" + CACHE_DIR
                    + "=...), or choose the java backend (-Dkiln.backend=java)", e);
            throw failure;
        } catch (RuntimeException e) {
            failure = new BackendUnavailableException("nd4j", "its natives failed to start (" + rootMessage(e) + "). To fix: put "
                    + "org.bytedeco:openblas and its linux-x86_64 natives on the class path, make " + CACHE_DIR
                    + " writable, or choose the java backend (-Dkiln.backend=java)", e);
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

    private static void loadOpenBlas(ClassLoader loader) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            Loader.load(openblas_nolapack.class);
            // One BLAS thread per call: OpenBLAS's idle threads spin for a while after each call, taking the core the
            // next element-wise kernel needs (convolutions split samples across the java kernels' pool instead).
            openblas_nolapack.blas_set_num_threads(1);
            // One product now, so that a broken library fails here and not inside the first training step.
            float[] c = new float[1];
            new OpenBlasKernels().sgemm(false, false, 1, 1, 1, 1f, new float[] {2}, 0, 1, new float[] {3}, 0, 1, 0f, c, 0, 1);
            if (c[0] != 6f) {
                throw new IllegalStateException("OpenBLAS computed 2 x 3 = " + c[0]);
            }
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
