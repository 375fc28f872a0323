package dev.kiln.api.models;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.Callback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options of {@code Model.evaluate} (batch size 32, verbose 1 by default).
 *
 * <pre>{@code
 * Map<String, Double> results = model.evaluate(xTest, yTest, Evaluate.options().batchSize(128));
 * double acc = results.get("sparse_categorical_accuracy");
 * }</pre>
 */
public final class Evaluate {
    private int batchSize = 32;
    private int verbose = 1;
    private Integer steps;
    private Tensor sampleWeight;
    private final List<Callback> callbacks = new ArrayList<>();

    private Evaluate() {}

    public static Evaluate options() { return new Evaluate(); }

    public Evaluate batchSize(int n) {
        if (n <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid batchSize.", "a positive integer", n, null));
        }
        this.batchSize = n;
        return this;
    }

    public Evaluate verbose(int level) {
        if (level < 0 || level > 2) {
            throw new InvalidArgumentException(KilnException.message("Invalid verbose level.", "0, 1 or 2", level, null));
        }
        this.verbose = level;
        return this;
    }

    /** Number of batches to evaluate (all by default). */
    public Evaluate steps(int n) {
        if (n <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid steps.", "a positive integer", n, null));
        }
        this.steps = n;
        return this;
    }

    public Evaluate sampleWeight(Tensor w) {
        this.sampleWeight = w;
        return this;
    }

    public Evaluate callbacks(Callback... cbs) {
        callbacks.addAll(Arrays.asList(cbs));
        return this;
    }

    public int batchSize() { return batchSize; }
    public int verbose() { return verbose; }
    public Integer steps() { return steps; }
    public Tensor sampleWeight() { return sampleWeight; }
    public List<Callback> callbacks() { return List.copyOf(callbacks); }
}
