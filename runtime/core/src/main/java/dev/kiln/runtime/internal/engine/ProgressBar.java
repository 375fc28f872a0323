package dev.kiln.runtime.internal.engine;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress bar. On a terminal it redraws one line in place; elsewhere it prints the finished line only,
 * so logs hold one clean line per epoch. Format (verbose 1):
 * {@code 782/782 [==============================] - 3s 3ms/step - loss: 0.3387 - acc: 0.9050}; verbose 2:
 * {@code 782/782 - 3s - loss: 0.3387 - acc: 0.9050 - 3s/epoch - 3ms/step}.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final double INTERVAL_S = 0.05;

    private final PrintStream out;
    private final long target;
    private final int verbose;
    private final boolean dynamic;
    private final long startNanos;
    private double lastUpdate = -1;
    private int previousWidth;

    /**
     * @param target steps expected, or -1 if unknown
     */
    public ProgressBar(PrintStream out, long target, int verbose, boolean dynamic, long startNanos) {
        this.out = out;
        this.target = target;
        this.verbose = verbose;
        this.dynamic = dynamic;
        this.startNanos = startNanos;
    }

    /** Whether stdout is an interactive terminal (Java sees a console only when stdin and stdout both are). */
    public static boolean stdoutIsTerminal() {
        String forced = System.getenv("KILN_PROGRESS");
        if (forced != null) {
            return forced.equalsIgnoreCase("dynamic");
        }
        return System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Shows progress after {@code current} steps; {@code finalize} prints the finished line. */
    public void update(long current, Map<String, Double> values, boolean finalize, long nowNanos) {
        if (verbose == 0) {
            return;
        }
        double elapsed = (nowNanos - startNanos) / 1e9;
        if (verbose == 1) {
            if (!finalize && (!dynamic || elapsed - lastUpdate < INTERVAL_S)) {
                return;
            }
            lastUpdate = elapsed;
            String line = format(current, values, finalize, elapsed);
            if (dynamic) {
                StringBuilder sb = new StringBuilder("\r").append(line);
                for (int i = line.length(); i < previousWidth; i++) {
                    sb.append(' ');
                }
                previousWidth = line.length();
                out.print(sb);
                if (finalize) {
                    out.println();
                }
            } else {
                out.println(line);
            }
            out.flush();
        } else if (finalize) {
            out.println(formatVerbose2(current, values, elapsed));
            out.flush();
        }
    }

    /** The verbose-1 line. */
    String format(long current, Map<String, Double> values, boolean finalize, double elapsed) {
        StringBuilder sb = new StringBuilder();
        if (target > 0) {
            String t = Long.toString(target);
            sb.append(String.format(Locale.ROOT, "%" + t.length() + "d/%s [", current, t));
            int prog = (int) (WIDTH * Math.min(1.0, (double) current / target));
            if (prog > 0) {
                sb.append("=".repeat(prog - 1)).append(current < target ? '>' : '=');
            }
            sb.append(".".repeat(WIDTH - prog)).append(']');
        } else {
            sb.append(current).append("/Unknown");
        }
        double perStep = current > 0 ? elapsed / current : 0;
        if (finalize || target <= 0) {
            sb.append(String.format(Locale.ROOT, " - %.0fs", elapsed)).append(' ').append(formatPerStep(perStep));
        } else {
            double eta = perStep * (target - current);
            sb.append(" - ETA: ").append(formatEta(eta));
        }
        appendValues(sb, values);
        return sb.toString();
    }

    String formatVerbose2(long current, Map<String, Double> values, double elapsed) {
        StringBuilder sb = new StringBuilder();
        sb.append(current).append('/').append(target > 0 ? Long.toString(target) : "Unknown");
        sb.append(String.format(Locale.ROOT, " - %.0fs", elapsed));
        appendValues(sb, values);
        sb.append(String.format(Locale.ROOT, " - %.0fs/epoch", elapsed));
        sb.append(" - ").append(formatPerStep(current > 0 ? elapsed / current : 0));
        return sb.toString();
    }

    private static void appendValues(StringBuilder sb, Map<String, Double> values) {
        for (Map.Entry<String, Double> e : values.entrySet()) {
            sb.append(" - ").append(e.getKey()).append(':').append(formatValue(e.getValue()));
        }
    }

    /** Keras: {@code ' %.4f'} for |v| > 1e-3, else {@code ' %.4e'}. */
    static String formatValue(double v) {
        return Math.abs(v) > 1e-3 ? String.format(Locale.ROOT, " %.4f", v) : String.format(Locale.ROOT, " %.4e", v);
    }

    static String formatPerStep(double seconds) {
        if (seconds >= 1 || seconds == 0) {
            return String.format(Locale.ROOT, "%.0fs/step", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.0fms/step", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.0fus/step", seconds * 1e6);
    }

    static String formatEta(double eta) {
        long s = (long) eta;
        if (s > 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
        }
        if (s > 60) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return s + "s";
    }
}
