package dev.kiln.runtime.internal.engine;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.Callback;
import dev.kiln.api.callbacks.History;
import dev.kiln.api.data.ArrayDataSource;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.data.IndexedDataSource;
import dev.kiln.api.data.NamedTensors;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Evaluate;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Predict;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.api.spi.ModelEngine;
import dev.kiln.backend.spi.TensorScope;
import dev.kiln.runtime.internal.autodiff.Tape;
import dev.kiln.runtime.internal.engine.CompiledState.LossTracker;
import dev.kiln.runtime.internal.tensor.EagerTensor;
import dev.kiln.runtime.internal.trace.CompiledRegions;
import dev.kiln.runtime.internal.trace.Recorder;
import dev.kiln.runtime.internal.trace.TraceBackend;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras's trainer: the fit/evaluate/predict loops, compiled losses and metrics, callbacks and progress output. */
public final class Trainer implements ModelEngine {
    private final PrintStream out = System.out;
    private final TraceBackend kernels;
    /** Each model's compiled regions; weak, so that a model no one holds is not kept for its traces. */
    private final Map<Model, CompiledRegions> regions = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** @param kernels what compiled regions replay on */
    public Trainer(TraceBackend kernels) { this.kernels = kernels; }

    @Override
    public void compile(Model model, Compile options) {
        model.setEngineState(new CompiledState(model, options));
        resetTraces(model); // a trace holds the old losses and trackers
    }

    private static CompiledState state(Model model) {
        model.requireCompiled();
        return (CompiledState) model.engineState();
    }

    // ----------------------------------------------------------------------------------------- fit

    @Override
    public History fit(Model model, DataSource data, Fit o) {
        CompiledState st = state(model);
        DataSource train = data;
        DataSource val = null;
        if (o.validationSplit() > 0) {
            if (!(data instanceof ArrayDataSource arrays)) {
                throw new InvalidArgumentException(KilnException.message("validationSplit is only supported for array data.",
                        "x and y passed as tensors", data.getClass().getSimpleName(),
                        "pass validationData(...) with a separate source instead"));
            }
            ArrayDataSource[] parts = arrays.split(o.validationSplit());
            train = parts[0];
            val = parts[1].batchSize(o.validationBatchSize() != null ? o.validationBatchSize() : o.batchSize());
        } else if (o.validationX() != null) {
            val = ArrayDataSource.of(o.validationX(), o.validationY(), o.validationSampleWeight())
                    .batchSize(o.validationBatchSize() != null ? o.validationBatchSize() : o.batchSize());
        } else if (o.validationData() != null) {
            val = o.validationData();
        }
        long cardinality = train.cardinality();
        if (cardinality == 0 || (train instanceof ArrayDataSource a && a.numSamples() == 0)) {
            throw emptyData("fit");
        }
        long steps = o.stepsPerEpoch() != null ? o.stepsPerEpoch() : cardinality;
        if (steps == DataSource.INFINITE) {
            throw new InvalidArgumentException(KilnException.message("The training data is endless, so an epoch has no end.",
                    "stepsPerEpoch for an infinite source", "no stepsPerEpoch", "pass Fit.options().stepsPerEpoch(n)"));
        }
        History history = new History();
        List<Callback> cbs = new ArrayList<>();
        cbs.add(history);
        cbs.add(new ProgressLogger(out, o.verbose(), ProgressBar.stdoutIsTerminal()));
        cbs.addAll(o.callbacks());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("epochs", o.epochs());
        params.put("steps", steps);
        params.put("verbose", o.verbose());
        for (Callback c : cbs) {
            c.setModel(model);
            c.setParams(params);
        }
        model.setStopTraining(false);
        SplittableRandom shuffleRng = new SplittableRandom(KilnRuntime.get().nextSeed());
        Map<String, Double> logs = new LinkedHashMap<>();
        cbs.forEach(c -> c.onTrainBegin(Map.of()));
        Iterator<Batch> carried = null;
        for (int epoch = o.initialEpoch(); epoch < o.epochs() && !model.isStopTraining(); epoch++) {
            st.resetMetrics();
            retrace(model); // Java values a callback changed since the last epoch are traced in
            final int e = epoch;
            cbs.forEach(c -> c.onEpochBegin(e, Map.of()));
            Iterator<Batch> it;
            if (train instanceof ArrayDataSource arrays) {
                it = arrayBatches(arrays, o.shuffle(), shuffleRng);
            } else if (train instanceof IndexedDataSource idx) {
                it = indexedBatches(idx, o.shuffle(), shuffleRng, o.workers());
            } else if (o.stepsPerEpoch() != null && carried != null) {
                it = carried; // a stream continues where the last epoch stopped, as in Keras
            } else {
                it = train.iterator();
            }
            int step = 0;
            Map<String, Double> stepLogs = Map.of();
            try {
                for (; (steps < 0 || step < steps) && !model.isStopTraining(); step++) {
                    if (!it.hasNext()) {
                        if (o.stepsPerEpoch() != null && step < steps) {
                            out.println("WARNING: Your input ran out of data; interrupting training. Make sure that your dataset can "
                                    + "generate at least `stepsPerEpoch * epochs` batches.");
                            model.setStopTraining(true);
                        }
                        break;
                    }
                    final int s = step;
                    cbs.forEach(c -> c.onTrainBatchBegin(s, Map.of()));
                    try (TensorScope scope = TensorScope.open()) {
                        Batch b = align(model, it.next(), true);
                        if (o.classWeight() != null) {
                            b = withClassWeights(b, o.classWeight());
                        }
                        stepLogs = new LinkedHashMap<>(model.trainStep(b));
                    }
                    Map<String, Double> sl = stepLogs;
                    cbs.forEach(c -> c.onTrainBatchEnd(s, sl));
                }
            } finally {
                if (it instanceof BatchLoader loader) {
                    loader.close(); // an epoch that stopped early leaves batches loaded ahead
                }
            }
            if (step == 0) {
                throw emptyData("fit");
            }
            carried = it;
            logs = new LinkedHashMap<>(stepLogs);
            if (val != null && (epoch + 1) % o.validationFreq() == 0) {
                Map<String, Double> v = runEvaluation(model, val, o.validationSteps(), o.callbacks(), false);
                for (Map.Entry<String, Double> en : v.entrySet()) {
                    logs.put("val_" + en.getKey(), en.getValue());
                }
            }
            if (train instanceof IndexedDataSource idx && !(train instanceof ArrayDataSource)) {
                idx.onEpochEnd();
            }
            Map<String, Double> el = logs;
            cbs.forEach(c -> c.onEpochEnd(e, el));
        }
        Map<String, Double> fl = logs;
        cbs.forEach(c -> c.onTrainEnd(fl));
        return history;
    }

