package dev.kiln.optimizers.internal;

import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.optimizers.Optimizer;

/** Argument checks shared by the optimizers and schedules; messages in Keras's form. */
public final class Checks {
    private Checks() {}

    /** {@code v} in {@code [lo, hi)} (or {@code [lo, hi]} when {@code closed}). */
    public static double range(String owner, String arg, double v, double lo, double hi, boolean closed) {
        boolean ok = v >= lo && (closed ? v <= hi : v < hi);
        if (!ok) {
            throw new InvalidArgumentException(KilnException.message("Invalid `" + arg + "` for `" + owner + "`.",
                    "a number in [" + fmt(lo) + ", " + fmt(hi) + (closed ? "]" : ")"), arg + "=" + v,
                    "pass " + arg + " in that range"));
        }
        return v;
    }

    /** {@code v >= 0} and finite. */
    public static double nonNegative(String owner, String arg, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Invalid `" + arg + "` for `" + owner + "`.",
                    "a finite number >= 0", arg + "=" + v, "pass a non-negative number"));
        }
        return v;
    }

    /** {@code v > 0} and finite. */
    public static double positive(String owner, String arg, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Invalid `" + arg + "` for `" + owner + "`.",
                    "a finite number > 0", arg + "=" + v, "pass a positive number"));
        }
        return v;
    }

    /** A finite number (any sign). */
    public static double finite(String owner, String arg, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Invalid `" + arg + "` for `" + owner + "`.",
                    "a finite number", arg + "=" + v, null));
        }
        return v;
    }

    /** A whole number {@code > 0} (Keras: "Argument `decay_steps` must be > 0."). */
    public static long positiveSteps(String owner, String arg, double v) {
        if (!(v > 0) || v != Math.rint(v) || Double.isInfinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Argument `" + arg + "` of `" + owner + "` must be > 0.",
                    "a whole number > 0", arg + "=" + v, "pass a positive number of steps"));
        }
        return (long) v;
    }

    /** A whole number {@code >= 0}. */
    public static long nonNegativeSteps(String owner, String arg, double v) {
        if (!(v >= 0) || v != Math.rint(v) || Double.isInfinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Argument `" + arg + "` of `" + owner + "` must be >= 0.",
                    "a whole number >= 0", arg + "=" + v, "pass a non-negative number of steps"));
        }
        return (long) v;
    }

    /** Options that decide which slots exist can only change before the first {@code apply}. */
    public static void notBuilt(Optimizer o, String arg) {
        if (o.isBuilt()) {
            throw new IllegalStateKilnException("Cannot change `" + arg + "` of optimizer `" + o.name()
                    + "` after its first update. Expected the option set before apply() creates the optimizer's slots. "
                    + "Received: a change after " + o.iterations() + " update(s). To fix: set " + arg
                    + " when constructing the optimizer, or use a new optimizer.");
        }
    }

    private static String fmt(double d) {
        if (d == Double.MAX_VALUE) {
            return "inf";
        }
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
