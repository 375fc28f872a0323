package dev.kiln.api.layers;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keras-style unique names: the first {@code dense}, then {@code dense_1}, {@code dense_2} ...
 *
 * <pre>{@code
 * String a = Names.unique("dense");   // "dense"
 * String b = Names.unique("dense");   // "dense_1"
 * }</pre>
 */
public final class Names {
    private static final Map<String, AtomicInteger> COUNTERS = new ConcurrentHashMap<>();

    private Names() {}

    /** The next unique name with this prefix. */
    public static String unique(String prefix) {
        int n = COUNTERS.computeIfAbsent(prefix, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? prefix : prefix + "_" + n;
    }

    /** Resets the counters (Keras's {@code clear_session}); tests use it for stable names. */
    public static void reset() { COUNTERS.clear(); }

    /** {@code MyDenseLayer} → {@code my_dense_layer}. */
    public static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLower = i > 0 && !Character.isUpperCase(camel.charAt(i - 1));
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (i > 0 && (prevLower || nextLower)) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Fails on a null, empty or {@code /}-containing name. */
    public static void check(String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new InvalidArgumentException(KilnException.message("Invalid name.",
                    "a non-empty name without '/'", name == null ? "null" : "'" + name + "'", "choose another name"));
        }
    }
}
