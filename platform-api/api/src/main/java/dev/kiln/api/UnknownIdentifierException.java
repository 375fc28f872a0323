package dev.kiln.api;

/**
 * A string identifier ({@code "rmsprop"}, {@code "core>Dense"}) names no registered component.
 * The message lists what is registered of that kind.
 *
 * <pre>{@code
 * try {
 *     Optimizer.get("rmsprob");
 * } catch (UnknownIdentifierException e) {
 *     // "Unknown optimizer: `rmsprob`. Expected one of: adam, rmsprop, sgd, ..."
 * }
 * }</pre>
 */
public class UnknownIdentifierException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownIdentifierException(String message) { super(message); }
}
