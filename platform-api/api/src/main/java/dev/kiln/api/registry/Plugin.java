package dev.kiln.api.registry;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle of components. Found with {@link java.util.ServiceLoader} on a class path
 * ({@code META-INF/services/dev.kiln.api.registry.Plugin}) and as an OSGi service in the host; when a plugin
 * goes away, exactly the components it registered go with it.
 *
 * <pre>{@code
 * public final class MyPlugin implements Plugin {
 *     public String name() { return "acme"; }
 *     public void register(Registrar r) {
 *         r.register(ComponentKind.LOSS, "acme>FocalLoss", FocalLoss.class, FocalLoss::fromConfig, "focal_loss");
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface Plugin {
    /** A short unique name ({@code "core-layers"}). */
    String name();

    /** The plugin's version; defaults to the jar's Implementation-Version. */
    default String version() {
        String v = getClass().getPackage() == null ? null : getClass().getPackage().getImplementationVersion();
        return v == null ? "0.0.0" : v;
    }

    void register(Registrar registrar);
}
