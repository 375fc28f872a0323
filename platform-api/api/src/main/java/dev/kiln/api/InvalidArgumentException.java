package dev.kiln.api;

/**
 * A value passed to Kiln is not acceptable (Keras's {@code ValueError}).
 *
 * <pre>{@code
 * try {
 *     Fit.options().validationSplit(1.5);
 * } catch (InvalidArgumentException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public class InvalidArgumentException extends KilnException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) { super(message); }

    public InvalidArgumentException(String message, Throwable cause) { super(message, cause); }
}
