package dev.kiln.api;

import dev.kiln.api.spi.KilnRuntime;

/**
 * Process-wide settings: the random seed and the backend in use.
 *
 * <pre>{@code
 * Kiln.setSeed(42);                 // weights, shuffling and dropout repeat exactly
 * System.out.println(Kiln.backendName());
 * }</pre>
 */
public final class Kiln {
    private Kiln() {}

    /** Seeds every random generator Kiln uses (initializers, shuffling, dropout, validation split). */
    public static void setSeed(long seed) { KilnRuntime.get().setSeed(seed); }

    /** Name of the backend new tensors are created on ({@code "java"}, {@code "nd4j"}). */
    public static String backendName() { return KilnRuntime.get().backendName(); }
}