    private static InvalidArgumentException emptyData(String what) {
        return new InvalidArgumentException(KilnException.message("The data passed to " + what + "() is empty.",
                "at least one batch", "0 batches", "check the data source and its size"));
    }

    /** 0..n-1, shuffled (Fisher-Yates) when asked. */
    private static int[] order(int n, boolean shuffle, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /**
     * Batches of arrays, samples shuffled across batches every epoch (Keras's {@code shuffle=True} for arrays), gathered
     * on the training thread. Gathering one step ahead on a background thread, as Keras's input pipeline prefetches, made
     * W1 slower here (0.48 against 0.42-0.47 s per steady epoch, alternating runs): the step then reads its batch from
     * the other core's cache, and each batch costs a thread handoff, more than the 35-45 us gather it hides.
     */
    private static Iterator<Batch> arrayBatches(ArrayDataSource a, boolean shuffle, SplittableRandom rng) {
        int n = a.numSamples();
        int[] order = order(n, shuffle, rng);
        int bs = a.batchSize();
        return new BatchLoader((n + bs - 1) / bs, i -> a.gather(java.util.Arrays.copyOfRange(order, i * bs, Math.min(n, i * bs + bs))), 0);
    }

    /**
     * Batches of an indexed source in (shuffled) order. With several workers, batches are loaded ahead on a pool
     * (two per worker in flight), as Keras's {@code workers} for a {@code Sequence}; order is kept.
     */
    private static Iterator<Batch> indexedBatches(IndexedDataSource src, boolean shuffle, SplittableRandom rng, int workers) {
        int[] order = order(src.size(), shuffle, rng);
        return new BatchLoader(order.length, i -> src.get(order[i]), workers <= 1 ? 0 : workers);
    }

    /** Per-sample weights from class weights, multiplied into any sample weights (single-output models). */
    private static Batch withClassWeights(Batch b, Map<Integer, Double> classWeight) {
        Tensor y = b.y().get(0);
        Tensor labels = y.shape().rank() >= 2 && y.shape().dim(-1) > 1 ? y.argmax(-1) : y.reshape(-1);
        long[] l = labels.cast(DType.INT64).toLongArray();
        float[] w = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            Double cw = classWeight.get((int) l[i]);
            w[i] = cw == null ? 1f : cw.floatValue();
        }
        Tensor sw = Tensor.of(w, w.length);
        if (b.sampleWeight() != null) {
            sw = sw.mul(b.sampleWeight().get(0).reshape(-1).cast(DType.FLOAT32));
        }
        return new Batch(b.x(), b.y(), NamedTensors.of(sw));
    }

