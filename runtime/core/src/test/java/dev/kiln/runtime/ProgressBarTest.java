package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.internal.engine.ProgressBar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress bar prints exactly Keras's lines. */
class ProgressBarTest {
    private static Map<String, Double> logs() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", 0.33871);
        m.put("sparse_categorical_accuracy", 0.905);
        m.put("val_loss", 0.19571);
        m.put("val_sparse_categorical_accuracy", 0.94262);
        return m;
    }

    private static String run(int verbose, boolean dynamic, long steps, double seconds) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(ps, steps, verbose, dynamic, 0);
        bar.update(steps / 2, Map.of("loss", 0.5), false, (long) (seconds * 0.5e9));
        bar.update(steps, logs(), true, (long) (seconds * 1e9));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verboseOneOnAFileIsOneCleanLine() {
        assertEquals("782/782 [==============================] - 3s 4ms/step - loss: 0.3387 - sparse_categorical_accuracy: 0.9050"
                + " - val_loss: 0.1957 - val_sparse_categorical_accuracy: 0.9426" + System.lineSeparator(), run(1, false, 782, 3.2));
    }

    @Test
    void verboseTwoMatchesKeras() {
        assertEquals("782/782 - 3s - loss: 0.3387 - sparse_categorical_accuracy: 0.9050 - val_loss: 0.1957"
                + " - val_sparse_categorical_accuracy: 0.9426 - 3s/epoch - 4ms/step" + System.lineSeparator(), run(2, false, 782, 3.2));
    }

    @Test
    void terminalRedrawsInPlace() {
        String out = run(1, true, 10, 1.0);
        assertEquals(true, out.startsWith("\r 5/10 [==============>...............] - ETA: 0s - loss: 0.5000"), out);
        assertEquals(true, out.contains("\r10/10 [==============================] - 1s 100ms/step - loss: 0.3387"), out);
    }

    @Test
    void silentPrintsNothing() { assertEquals("", run(0, false, 10, 1.0)); }
}
