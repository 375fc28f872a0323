package dev.kiln.backend.spi;

import dev.kiln.api.KilnException;

/**
 * A backend cannot start here (no native libraries for the platform, a corrupt cache ...).
 *
 * <pre>{@code
 * throw new BackendUnavailableException("nd4j", "no native libraries for linux-arm64", cause);
 * }</pre>
 */
public class BackendUnavailableException extends KilnException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String backend, String reason, Throwable cause) {
        super("Backend `" + backend + "` is unavailable: " + reason + ".", cause);
    }
}
