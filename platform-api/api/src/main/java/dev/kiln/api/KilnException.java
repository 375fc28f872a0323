package dev.kiln.api;

/**
 * Base of every error Kiln raises for bad input or misuse. Messages follow Keras's form: what is wrong,
 * what was expected, what was received, and how to fix it.
 *
 * <pre>{@code
 * throw new InvalidArgumentException(KilnException.message(
 *         "Invalid batch size.", "a positive integer", 0, "pass Fit.options().batchSize(32)"));
 * }</pre>
 */
public class KilnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KilnException(String message) { super(message); }

    public KilnException(String message, Throwable cause) { super(message, cause); }

    /**
     * Formats a message in Keras's form.
     *
     * @param what     what is wrong, as a sentence
     * @param expected what was expected (may be {@code null})
     * @param received what was received (may be {@code null})
     * @param fix      how to fix it (may be {@code null})
     */
    public static String message(String what, Object expected, Object received, String fix) {
        StringBuilder sb = new StringBuilder(what);
        if (expected != null) {
            sb.append(" Expected ").append(expected).append('.');
        }
        if (received != null) {
            sb.append(" Received: ").append(received).append('.');
        }
        if (fix != null && !fix.isEmpty()) {
            sb.append(" To fix: ").append(fix).append('.');
        }
        return sb.toString();
    }
}
