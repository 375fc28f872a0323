package dev.kiln.api;

/**
 * An operation was called at the wrong time: {@code fit} before {@code compile}, a closed tensor read.
 *
 * <pre>{@code
 * // model.fit(...) before model.compile(...) raises:
 * // "You must call `compile()` before using the model. ..."
 * }</pre>
 */
public class IllegalStateKilnException extends KilnException {
    private static final long serialVersionUID = 1L;

    public IllegalStateKilnException(String message) { super(message); }
}
