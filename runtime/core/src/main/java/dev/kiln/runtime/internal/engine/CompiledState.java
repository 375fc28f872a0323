package dev.kiln.runtime.internal.engine;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.LossFunction;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.metrics.MetricFunction;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Model;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What compile resolved: the optimizer, one loss/weight/metric list per output, and the loss trackers. */
final class CompiledState {
    final Optimizer optimizer;
    final List<String> outputNames;
    final Loss[] losses;
    final double[] lossWeights;
    final List<List<Metric>> metrics = new ArrayList<>();
    final List<List<Metric>> weightedMetrics = new ArrayList<>();
    final LossTracker lossTracker = new LossTracker("loss");
    final List<LossTracker> outputLossTrackers = new ArrayList<>();
    final boolean runEagerly;

    CompiledState(Model model, Compile c) {
        this.runEagerly = c.runEagerly();
        this.outputNames = model.outputNames();
        int n = outputNames.size();
        this.optimizer = c.optimizer() instanceof Optimizer o ? o : Optimizer.get((String) c.optimizer());
        this.losses = resolveLosses(c.loss(), n);
        this.lossWeights = resolveWeights(c.lossWeights(), n);
        for (int i = 0; i < n; i++) {
            metrics.add(new ArrayList<>());
            weightedMetrics.add(new ArrayList<>());
            outputLossTrackers.add(new LossTracker(n > 1 ? outputNames.get(i) + "_loss" : "loss"));
        }
        addMetrics(c.metrics(), metrics);
        addMetrics(c.weightedMetrics(), weightedMetrics);
    }

    private Loss[] resolveLosses(Object spec, int n) {
        Loss[] out = new Loss[n];
        if (spec == null) {
            return out;
        }
        if (spec instanceof List<?> list) {
            if (list.size() != n) {
                throw new InvalidArgumentException(KilnException.message("compile() got " + list.size() + " losses for "
                        + n + " outputs.", "one loss per output " + outputNames, list.size() + " losses",
                        "pass one per output, or a map by output name"));
            }
            for (int i = 0; i < n; i++) {
                out[i] = list.get(i) == null ? null : loss(list.get(i));
            }
        } else if (spec instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out[outputIndex(String.valueOf(e.getKey()), "losses")] = e.getValue() == null ? null : loss(e.getValue());
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = loss(spec);
            }
        }
        return out;
    }

    private int outputIndex(String name, String what) {
        int i = outputNames.indexOf(name);
        if (i < 0) {
            throw new InvalidArgumentException(KilnException.message("compile() got " + what + " for an unknown output `" + name + "`.",
                    "one of the model's outputs " + outputNames, name, "use the output layer names"));
        }
        return i;
    }

    private static Loss loss(Object spec) {
        if (spec instanceof Loss l) {
            return l;
        }
        if (spec instanceof String s) {
            return Loss.get(s);
        }
        if (spec instanceof LossFunction f) {
            return Loss.of("loss", f);
        }
        throw new InvalidArgumentException(KilnException.message("Invalid loss.", "a Loss, a LossFunction or an identifier string",
                spec.getClass().getName(), null));
    }

    private double[] resolveWeights(Object spec, int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        if (spec instanceof List<?> list) {
            if (list.size() != n) {
                throw new InvalidArgumentException(KilnException.message("compile() got " + list.size() + " loss weights for "
                        + n + " outputs.", n + " weights", list.size(), null));
            }
            for (int i = 0; i < n; i++) {
                w[i] = ((Number) list.get(i)).doubleValue();
            }
        } else if (spec instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                w[outputIndex(String.valueOf(e.getKey()), "loss weights")] = ((Number) e.getValue()).doubleValue();
            }
        }
        return w;
    }

    private void addMetrics(Object spec, List<List<Metric>> target) {
        if (spec == null) {
            return;
        }
        int n = outputNames.size();
        if (spec instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                int i = outputIndex(String.valueOf(e.getKey()), "metrics");
                for (Object m : (List<?>) e.getValue()) {
                    target.get(i).add(metric(m, i, false));
                }
            }
            return;
        }
        for (Object m : (List<?>) spec) {
            for (int i = 0; i < n; i++) {
                target.get(i).add(metric(m, i, i > 0));
            }
        }
    }

    /** Resolves a metric spec for output {@code i}; "accuracy" follows the output's loss, as Keras does. */
    private Metric metric(Object spec, int i, boolean copy) {
        if (spec instanceof Metric m) {
            return copy ? Registry.get().deserialize(ComponentKind.METRIC, Registry.get().serialize(ComponentKind.METRIC, m), Metric.class) : m;
        }
        if (spec instanceof MetricFunction f) {
            return new MeanMetricWrapper("metric", f);
        }
        if (spec instanceof String s) {
            String id = s;
            if (s.equals("accuracy") || s.equals("acc")) {
                id = accuracyFor(losses[i]);
                return Registry.get().create(ComponentKind.METRIC, id, Map.of("name", s), Metric.class);
            }
            return Metric.get(id);
        }
        throw new InvalidArgumentException(KilnException.message("Invalid metric.", "a Metric, a MetricFunction or an identifier string",
                spec == null ? "null" : spec.getClass().getName(), null));
    }

    private static String accuracyFor(Loss loss) {
        String n = loss == null ? "" : loss.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        if (n.contains("sparse")) {
            return "sparse_categorical_accuracy";
        }
        if (n.contains("binary")) {
            return "binary_accuracy";
        }
        if (n.contains("categorical")) {
            return "categorical_accuracy";
        }
        return "accuracy";
    }

    /** Loss trackers and metrics in log order. */
    List<Metric> allMetrics() {
        List<Metric> all = new ArrayList<>();
        all.add(lossTracker);
        if (outputNames.size() > 1) {
            all.addAll(outputLossTrackers);
        }
        for (int i = 0; i < outputNames.size(); i++) {
            all.addAll(metrics.get(i));
            all.addAll(weightedMetrics.get(i));
        }
        return all;
    }

    void resetMetrics() {
        for (Metric m : allMetrics()) {
            m.reset();
        }
    }

    /** Every metric's result, flattened; multi-output metric names get the output name as prefix. */
    Map<String, Double> results() {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.putAll(lossTracker.resultAsLogs());
        int n = outputNames.size();
        if (n > 1) {
            for (LossTracker t : outputLossTrackers) {
                logs.putAll(t.resultAsLogs());
            }
        }
        for (int i = 0; i < n; i++) {
            List<Metric> ms = new ArrayList<>(metrics.get(i));
            ms.addAll(weightedMetrics.get(i));
            for (Metric m : ms) {
                for (Map.Entry<String, Double> e : m.resultAsLogs().entrySet()) {
                    logs.put(n > 1 ? outputNames.get(i) + "_" + e.getKey() : e.getKey(), e.getValue());
                }
            }
        }
        return logs;
    }

    /** A running weighted mean kept in Java doubles: read every step, so no tensor round trip. */
    static final class LossTracker extends Metric {
        private double total;
        private double count;

        LossTracker(String name) { super(name); }

        void add(double value, double weight) {
            total += value * weight;
            count += weight;
        }

        @Override
        public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) { add(yPred.item(), 1); }

        @Override
        public Tensor result() { return Tensor.scalar(count == 0 ? 0 : total / count, DType.FLOAT32); }

        @Override
        public Map<String, Double> resultAsLogs() { return Map.of(name(), count == 0 ? 0 : total / count); }

        @Override
        public void reset() {
            total = 0;
            count = 0;
        }
    }
}
