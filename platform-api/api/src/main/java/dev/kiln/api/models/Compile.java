package dev.kiln.api.models;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.LossFunction;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.metrics.MetricFunction;
import dev.kiln.api.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code Model.compile}: optimizer, loss(es), loss weights and metrics, each given by object or
 * by Keras identifier. A loss or a metric is a {@link Loss}/{@link Metric}, a function, or a string such as
 * {@code "sparse_categorical_crossentropy"} / {@code "accuracy"} (resolved by the loss, as Keras does).
 *
 * <pre>{@code
 * model.compile(Compile.with(new RMSprop(1e-3))
 *         .loss("sparse_categorical_crossentropy")
 *         .metrics("sparse_categorical_accuracy"));
 *
 * // multi-output, by output name
 * model.compile(Compile.with("adam")
 *         .losses(Map.of("score", "mse", "class", "categorical_crossentropy"))
 *         .lossWeights(Map.of("score", 1.0, "class", 0.2))
 *         .metrics(Map.of("class", List.of("accuracy"))));
 * }</pre>
 */
public final class Compile {
    private final Object optimizer;
    private Object loss;
    private Object lossWeights;
    private Object metrics;
    private Object weightedMetrics;
    private boolean runEagerly;

    private Compile(Object optimizer) {
        if (optimizer == null) {
            throw new InvalidArgumentException(KilnException.message("compile() needs an optimizer.",
                    "an Optimizer or an identifier such as \"rmsprop\"", "null", null));
        }
        this.optimizer = optimizer;
    }

    public static Compile with(Optimizer optimizer) { return new Compile(optimizer); }

    /** An optimizer by identifier ({@code "rmsprop"}, {@code "adam"}), with Keras's defaults. */
    public static Compile with(String optimizer) { return new Compile(optimizer); }

    public Compile loss(String id) { return setLoss(id); }

    public Compile loss(Loss loss) { return setLoss(loss); }

    public Compile loss(LossFunction fn) { return setLoss(fn); }

    /** One loss per output, by position; each a String, Loss or LossFunction (null: no loss for that output). */
    public Compile losses(List<?> perOutput) { return setLoss(new ArrayList<>(perOutput)); }

    /** Losses by output name. */
    public Compile losses(Map<String, ?> byOutputName) { return setLoss(new LinkedHashMap<>(byOutputName)); }

    private Compile setLoss(Object l) {
        if (l == null) {
            throw new InvalidArgumentException(KilnException.message("compile() got a null loss.", "a loss", "null", null));
        }
        this.loss = l;
        return this;
    }

    /** Weights of the per-output losses in the total, by position. */
    public Compile lossWeights(double... weights) {
        List<Double> w = new ArrayList<>();
        for (double d : weights) {
            w.add(d);
        }
        this.lossWeights = w;
        return this;
    }

    /** Weights of the per-output losses, by output name. */
    public Compile lossWeights(Map<String, Double> byOutputName) {
        this.lossWeights = new LinkedHashMap<>(byOutputName);
        return this;
    }

    /** Metrics for every output: each a String, {@link Metric} or {@link MetricFunction}. */
    public Compile metrics(Object... metrics) {
        this.metrics = new ArrayList<>(Arrays.asList(metrics));
        return this;
    }

    /** Metrics per output, by output name. */
    public Compile metrics(Map<String, ? extends List<?>> byOutputName) {
        this.metrics = new LinkedHashMap<>(byOutputName);
        return this;
    }

    /** Metrics weighted by {@code sample_weight}/{@code class_weight}, for every output. */
    public Compile weightedMetrics(Object... metrics) {
        this.weightedMetrics = new ArrayList<>(Arrays.asList(metrics));
        return this;
    }

    /**
     * Runs every step op by op, for debugging (breakpoints and prints inside layers and losses run on every batch).
     * By default steps are compiled: traced on their first calls and then replayed (see {@code Model.traced}).
     */
    public Compile runEagerly(boolean eager) {
        this.runEagerly = eager;
        return this;
    }

    /** An {@link Optimizer} or a String. */
    public Object optimizer() { return optimizer; }

    /** A String/Loss/LossFunction, a List of them, a Map by output name, or {@code null}. */
    public Object loss() { return loss; }

    /** A {@code List<Double>}, a {@code Map<String, Double>} or {@code null}. */
    public Object lossWeights() { return lossWeights; }

    /** A List of metric specs, a Map of output name to List, or {@code null}. */
    public Object metrics() { return metrics; }

    /** A List of metric specs or {@code null}. */
    public Object weightedMetrics() { return weightedMetrics; }

    public boolean runEagerly() { return runEagerly; }
}