    // ----------------------------------------------------------------------------------------- evaluate

    @Override
    public Map<String, Double> evaluate(Model model, DataSource data, Evaluate o) {
        state(model);
        retrace(model);
        List<Callback> cbs = inferenceCallbacks(model, data, o.verbose(), o.steps(), o.callbacks());
        return runEvaluation(model, data, o.steps(), cbs, true);
    }

    /** The progress logger and the user's callbacks for evaluate/predict, given the model and run parameters. */
    private List<Callback> inferenceCallbacks(Model model, DataSource data, int verbose, Integer steps, List<Callback> extra) {
        List<Callback> cbs = new ArrayList<>();
        cbs.add(new ProgressLogger(out, verbose, ProgressBar.stdoutIsTerminal()));
        cbs.addAll(extra);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("epochs", 0);
        params.put("steps", steps != null ? (long) steps : data.cardinality());
        params.put("verbose", verbose);
        for (Callback c : cbs) {
            c.setModel(model);
            c.setParams(params);
        }
        return cbs;
    }

    private Map<String, Double> runEvaluation(Model model, DataSource data, Integer maxSteps, List<Callback> cbs, boolean top) {
        CompiledState st = state(model);
        st.resetMetrics();
        cbs.forEach(c -> c.onTestBegin(Map.of()));
        Iterator<Batch> it = data.iterator();
        Map<String, Double> logs = Map.of();
        int step = 0;
        for (; it.hasNext() && (maxSteps == null || step < maxSteps); step++) {
            final int s = step;
            cbs.forEach(c -> c.onTestBatchBegin(s, Map.of()));
            try (TensorScope scope = TensorScope.open()) {
                logs = new LinkedHashMap<>(model.testStep(align(model, it.next(), true)));
            }
            Map<String, Double> l = logs;
            cbs.forEach(c -> c.onTestBatchEnd(s, l));
        }
        if (step == 0) {
            throw emptyData(top ? "evaluate" : "fit (validation)");
        }
        Map<String, Double> l = logs;
        cbs.forEach(c -> c.onTestEnd(l));
        return new LinkedHashMap<>(logs);
    }

    // ----------------------------------------------------------------------------------------- predict

    @Override
    public List<Tensor> predict(Model model, DataSource data, Predict o) {
        retrace(model);
        List<Callback> cbs = inferenceCallbacks(model, data, o.verbose(), o.steps(), o.callbacks());
        cbs.forEach(c -> c.onPredictBegin(Map.of()));
        List<List<Tensor>> parts = new ArrayList<>();
        Iterator<Batch> it = data.iterator();
        int step = 0;
        for (; it.hasNext() && (o.steps() == null || step < o.steps()); step++) {
            final int s = step;
            cbs.forEach(c -> c.onPredictBatchBegin(s, Map.of()));
            try (TensorScope scope = TensorScope.open()) {
                List<Tensor> outs = model.predictStep(align(model, it.next(), false));
                List<Tensor> kept = new ArrayList<>();
                for (Tensor t : outs) {
                    kept.add(((EagerTensor) t).keep());
                }
                parts.add(kept);
            }
            cbs.forEach(c -> c.onPredictBatchEnd(s, Map.of()));
        }
        if (step == 0) {
            throw emptyData("predict");
        }
        List<Tensor> result = new ArrayList<>();
        for (int k = 0; k < parts.get(0).size(); k++) {
            Tensor[] pieces = new Tensor[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                pieces[i] = parts.get(i).get(k);
            }
            Tensor joined = pieces.length == 1 ? pieces[0] : Tensor.concat(0, pieces);
            if (pieces.length > 1) {
                for (Tensor p : pieces) {
                    p.close();
                }
            }
            result.add(joined);
        }
        cbs.forEach(c -> c.onPredictEnd(Map.of()));
        return result;
    }

