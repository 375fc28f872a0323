package dev.kiln.api.models;

import dev.kiln.api.GradientTape;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.callbacks.History;
import dev.kiln.api.data.ArrayDataSource;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.data.NamedTensors;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.api.spi.ModelEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A model: a layer with a training API. Build one three ways, as in Keras:
 * <ul>
 *   <li>functional: {@link #of(Tensor, Tensor)} from an {@code Input} to a layer output;</li>
 *   <li>{@link Sequential}: a stack of layers;</li>
 *   <li>subclassed: extend {@code Model}, hold layers in fields, override {@code call}.</li>
 * </ul>
 * Then {@link #compile}, {@link #fit}, {@link #evaluate}, {@link #predict}. Override {@link #trainStep} to
 * change what one training step does (the custom-train-step pattern, with a {@link GradientTape}).
 *
 * <pre>{@code
 * Input digits = Input.of(784).named("digits");
 * Tensor x = new Dense(64, "relu").apply(digits);
 * Tensor out = new Dense(10, "softmax").named("predictions").apply(x);
 * Model model = Model.of(digits, out);
 * model.compile(Compile.with("rmsprop").loss("sparse_categorical_crossentropy").metrics("accuracy"));
 * History h = model.fit(xTrain, yTrain, Fit.options().batchSize(64).epochs(2).validationSplit(0.2));
 * Map<String, Double> results = model.evaluate(xTest, yTest, Evaluate.options().batchSize(128));
 * Tensor probabilities = model.predict(xTest);
 * }</pre>
 */
public class Model extends Layer {
    private boolean stopTraining;
    private Object engineState;

    protected Model() {}

    /** Reads the base layer settings from a config. */
    protected Model(Map<String, Object> config) { super(config); }

    // ----------------------------------------------------------------------------------------- construction

    /** A functional model with one input and one output. */
    public static Model of(Tensor input, Tensor output) { return of(List.of(input), List.of(output)); }

    /** A functional model; inputs must be {@code Input}s and outputs layer outputs computed from them. */
    public static Model of(List<? extends Tensor> inputs, List<? extends Tensor> outputs) {
        return engine().functional(new ArrayList<>(inputs), new ArrayList<>(outputs));
    }

    // ----------------------------------------------------------------------------------------- forward

    /** Input names data is matched by; a subclassed model has one input called {@code input_1}. */
    public List<String> inputNames() { return List.of("input_1"); }

    /** Output names losses and metrics are matched by; a subclassed model has one, {@code output_1}. */
    public List<String> outputNames() { return List.of("output_1"); }

    /** Expected input shapes (batch dimension unknown), or {@code null} while unknown. */
    public List<Shape> inputShapes() {
        List<Shape> built = buildShapes();
        if (built == null) {
            return null;
        }
        List<Shape> out = new ArrayList<>();
        for (Shape s : built) {
            out.add(s.rank() == 0 ? s : s.withDim(0, Shape.UNKNOWN));
        }
        return out;
    }

    /** Runs the model on inputs ordered as {@link #inputNames()}; one output per {@link #outputNames()}. */
    public List<Tensor> forward(List<Tensor> inputs) {
        clearCallLosses();
        return List.of(apply(inputs));
    }

    // ----------------------------------------------------------------------------------------- compile

    public final void compile(Compile options) {
        if (options == null) {
            throw new InvalidArgumentException(KilnException.message("compile() got null options.",
                    "Compile.with(optimizer).loss(...)", "null", null));
        }
        engine().compile(this, options);
    }

    /** True once {@link #compile} has been called. */
    public final boolean isCompiled() { return engineState != null; }

    // ----------------------------------------------------------------------------------------- fit

    public final History fit(Tensor x, Tensor y, Fit options) { return fit(NamedTensors.of(x), NamedTensors.of(y), options); }

    /** Multi-input/multi-output by position. */
    public final History fit(List<Tensor> x, List<Tensor> y, Fit options) { return fit(NamedTensors.of(x), NamedTensors.of(y), options); }

    /** Multi-input/multi-output by input and output name. */
    public final History fit(Map<String, Tensor> x, Map<String, Tensor> y, Fit options) {
        return fit(NamedTensors.of(x), NamedTensors.of(y), options);
    }

    private History fit(NamedTensors x, NamedTensors y, Fit options) {
        Fit o = options == null ? Fit.options() : options;
        NamedTensors sw = o.sampleWeight() == null ? null : NamedTensors.of(o.sampleWeight());
        return engine().fit(this, ArrayDataSource.of(x, y, sw).batchSize(o.batchSize()), o);
    }

    /** Trains on a stream or indexed source of batches; {@code validationSplit} is not available here. */
    public final History fit(DataSource data, Fit options) {
        return engine().fit(this, requireData(data), options == null ? Fit.options() : options);
    }

    // ----------------------------------------------------------------------------------------- evaluate

    /** Loss and metrics by name ({@code loss}, {@code sparse_categorical_accuracy}, ...). */
    public final Map<String, Double> evaluate(Tensor x, Tensor y, Evaluate options) {
        return evaluate(NamedTensors.of(x), NamedTensors.of(y), options);
    }

    public final Map<String, Double> evaluate(Map<String, Tensor> x, Map<String, Tensor> y, Evaluate options) {
        return evaluate(NamedTensors.of(x), NamedTensors.of(y), options);
    }

    private Map<String, Double> evaluate(NamedTensors x, NamedTensors y, Evaluate options) {
        Evaluate o = options == null ? Evaluate.options() : options;
        NamedTensors sw = o.sampleWeight() == null ? null : NamedTensors.of(o.sampleWeight());
        return engine().evaluate(this, ArrayDataSource.of(x, y, sw).batchSize(o.batchSize()), o);
    }

    public final Map<String, Double> evaluate(DataSource data, Evaluate options) {
        return engine().evaluate(this, requireData(data), options == null ? Evaluate.options() : options);
    }

    // ----------------------------------------------------------------------------------------- predict

    /** Predictions of a single-output model. */
    public final Tensor predict(Tensor x) { return predict(x, Predict.options()); }

    /** Predictions of a single-output model. */
    public final Tensor predict(Tensor x, Predict options) {
        Predict o = options == null ? Predict.options() : options;
        List<Tensor> out = engine().predict(this, ArrayDataSource.of(NamedTensors.of(x), null, null).batchSize(o.batchSize()), o);
        return single(out);
    }

    /** Predictions by output name, for inputs by name. */
    public final Map<String, Tensor> predict(Map<String, Tensor> x, Predict options) {
        Predict o = options == null ? Predict.options() : options;
        return byOutputName(engine().predict(this, ArrayDataSource.of(NamedTensors.of(x), null, null).batchSize(o.batchSize()), o));
    }

    /** Predictions by output name, for a source of batches. */
    public final Map<String, Tensor> predict(DataSource data, Predict options) {
        return byOutputName(engine().predict(this, requireData(data), options == null ? Predict.options() : options));
    }

    private Tensor single(List<Tensor> out) {
        if (out.size() != 1) {
            throw new InvalidArgumentException(KilnException.message("predict(Tensor) returns one output, but model `" + name()
                    + "` has " + out.size() + ".", "a single-output model", outputNames(), "use predict(Map, Predict) for outputs by name"));
        }
        return out.get(0);
    }

    private Map<String, Tensor> byOutputName(List<Tensor> out) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        List<String> names = outputNames();
        for (int i = 0; i < out.size(); i++) {
            m.put(names.get(i), out.get(i));
        }
        return m;
    }

    private static DataSource requireData(DataSource data) {
        if (data == null) {
            throw new InvalidArgumentException(KilnException.message("No data.", "a DataSource", "null", null));
        }
        return data;
    }

    // ----------------------------------------------------------------------------------------- steps

    /**
     * One training step on a batch whose tensors are ordered as {@link #inputNames()}/{@link #outputNames()};
     * returns the logs shown on the progress bar. The forward pass, the loss and the gradients run as one
     * {@linkplain #traced compiled region}; the optimizer runs after it, eagerly, so that learning-rate schedules and
     * callbacks that change the learning rate act on every step; then the metric updates (a region of their own) and
     * the results read for the logs. Override to customise training, as in Keras:
     *
     * <pre>{@code
     * public Map<String, Double> trainStep(Batch batch) {
     *     List<Variable> vars = trainableWeights();
     *     try (GradientTape tape = GradientTape.open(); CallContext.Scope s = CallContext.enter(true)) {
     *         List<Tensor> yPred = forward(batch.x().tensors());
     *         Tensor loss = computeLoss(batch, yPred);
     *         optimizer().apply(tape.gradient(loss, vars), vars);
     *         return computeMetrics(batch, yPred);
     *     }
     * }
     * }</pre>
     */
    public Map<String, Double> trainStep(Batch batch) {
        List<Variable> vars = trainableWeights();
        List<Tensor> out = traced("train_step", batch, vars, () -> {
            try (GradientTape tape = GradientTape.open(); CallContext.Scope s = CallContext.enter(true)) {
                List<Tensor> r = new ArrayList<>(forward(batch.x().tensors()));
                Tensor loss = computeLoss(batch, r);
                r.addAll(tape.gradient(loss, vars));
                return r;
            }
        });
        int outputs = out.size() - vars.size();
        optimizer().apply(out.subList(outputs, out.size()), vars);
        return tracedMetrics("train_metrics", batch, out.subList(0, outputs));
    }

    /** One evaluation step: forward in inference mode and the loss (one compiled region), then the metrics. */
    public Map<String, Double> testStep(Batch batch) {
        List<Tensor> yPred = traced("test_step", batch, List.of(), () -> {
            List<Tensor> p;
            try (CallContext.Scope s = CallContext.enter(false)) {
                p = forward(batch.x().tensors());
            }
            computeLoss(batch, p);
            return p;
        });
        return tracedMetrics("test_metrics", batch, yPred);
    }

    /**
     * Updates the metrics as a compiled region of its own (a metric whose update reads values on the host keeps only
     * this region eager), then reads their results on the host.
     */
    private Map<String, Double> tracedMetrics(String name, Batch batch, List<Tensor> yPred) {
        Batch inputs = new Batch(NamedTensors.of(yPred), batch.y(), batch.sampleWeight());
        traced(name, inputs, List.of(), () -> {
            updateMetrics(batch, yPred);
            return List.of();
        });
        return metricsResult();
    }

    /** One prediction step: the outputs for a batch (a compiled region). */
    public List<Tensor> predictStep(Batch batch) {
        return traced("predict_step", batch, List.of(), () -> {
            try (CallContext.Scope s = CallContext.enter(false)) {
                return forward(batch.x().tensors());
            }
        });
    }

    /**
     * Runs {@code body} as a compiled region, as {@code tf.function} does: its first calls run eagerly while the
     * runtime records the kernels they run; once two calls with the same input shapes ran the same kernels on the same
     * constants, later calls replay that kernel sequence on the new batch without running {@code body}'s Java code.
     * A model compiled with {@link Compile#runEagerly(boolean) runEagerly(true)} always runs {@code body}.
     *
     * <p>{@code body} must be a function of the batch's tensors and the model's variables. Java values it reads
     * (fields, counters) are taken as they were when it was traced; the trainer traces again at the start of every
     * epoch and of every evaluate and predict. Random draws from Kiln's generator are drawn again on each replay.
     * Reading a computed value on the host ({@code item()}, {@code toFloatArray()}) keeps the region eager, except inside
     * {@link dev.kiln.api.spi.KilnRuntime#hostCallback}. Variables written in {@code body} are written on each replay.
     *
     * @param name      the region's name, one per kind of step ({@code "train_step"})
     * @param batch     the region's inputs: every tensor in it; other tensors {@code body} reads are constants
     * @param signature Java objects {@code body} depends on (the variables it differentiates, say), compared by
     *                  identity: a different list traces again
     * @return what {@code body} returned, or the replayed values (null entries stay null)
     */
    protected final List<Tensor> traced(String name, Batch batch, List<?> signature, Supplier<List<Tensor>> body) {
        return engine().traced(this, name, batch, signature, body);
    }

    /** The compiled losses (weighted, over all outputs) plus losses added by layers; updates the {@code loss} tracker. */
    public final Tensor computeLoss(Batch batch, List<Tensor> predictions) { return engine().computeLoss(this, batch, predictions); }

    /** Updates the compiled metrics and returns every metric's result (loss first). */
    public final Map<String, Double> computeMetrics(Batch batch, List<Tensor> predictions) {
        return engine().computeMetrics(this, batch, predictions);
    }

    /** Updates the compiled metrics without reading their results: tensor work only, so it can run in a compiled region. */
    public final void updateMetrics(Batch batch, List<Tensor> predictions) { engine().updateMetrics(this, batch, predictions); }

    /** Every metric's current result, loss first, as Keras's {@code get_metrics_result()}. */
    public final Map<String, Double> metricsResult() { return engine().metricsResult(this); }

    /** The compiled optimizer. */
    public final Optimizer optimizer() { return engine().optimizer(this); }

    /** The loss tracker and compiled metrics, in log order. */
    public final List<Metric> metrics() { return engine().metrics(this); }

    // ----------------------------------------------------------------------------------------- state

    /** Asks {@code fit} to stop after the current batch (EarlyStopping sets this). */
    public final void setStopTraining(boolean stop) { this.stopTraining = stop; }

    public final boolean isStopTraining() { return stopTraining; }

    /** Keras's summary table: layers, output shapes, parameter counts. */
    public final String summary() { return engine().summary(this); }

    /** The runtime's per-model state (compiled losses, metrics, optimizer). For the runtime only. */
    public final Object engineState() { return engineState; }

    /** Set by the runtime at compile. For the runtime only. */
    public final void setEngineState(Object state) { this.engineState = state; }

    /** Fails unless compiled. */
    public final void requireCompiled() {
        if (engineState == null) {
            throw new IllegalStateKilnException("You must call `compile()` before using model `" + name() + "`. "
                    + "Expected a compiled model. Received: an uncompiled one. To fix: call model.compile(Compile.with(...).loss(...)).");
        }
    }

    private static ModelEngine engine() { return KilnRuntime.get().modelEngine(); }
}
