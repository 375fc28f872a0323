package dev.kiln.api.registry;

/**
 * The kinds of component a plugin can contribute.
 *
 * <pre>{@code
 * Registry.get().list(ComponentKind.LOSS).forEach(c -> System.out.println(c.name()));
 * }</pre>
 */
public enum ComponentKind {
    LAYER("layer"), LOSS("loss"), METRIC("metric"), OPTIMIZER("optimizer"), SCHEDULE("learning rate schedule"),
    ACTIVATION("activation"), INITIALIZER("initializer"), REGULARIZER("regularizer"), CALLBACK("callback"),
    DATA_SOURCE("data source"), EXPORTER("exporter");

    private final String label;

    ComponentKind(String label) { this.label = label; }

    /** Human-readable name used in messages. */
    public String label() { return label; }

    /** The plural of {@link #label()}. */
    public String plural() { return label.endsWith("s") ? label + "es" : label + "s"; }
}