    // ----------------------------------------------------------------------------------------- batches

    /** Orders a batch's tensors as the model's inputs and outputs, checking names, counts, shapes and dtypes. */
    static Batch align(Model model, Batch b, boolean needTargets) {
        NamedTensors x = order(b.x(), model.inputNames(), "input", "x");
        List<Shape> shapes = model.inputShapes();
        List<DType> types = inputTypes(model);
        List<Tensor> xs = new ArrayList<>(x.tensors());
        for (int i = 0; i < xs.size(); i++) {
            Tensor t = xs.get(i);
            if (shapes != null && i < shapes.size() && !shapes.get(i).isCompatibleWith(t.shape())) {
                throw new ShapeMismatchException(KilnException.message("Invalid shape for input `" + model.inputNames().get(i) + "`.",
                        shapes.get(i), t.shape(), "reshape the data to the model's input shape, or build the model for this shape"));
            }
            DType want = types == null ? DType.FLOAT32 : types.get(i);
            if (t.dtype() != want && (want.isFloating() || t.dtype().isFloating())) {
                xs.set(i, t.cast(want));
            }
        }
        x = NamedTensors.of(xs);
        NamedTensors y = null;
        if (b.y() != null && needTargets) {
            y = order(b.y(), model.outputNames(), "output", "y");
        } else if (needTargets && model.isCompiled()) {
            CompiledState st = (CompiledState) model.engineState();
            for (Object l : st.losses) {
                if (l != null) {
                    throw new InvalidArgumentException(KilnException.message("The data has no targets, but the model has losses.",
                            "(x, y) data", "x only", "pass targets y"));
                }
            }
        }
        NamedTensors sw = null;
        if (b.sampleWeight() != null) {
            sw = b.sampleWeight().size() == 1 && !b.sampleWeight().isNamed() ? b.sampleWeight()
                    : order(b.sampleWeight(), model.outputNames(), "output", "sample_weight");
        }
        return new Batch(x, y, sw);
    }

    private static List<DType> inputTypes(Model model) {
        if (model instanceof FunctionalModel f) {
            return f.inputDTypes();
        }
        if (model instanceof dev.kiln.api.models.Sequential s && s.input() != null) {
            return List.of(s.input().dtype());
        }
        return null;
    }

    private static NamedTensors order(NamedTensors given, List<String> names, String kind, String arg) {
        if (given.isNamed()) {
            List<Tensor> out = new ArrayList<>();
            for (String n : names) {
                Tensor t = given.get(n);
                if (t == null) {
                    throw new InvalidArgumentException(KilnException.message("No data for " + kind + " `" + n + "` in `" + arg + "`.",
                            "keys " + names, given.names(), "name the data after the model's " + kind + "s"));
                }
                out.add(t);
            }
            for (String n : given.names()) {
                if (!names.contains(n)) {
                    throw new InvalidArgumentException(KilnException.message("`" + arg + "` has data for an unknown " + kind + " `" + n + "`.",
                            "keys " + names, given.names(), "name the data after the model's " + kind + "s"));
                }
            }
            return NamedTensors.of(out);
        }
        if (given.size() != names.size()) {
            throw new InvalidArgumentException(KilnException.message("`" + arg + "` has " + given.size() + " arrays but the model has "
                    + names.size() + " " + kind + "s " + names + ".", names.size() + " arrays", given.size() + " arrays",
                    "pass one array per " + kind + ", or a map by name"));
        }
        return given;
    }

    // ----------------------------------------------------------------------------------------- compiled parts

