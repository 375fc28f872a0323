package dev.kiln.api.models;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.Callback;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.data.NamedTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code Model.fit}, with Keras's defaults (batch size 32, one epoch, shuffle, verbose 1).
 *
 * <pre>{@code
 * History h = model.fit(xTrain, yTrain, Fit.options()
 *         .batchSize(64).epochs(2)
 *         .validationData(xVal, yVal)
 *         .callbacks(new MyCallback()));
 * }</pre>
 */
public final class Fit {
    private int batchSize = 32;
    private int epochs = 1;
    private int verbose = 1;
    private boolean shuffle = true;
    private double validationSplit;
    private DataSource validationData;
    private NamedTensors validationX;
    private NamedTensors validationY;
    private NamedTensors validationSampleWeight;
    private Integer validationSteps;
    private Integer validationBatchSize;
    private int validationFreq = 1;
    private Integer stepsPerEpoch;
    private int initialEpoch;
    private final List<Callback> callbacks = new ArrayList<>();
    private Tensor sampleWeight;
    private Map<Integer, Double> classWeight;
    private int workers = 1;

    private Fit() {}

    /** Keras's defaults. */
    public static Fit options() { return new Fit(); }

    public Fit batchSize(int n) {
        this.batchSize = positive("batchSize", n);
        return this;
    }

    public Fit epochs(int n) {
        this.epochs = positive("epochs", n);
        return this;
    }

    /** 0 silent, 1 progress bar, 2 one line per epoch. */
    public Fit verbose(int level) {
        if (level < 0 || level > 2) {
            throw new InvalidArgumentException(KilnException.message("Invalid verbose level.", "0, 1 or 2", level, null));
        }
        this.verbose = level;
        return this;
    }

    /** Shuffle samples (arrays) or batch order (indexed sources) each epoch. */
    public Fit shuffle(boolean s) {
        this.shuffle = s;
        return this;
    }

    /** Holds out the last {@code fraction} of the arrays (before shuffling) for validation. */
    public Fit validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new InvalidArgumentException(KilnException.message("Invalid validationSplit.",
                    "a fraction strictly between 0 and 1", fraction, "pass e.g. validationSplit(0.2)"));
        }
        this.validationSplit = fraction;
        return this;
    }

    public Fit validationData(Tensor x, Tensor y) { return validationData(NamedTensors.of(x), NamedTensors.of(y), null); }

    public Fit validationData(Map<String, Tensor> x, Map<String, Tensor> y) {
        return validationData(NamedTensors.of(x), NamedTensors.of(y), null);
    }

    /** Validation arrays; {@code sampleWeight} may be {@code null}. */
    public Fit validationData(NamedTensors x, NamedTensors y, NamedTensors sampleWeight) {
        this.validationX = x;
        this.validationY = y;
        this.validationSampleWeight = sampleWeight;
        this.validationData = null;
        return this;
    }

    public Fit validationData(DataSource source) {
        this.validationData = source;
        this.validationX = null;
        this.validationY = null;
        return this;
    }

    /** Batches of validation data to evaluate each time (all of it by default). */
    public Fit validationSteps(int n) {
        this.validationSteps = positive("validationSteps", n);
        return this;
    }

    public Fit validationBatchSize(int n) {
        this.validationBatchSize = positive("validationBatchSize", n);
        return this;
    }

    /** Validate every {@code n} epochs. */
    public Fit validationFreq(int n) {
        this.validationFreq = positive("validationFreq", n);
        return this;
    }

    /** Batches per epoch (needed for an endless source; otherwise one full pass). */
    public Fit stepsPerEpoch(int n) {
        this.stepsPerEpoch = positive("stepsPerEpoch", n);
        return this;
    }

    /** The epoch to start from (to resume a run); epochs run are {@code initialEpoch .. epochs-1}. */
    public Fit initialEpoch(int epoch) {
        if (epoch < 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid initialEpoch.", "an integer >= 0", epoch, null));
        }
        this.initialEpoch = epoch;
        return this;
    }

    public Fit callbacks(Callback... cbs) {
        for (Callback c : cbs) {
            if (c == null) {
                throw new InvalidArgumentException(KilnException.message("A callback is null.", "Callback objects", "null", null));
            }
        }
        this.callbacks.addAll(Arrays.asList(cbs));
        return this;
    }

    /** Per-sample weights for array data (one per sample). */
    public Fit sampleWeight(Tensor weights) {
        this.sampleWeight = weights;
        return this;
    }

    /** Weights by class index, applied to samples by their label. */
    public Fit classWeight(Map<Integer, Double> weights) {
        this.classWeight = new LinkedHashMap<>(weights);
        return this;
    }

    /** Threads that load batches of an indexed source ahead of training (1: load on the training thread). */
    public Fit workers(int n) {
        this.workers = positive("workers", n);
        return this;
    }

    private static int positive(String what, int n) {
        if (n <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid " + what + ".", "a positive integer", n, null));
        }
        return n;
    }

    public int batchSize() { return batchSize; }
    public int epochs() { return epochs; }
    public int verbose() { return verbose; }
    public boolean shuffle() { return shuffle; }
    public double validationSplit() { return validationSplit; }
    public DataSource validationData() { return validationData; }
    public NamedTensors validationX() { return validationX; }
    public NamedTensors validationY() { return validationY; }
    public NamedTensors validationSampleWeight() { return validationSampleWeight; }
    public Integer validationSteps() { return validationSteps; }
    public Integer validationBatchSize() { return validationBatchSize; }
    public int validationFreq() { return validationFreq; }
    public Integer stepsPerEpoch() { return stepsPerEpoch; }
    public int initialEpoch() { return initialEpoch; }
    public List<Callback> callbacks() { return List.copyOf(callbacks); }
    public Tensor sampleWeight() { return sampleWeight; }
    public Map<Integer, Double> classWeight() { return classWeight; }
    public int workers() { return workers; }
}
