package dev.kiln.backend.spi;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds and starts a backend; listed in {@code META-INF/services/dev.kiln.backend.spi.BackendProvider}. The
 * runtime picks the highest {@link #priority()} provider that starts and can train, unless one is named
 * ({@code KILN_BACKEND}, {@code -Dkiln.backend}).
 *
 * <pre>{@code
 * public final class JavaBackendProvider implements BackendProvider {
 *     public String name() { return "java"; }
 *     public int priority() { return 10; }
 *     public Set<Capability> capabilities() { return EnumSet.of(Capability.TRAINING, Capability.FLOAT64); }
 *     public Backend create() { return new JavaBackend(); }
 * }
 * }</pre>
 */
@ConsumerType
public interface BackendProvider {
    String name();

    /** Higher is preferred. */
    int priority();

    Set<Capability> capabilities();

    /** Starts the backend; fails with {@link BackendUnavailableException} naming the cause (missing natives ...). */
    Backend create() throws BackendUnavailableException;
}
