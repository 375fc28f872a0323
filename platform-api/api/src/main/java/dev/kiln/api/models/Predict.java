package dev.kiln.api.models;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.callbacks.Callback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options of {@code Model.predict} (batch size 32, verbose 1 by default, as Keras).
 *
 * <pre>{@code
 * Tensor probs = model.predict(xTest, Predict.options().batchSize(256));
 * }</pre>
 */
public final class Predict {
    private int batchSize = 32;
    private int verbose = 1;
    private Integer steps;
    private final List<Callback> callbacks = new ArrayList<>();

    private Predict() {}

    public static Predict options() { return new Predict(); }

    public Predict batchSize(int n) {
        if (n <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid batchSize.", "a positive integer", n, null));
        }
        this.batchSize = n;
        return this;
    }

    public Predict verbose(int level) {
        if (level < 0 || level > 2) {
            throw new InvalidArgumentException(KilnException.message("Invalid verbose level.", "0, 1 or 2", level, null));
        }
        this.verbose = level;
        return this;
    }

    public Predict steps(int n) {
        if (n <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid steps.", "a positive integer", n, null));
        }
        this.steps = n;
        return this;
    }

    public Predict callbacks(Callback... cbs) {
        callbacks.addAll(Arrays.asList(cbs));
        return this;
    }

    public int batchSize() { return batchSize; }
    public int verbose() { return verbose; }
    public Integer steps() { return steps; }
    public List<Callback> callbacks() { return List.copyOf(callbacks); }
}
