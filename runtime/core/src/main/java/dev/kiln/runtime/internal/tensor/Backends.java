package dev.kiln.runtime.internal.tensor;

import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendProvider;
import dev.kiln.backend.spi.BackendUnavailableException;
import dev.kiln.backend.spi.Capability;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * Chooses the backend: the one named by {@code -Dkiln.backend} or {@code KILN_BACKEND} (failing with its cause if it
 * cannot start), else the highest-priority provider that starts and can train (warning once about any that failed).
 */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());

    private Backends() {}

    public static Backend choose(ClassLoader loader) {
        List<BackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, loader).forEach(providers::add);
        providers.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        String wanted = System.getProperty("kiln.backend", System.getenv("KILN_BACKEND"));
        List<String> names = providers.stream().map(BackendProvider::name).toList();
        if (wanted != null && !wanted.isBlank()) {
            for (BackendProvider p : providers) {
                if (p.name().equalsIgnoreCase(wanted.trim())) {
                    return p.create();
                }
            }
            throw new IllegalStateKilnException("Backend `" + wanted + "` was asked for (kiln.backend / KILN_BACKEND) but is not "
                    + "installed. Expected one of: " + names + ". To fix: add its plugin, or ask for an installed backend.");
        }
        List<String> failures = new ArrayList<>();
        for (BackendProvider p : providers) {
            if (!p.capabilities().contains(Capability.TRAINING)) {
                continue;
            }
            try {
                Backend b = p.create();
                if (!failures.isEmpty()) {
                    LOG.warning("Using backend `" + b.name() + "`; could not start " + String.join("; ", failures));
                }
                return b;
            } catch (BackendUnavailableException | LinkageError e) {
                failures.add(p.name() + " (" + e.getMessage() + ")");
            }
        }
        throw new IllegalStateKilnException("No Kiln backend that can train could be started. Expected a backend plugin such as "
                + "kiln-backend-java on the class path. Received: " + (names.isEmpty() ? "none installed" : names + " " + failures)
                + ". To fix: add dev.kiln:kiln-backend-java.");
    }
}
