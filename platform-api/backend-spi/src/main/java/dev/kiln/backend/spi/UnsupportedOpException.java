package dev.kiln.backend.spi;

import dev.kiln.api.KilnException;

/**
 * An operator, or a form of it (an attribute value, a dtype), that a backend does not implement.
 *
 * <pre>{@code
 * throw new UnsupportedOpException("java", "Conv", "not implemented yet");
 * }</pre>
 */
public class UnsupportedOpException extends KilnException {
    private static final long serialVersionUID = 1L;

    public UnsupportedOpException(String backend, String op, String detail) {
        super("Backend `" + backend + "` does not support operator `" + op + "`" + (detail == null ? "" : ": " + detail)
                + ". To fix: choose a backend that does (-Dkiln.backend=...), or avoid the operator.");
    }
}
