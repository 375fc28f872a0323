package dev.kiln.api.registry;

/**
 * A component whose registered name depends on the instance rather than only its class, as when several
 * activations share one implementation class. The registry uses this name when serializing.
 *
 * <pre>{@code
 * final class Named implements Activation, NamedComponent {
 *     public String registeredName() { return "core>" + name; }
 *     ...
 * }
 * }</pre>
 */
public interface NamedComponent {
    /** The full registered name, e.g. {@code core>relu}. */
    String registeredName();
}
