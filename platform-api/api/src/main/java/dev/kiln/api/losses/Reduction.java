package dev.kiln.api.losses;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;

/**
 * How a loss turns per-sample values into the value it returns, as Keras's {@code reduction} argument.
 *
 * <pre>{@code
 * Loss perSample = new MeanSquaredError(Reduction.NONE);
 * }</pre>
 */
public enum Reduction {
    /** Per-sample values, unreduced. */
    NONE("none"),
    /** The sum of the weighted values. */
    SUM("sum"),
    /** The sum of the weighted values divided by the number of values (Keras's default). */
    SUM_OVER_BATCH_SIZE("sum_over_batch_size");

    private final String kerasName;

    Reduction(String kerasName) { this.kerasName = kerasName; }

    public String kerasName() { return kerasName; }

    public static Reduction of(String name) {
        for (Reduction r : values()) {
            if (r.kerasName.equalsIgnoreCase(name) || r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        if ("auto".equalsIgnoreCase(name) || "mean".equalsIgnoreCase(name)) {
            return SUM_OVER_BATCH_SIZE;
        }
        throw new InvalidArgumentException(KilnException.message("Invalid loss reduction `" + name + "`.",
                "one of none, sum, sum_over_batch_size", name, null));
    }
}
