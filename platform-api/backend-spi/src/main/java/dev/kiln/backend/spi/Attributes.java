package dev.kiln.backend.spi;

import dev.kiln.api.InvalidArgumentException;
import java.util.Map;

/**
 * Typed reads of ONNX operator attributes with defaults.
 *
 * <pre>{@code
 * long axis = Attributes.getInt(attrs, "axis", -1);
 * double alpha = Attributes.getFloat(attrs, "alpha", 0.01);
 * }</pre>
 */
public final class Attributes {
    private Attributes() {}

    public static long getInt(Map<String, Object> attrs, String name, long dflt) {
        Object v = attrs.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw bad(name, "an integer", v);
    }

    public static double getFloat(Map<String, Object> attrs, String name, double dflt) {
        Object v = attrs.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw bad(name, "a number", v);
    }

    public static String getString(Map<String, Object> attrs, String name, String dflt) {
        Object v = attrs.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw bad(name, "a string", v);
    }

    /** An int64 list attribute; {@code int[]} and {@code long[]} are accepted. Returns {@code dflt} when absent. */
    public static long[] getInts(Map<String, Object> attrs, String name, long[] dflt) {
        Object v = attrs.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof long[] l) {
            return l;
        }
        if (v instanceof int[] a) {
            long[] l = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                l[i] = a[i];
            }
            return l;
        }
        throw bad(name, "a list of integers", v);
    }

    public static double[] getFloats(Map<String, Object> attrs, String name, double[] dflt) {
        Object v = attrs.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof double[] d) {
            return d;
        }
        if (v instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        throw bad(name, "a list of numbers", v);
    }

    private static InvalidArgumentException bad(String name, String expected, Object v) {
        return new InvalidArgumentException("Invalid operator attribute `" + name + "`. Expected " + expected + ". Received: "
                + v + " (" + v.getClass().getSimpleName() + ").");
    }
}
