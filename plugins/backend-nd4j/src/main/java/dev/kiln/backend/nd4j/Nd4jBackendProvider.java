package dev.kiln.backend.nd4j;

import dev.kiln.backend.nd4j.internal.Nd4jBackend;
import dev.kiln.backend.nd4j.internal.Nd4jRuntime;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendProvider;
import dev.kiln.backend.spi.BackendUnavailableException;
import dev.kiln.backend.spi.Capability;
import java.util.EnumSet;
import java.util.Set;

/**
 * Provides the ND4J native CPU backend ({@code "nd4j"}): libnd4j kernels and OpenBLAS matrix products. Preferred
 * over the pure-Java backend (priority 20 against 10). Threads: {@code -Dkiln.threads} or {@code KILN_THREADS}
 * (default: the cores the JVM sees). JavaCPP extracts its native libraries into {@code org.bytedeco.javacpp.cachedir}
 * (default {@code ~/.kiln/javacpp-cache}).
 *
 * <pre>{@code
 * Backend nd4j = new Nd4jBackendProvider().create();   // BackendUnavailableException if the natives cannot load
 * BackendArray sum = nd4j.execute("Add", Map.of(), a, b)[0];
 * }</pre>
 */
public final class Nd4jBackendProvider implements BackendProvider {
    @Override
    public String name() { return "nd4j"; }

    @Override
    public int priority() { return 20; }

    @Override
    public Set<Capability> capabilities() { return Nd4jBackend.CAPABILITIES; }

    @Override
    public Backend create() throws BackendUnavailableException {
        Nd4jRuntime.initialise(Nd4jBackendProvider.class.getClassLoader());
        return new Nd4jBackend();
    }
}
