package dev.kiln.optimizers.internal;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;

/** Argument checks shared by the optimizers and schedules. */
public final class Checks {
    private Checks() {}

    /** {@code v} in {@code [lo, hi)} (or {@code [lo, hi]} when {@code closed}). */
    public static double range(String owner, String arg, double v, double lo, double hi, boolean closed) {
        boolean ok = v >= lo && (closed ? v <= hi : v < hi);
        if (!ok) {
            throw new InvalidArgumentException(KilnException.message("Invalid " + arg + " for " + owner + ".",
                    "a number in [" + lo + ", " + hi + (closed ? "]" : ")"), v, null));
        }
        return v;
    }

    public static double positive(String owner, String arg, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Invalid " + arg + " for " + owner + ".", "a positive number", v, null));
        }
        return v;
    }
}