    @Override
    public Tensor computeLoss(Model model, Batch batch, List<Tensor> predictions) {
        CompiledState st = state(model);
        Tensor total = null;
        int n = st.outputNames.size();
        if (predictions.size() != n) {
            throw new InvalidArgumentException(KilnException.message("The model returned " + predictions.size() + " outputs.",
                    n + " outputs " + st.outputNames, predictions.size(), null));
        }
        double batchSize = batch.size();
        for (int i = 0; i < n; i++) {
            if (st.losses[i] == null) {
                continue;
            }
            Tensor yTrue = batch.y() == null ? null : batch.y().get(i);
            Tensor sw = sampleWeightFor(batch, i);
            Tensor l = st.losses[i].compute(yTrue, predictions.get(i), sw);
            if (n > 1) {
                LossTracker tracker = st.outputLossTrackers.get(i);
                KilnRuntime.get().hostCallback(l, v -> tracker.add(v.item(), batchSize));
            }
            Tensor weighted = st.lossWeights[i] == 1.0 ? l : l.mul(st.lossWeights[i]);
            total = total == null ? weighted : total.add(weighted);
        }
        for (Tensor extra : model.losses()) {
            Tensor e = extra.cast(total == null ? extra.dtype() : total.dtype());
            total = total == null ? e : total.add(e);
        }
        if (total == null) {
            throw new InvalidArgumentException(KilnException.message("No loss to compute.", "a loss passed to compile() or added by a layer",
                    "none", "pass Compile.with(...).loss(...)"));
        }
        KilnRuntime.get().hostCallback(total, v -> st.lossTracker.add(v.item(), batchSize));
        return total;
    }

    private static Tensor sampleWeightFor(Batch batch, int output) {
        if (batch.sampleWeight() == null) {
            return null;
        }
        return batch.sampleWeight().size() == 1 ? batch.sampleWeight().get(0) : batch.sampleWeight().get(output);
    }

    @Override
    public Map<String, Double> metricsResult(Model model) { return state(model).results(); }

    @Override
    public void updateMetrics(Model model, Batch batch, List<Tensor> predictions) {
        CompiledState st = state(model);
        for (int i = 0; i < st.outputNames.size(); i++) {
            Tensor yTrue = batch.y() == null ? null : batch.y().get(i);
            if (yTrue == null) {
                continue;
            }
            for (Metric m : st.metrics.get(i)) {
                m.update(yTrue, predictions.get(i), null);
            }
            for (Metric m : st.weightedMetrics.get(i)) {
                m.update(yTrue, predictions.get(i), sampleWeightFor(batch, i));
            }
        }
    }

    @Override
    public Optimizer optimizer(Model model) { return state(model).optimizer; }

    // ----------------------------------------------------------------------------------------- compiled regions

    @Override
    public List<Tensor> traced(Model model, String name, Batch batch, List<?> signature, java.util.function.Supplier<List<Tensor>> body) {
        if ((model.isCompiled() && state(model).runEagerly) || Recorder.active() != null || Tape.isRecording()) {
            // Eager by request; inside a region being traced (it records this one's kernels); or under the caller's
            // tape, which must see this region's operators to differentiate through them.
            return body.get();
        }
        List<Tensor> feeds = new ArrayList<>(batch.x().tensors());
        for (NamedTensors part : java.util.Arrays.asList(batch.y(), batch.sampleWeight())) {
            feeds.add(null); // marks where each part starts, so that (x, y) and (x, sample_weight) differ
            if (part != null) {
                feeds.addAll(part.tensors());
            }
        }
        return regions.computeIfAbsent(model, m -> new CompiledRegions(kernels)).call(name, feeds, signature, body);
    }

    /** Drops a model's traces: its next steps trace again. */
    private void resetTraces(Model model) {
        CompiledRegions r = regions.get(model);
        if (r != null) {
            r.reset();
        }
    }

    /** Traces the model's regions again (epochs, evaluate, predict): see {@link CompiledRegions#retrace}. */
    private void retrace(Model model) {
        CompiledRegions r = regions.get(model);
        if (r != null) {
            r.retrace();
        }
    }

    /** The model's compiled regions, or {@code null} (tests). */
    public CompiledRegions regions(Model model) { return regions.get(model); }

    @Override
    public List<Metric> metrics(Model model) { return state(model).allMetrics(); }

    @Override
    public Model functional(List<Tensor> inputs, List<Tensor> outputs) { return new FunctionalModel(inputs, outputs); }

    @Override
    public String summary(Model model) { return Summary.of(model); }
}
