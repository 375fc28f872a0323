package dev.kiln.api;

/**
 * Shapes of tensors or data do not fit together, e.g. data whose feature size differs from the model's input.
 *
 * <pre>{@code
 * // "Invalid shape for input `digits`. Expected (None, 784). Received: (64, 785)."
 * }</pre>
 */
public class ShapeMismatchException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String message) { super(message); }
}
