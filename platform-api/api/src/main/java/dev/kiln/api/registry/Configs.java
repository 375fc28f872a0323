package dev.kiln.api.registry;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from a component config map, with defaults and clear errors; what factories use.
 *
 * <pre>{@code
 * double lr = Configs.number(config, "learning_rate", 0.001);
 * boolean nesterov = Configs.bool(config, "nesterov", false);
 * }</pre>
 */
public final class Configs {
    private Configs() {}

    public static double number(Map<String, Object> config, String key, double dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, "a number", v);
    }

    public static int integer(Map<String, Object> config, String key, int dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw wrongType(key, "an integer", v);
    }

    public static boolean bool(Map<String, Object> config, String key, boolean dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "true or false", v);
    }

    public static String string(Map<String, Object> config, String key, String dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string", v);
    }

    /** A nullable number: {@code null} when absent. */
    public static Double optionalNumber(Map<String, Object> config, String key) {
        return config.get(key) == null ? null : number(config, key, 0);
    }

    public static int[] intArray(Map<String, Object> config, String key, int[] dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof List<?> l) {
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw wrongType(key, "a list of integers", v);
                }
                out[i] = n.intValue();
            }
            return out;
        }
        if (v instanceof int[] a) {
            return a.clone();
        }
        throw wrongType(key, "a list of integers", v);
    }

    public static double[] doubleArray(Map<String, Object> config, String key, double[] dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw wrongType(key, "a list of numbers", v);
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        if (v instanceof double[] a) {
            return a.clone();
        }
        throw wrongType(key, "a list of numbers", v);
    }

    /** A list form of an int array, for {@code getConfig}. */
    public static List<Integer> list(int[] values) {
        List<Integer> l = new ArrayList<>();
        for (int v : values) {
            l.add(v);
        }
        return l;
    }

    /** A list form of a double array, for {@code getConfig}. */
    public static List<Double> list(double[] values) {
        List<Double> l = new ArrayList<>();
        for (double v : values) {
            l.add(v);
        }
        return l;
    }

    private static InvalidArgumentException wrongType(String key, String expected, Object v) {
        return new InvalidArgumentException(KilnException.message("Invalid value for config key `" + key + "`.", expected,
                v + " (" + v.getClass().getSimpleName() + ")", "fix the value in the config"));
    }
}
