package dev.kiln.runtime.internal.engine;

import dev.kiln.api.callbacks.Callback;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The callback that prints Keras's epoch headers and progress bars for fit, evaluate and predict. */
final class ProgressLogger implements Callback {
    private final PrintStream out;
    private final int verbose;
    private final boolean dynamic;
    private int epochs;
    private long steps = -1;
    private ProgressBar bar;
    private long seen;

    ProgressLogger(PrintStream out, int verbose, boolean dynamic) {
        this.out = out;
        this.verbose = verbose;
        this.dynamic = dynamic;
    }

    @Override
    public void setParams(Map<String, Object> params) {
        epochs = ((Number) params.getOrDefault("epochs", 1)).intValue();
        steps = ((Number) params.getOrDefault("steps", -1L)).longValue();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (verbose > 0 && epochs > 0) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
        }
        start();
    }

    private void start() {
        bar = new ProgressBar(out, steps, verbose, dynamic, System.nanoTime());
        seen = 0;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) { step(batch, logs); }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) { finish(logs); }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        if (epochs == 0) {
            start();
        }
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        if (epochs == 0) {
            step(batch, logs);
        }
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        if (epochs == 0) {
            finish(logs);
        }
    }

    @Override
    public void onPredictBegin(Map<String, Double> logs) { start(); }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) { step(batch, Map.of()); }

    @Override
    public void onPredictEnd(Map<String, Double> logs) { finish(Map.of()); }

    private void step(int batch, Map<String, Double> logs) {
        seen = batch + 1L;
        bar.update(seen, logs, false, System.nanoTime());
    }

    private void finish(Map<String, Double> logs) {
        if (bar != null) {
            bar.update(seen, new LinkedHashMap<>(logs), true, System.nanoTime());
        }
    }
}
