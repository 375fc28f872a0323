package dev.kiln.initializers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;

/** Argument checks shared by the initializers. */
final class Checks {
    private Checks() {}

    static double finite(String owner, String arg, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Invalid `" + arg + "` for " + owner + ".", "a finite number", v, null));
        }
        return v;
    }

    static double positive(String owner, String arg, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Invalid `" + arg + "` for " + owner + ".", "a positive number", v,
                    "pass e.g. " + arg + "=0.05"));
        }
        return v;
    }
}
