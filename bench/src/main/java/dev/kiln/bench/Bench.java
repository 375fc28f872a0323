package dev.kiln.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.api.Kiln;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.Callback;
import dev.kiln.api.layers.Input;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Evaluate;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Predict;
import dev.kiln.data.FashionMnist;
import dev.kiln.layers.Dense;
import dev.kiln.optimizers.RMSprop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the reference workloads with the protocol of the PyTorch anchor ({@code shared/anchors/bench_torch.py}):
 * Fashion-MNIST, first 50k for training, last 10k for validation, data in memory, Keras defaults, medians over runs.
 * Writes one JSON line per workload to {@code --out} (and prints it).
 *
 * <pre>{@code
 * bench/run W1 --runs 3          # or: java -cp ... dev.kiln.bench.Bench W1 --runs 3 --out results.jsonl
 * }</pre>
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bench() {}

    public static void main(String[] args) throws IOException {
        List<String> workloads = new ArrayList<>();
        int runs = 3;
        Path out = Path.of("bench-results", "results.jsonl");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> workloads.add(args[i].toUpperCase());
            }
        }
        if (workloads.isEmpty()) {
            workloads = List.of("W1", "W3");
        }
        FashionMnist data = FashionMnist.load();
        for (String w : workloads) {
            Map<String, Object> rec = switch (w) {
                case "W1" -> w1(data, runs);
                case "W3" -> w3(data, runs);
                default -> Map.of("workload", w, "backend", Kiln.backendName(), "skipped",
                        "not available yet: needs convolution layers (issue 3)");
            };
            String line = JSON.writeValueAsString(rec);
            System.out.println("RESULT " + line);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static Model mlp() {
        Input in = Input.of(784).named("digits");
        Tensor x = new Dense(64, "relu").apply(in);
        x = new Dense(64, "relu").apply(x);
        return Model.of(in, new Dense(10, "softmax").apply(x));
    }

    /** W1: the guide's MLP, RMSprop 1e-3, batch 64, 2 epochs of 50k; seconds per epoch over all epochs of all runs. */
    static Map<String, Object> w1(FashionMnist data, int runs) {
        Tensor x = data.xTrain().slice(0, 0, 50_000);
        Tensor y = data.yTrain().slice(0, 0, 50_000);
        Tensor xv = data.xTrain().slice(0, 50_000, 60_000);
        Tensor yv = data.yTrain().slice(0, 50_000, 60_000);
        List<Double> epochSeconds = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        long steps = 0;
        for (int r = 0; r < runs; r++) {
            Kiln.setSeed(1000 + r);
            Model m = mlp();
            m.compile(Compile.with(new RMSprop(1e-3)).loss("sparse_categorical_crossentropy").metrics("sparse_categorical_accuracy"));
            long[] start = new long[1];
            List<Double> times = new ArrayList<>();
            Callback timer = new Callback() {
                @Override
                public void onEpochBegin(int epoch, Map<String, Double> logs) { start[0] = System.nanoTime(); }

                @Override
                public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                    if (batch == 781) {
                        times.add((System.nanoTime() - start[0]) / 1e9);
                    }
                }
            };
            m.fit(x, y, Fit.options().batchSize(64).epochs(2).verbose(0).validationData(xv, yv).callbacks(timer));
            epochSeconds.addAll(times);
            accuracies.add(m.evaluate(data.xTest(), data.yTest(), Evaluate.options().batchSize(128).verbose(0))
                    .get("sparse_categorical_accuracy"));
            steps = 782;
        }
        Map<String, Object> rec = base("W1", runs);
        rec.put("s_per_epoch", stats(epochSeconds));
        rec.put("ms_per_step", 1000 * median(epochSeconds) / steps);
        rec.put("test_accuracy", stats(accuracies));
        rec.put("peak_rss_mb", peakRssMb());
        return rec;
    }

    /** W3: predict throughput of a trained-for-one-epoch MLP at batch 1024 and batch 1 (samples/s). */
    static Map<String, Object> w3(FashionMnist data, int runs) {
        Kiln.setSeed(7);
        Model m = mlp();
        m.compile(Compile.with(new RMSprop(1e-3)).loss("sparse_categorical_crossentropy"));
        m.fit(data.xTrain().slice(0, 0, 50_000), data.yTrain().slice(0, 0, 50_000), Fit.options().batchSize(64).epochs(1).verbose(0));
        Map<String, Object> rec = base("W3", runs);
        for (int batch : new int[] {1024, 1}) {
            Tensor x = batch == 1 ? data.xTest().slice(0, 0, 2000) : data.xTest();
            int n = x.shape().dim(0);
            m.predict(x, Predict.options().batchSize(batch).verbose(0));
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                m.predict(x, Predict.options().batchSize(batch).verbose(0));
                rates.add(n / ((System.nanoTime() - t0) / 1e9));
            }
            rec.put("samples_per_s_mlp_b" + batch, stats(rates));
        }
        rec.put("peak_rss_mb", peakRssMb());
        return rec;
    }

    private static Map<String, Object> base(String workload, int runs) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("workload", workload);
        rec.put("backend", Kiln.backendName());
        rec.put("runs", runs);
        rec.put("threads", Runtime.getRuntime().availableProcessors());
        rec.put("java", System.getProperty("java.version"));
        return rec;
    }

    static Map<String, Double> stats(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("min", s[0]);
        m.put("median", median(v));
        m.put("max", s[s.length - 1]);
        return m;
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Peak resident set (VmHWM) of this process, in MB; -1 where /proc is absent. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

}
