package dev.kiln.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.api.Kiln;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.Callback;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Evaluate;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Predict;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.data.FashionMnist;
import dev.kiln.examples.FashionMnistCnn;
import dev.kiln.examples.FashionMnistMlp;
import dev.kiln.optimizers.Adam;
import dev.kiln.optimizers.RMSprop;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times the reference workloads with the protocol of the PyTorch anchor ({@code shared/anchors/bench_torch.py}):
 * Fashion-MNIST, first 50k for training, last 10k for validation, the 10k test set for accuracy, data in memory,
 * Keras defaults, min/median/max over runs. Writes one JSON line per workload to {@code --out} (and prints it).
 *
 * <ul>
 *   <li>{@code W1}: the guide's MLP (784-64relu-64relu-10softmax), RMSprop 1e-3, batch 64, 2 epochs; s/epoch over
 *       all epochs of all runs, test accuracy after 2 epochs.</li>
 *   <li>{@code W2}: Conv2D(32,3,relu)-MaxPooling2D(2)-Conv2D(64,3,relu)-MaxPooling2D(2)-Flatten-Dense(128,relu)-
 *       Dense(10,softmax), Adam 1e-3, batch 128, 1 epoch; test accuracy after that epoch.</li>
 *   <li>{@code W3}: predict throughput (samples/s): the MLP (trained one epoch) at batch 1024 and batch 1, the CNN
 *       at batch 256 (freshly initialized weights: throughput does not depend on them).</li>
 *   <li>{@code SOAK}: W1 for 10 epochs in one run; resident memory after every epoch and the growth from epoch 2 to
 *       epoch 10 ({@code rss_delta_10_vs_2_mb}).</li>
 * </ul>
 * Every record carries {@code first_step_s}: seconds from JVM start to the end of the first training batch of the
 * process (data loading included; {@code data_load_s} says how much of it that was), {@code device} facts and
 * {@code threads} (the java backend's kernel threads, {@code -Dkiln.threads}, default: all cores).
 *
 * <pre>{@code
 * bench/run W1 W2 --runs 3      # or: java -cp ... dev.kiln.bench.Bench W1 --runs 3 --out results.jsonl
 * }</pre>
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRAIN = 50_000;
    /**
     * W3's warm-up before each measured throughput: two passes, at least {@code WARM_UP_S} seconds, and on until the JIT
     * compiler has spent under {@code QUIET_JIT_MS} compiling in the last {@code QUIET_S} seconds (at most {@code
     * MAX_WARM_UP_S} in all). Predict's per-batch and per-call methods reach C2's thresholds only after tens of seconds,
     * and each of their compiles holds a core for 0.1-1.3 s (CompiledRegions.call: 1.3 s, 18 s into predicting), which
     * halves a pass whose products split across both cores. The anchor has no JIT: two passes are its steady state.
     */
    static final double WARM_UP_S = 5;
    static final double QUIET_S = 2;
    static final long QUIET_JIT_MS = 20;
    static final double MAX_WARM_UP_S = 60;
    /** Passes timed per W3 measure (at least; more with --runs), as the anchor's {@code --infer-reps}; the median counts. */
    static final int W3_PASSES = 5;

    /** Seconds from JVM start to the end of the process's first training batch; negative until then. */
    private static volatile double firstStepS = -1;
    private static double dataLoadS = -1;

    private Bench() {}

    public static void main(String[] args) throws IOException {
        List<String> workloads = new ArrayList<>();
        int runs = 3;
        int soakEpochs = 10;
        Path out = Path.of("bench-results", "results.jsonl");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--soak-epochs" -> soakEpochs = Integer.parseInt(args[++i]);
                default -> workloads.add(args[i].toUpperCase(Locale.ROOT));
            }
        }
        if (workloads.isEmpty()) {
            workloads = List.of("W1", "W3");
        }
        long t0 = System.nanoTime();
        FashionMnist flat = FashionMnist.load();
        dataLoadS = (System.nanoTime() - t0) / 1e9;
        FashionMnist images = null;
        for (String w : workloads) {
            if ((w.equals("W2") || w.equals("W3")) && images == null) {
                images = images(flat);
            }
            Map<String, Object> rec = switch (w) {
                case "W1" -> w1(flat, runs);
                case "W2" -> w2(images, runs);
                case "W3" -> w3(flat, images, runs);
                case "SOAK" -> soak(flat, soakEpochs);
                default -> throw new IllegalArgumentException("unknown workload " + w + " (W1, W2, W3, SOAK)");
            };
            rec.put("first_step_s", firstStepS);
            rec.put("data_load_s", dataLoadS);
            String line = JSON.writeValueAsString(rec);
            System.out.println("RESULT " + line);
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The same data as (n, 28, 28, 1) channels-last images (a reshape of the flat rows, no reload). */
    static FashionMnist images(FashionMnist flat) {
        return new FashionMnist(toImages(flat.xTrain()), flat.yTrain(), toImages(flat.xTest()), flat.yTest());
    }

    private static Tensor toImages(Tensor x) {
        return x.reshape(-1, FashionMnist.SIDE, FashionMnist.SIDE, 1);
    }

    static Model mlp() { return FashionMnistMlp.model(); }

    static Model cnn() { return FashionMnistCnn.model(); }

    /** W1: the guide's MLP, RMSprop 1e-3, batch 64, 2 epochs of 50k; seconds per epoch over all epochs of all runs. */
    static Map<String, Object> w1(FashionMnist data, int runs) {
        Map<String, Object> rec = base("W1", runs);
        rec.putAll(train(data, runs, Bench::mlp, () -> new RMSprop(1e-3), 64, 2, 0));
        rec.put("peak_rss_mb", peakRssMb());
        return rec;
    }

    /** W2: the CNN, Adam 1e-3, batch 128, 1 epoch of 50k; test accuracy after that epoch. */
    static Map<String, Object> w2(FashionMnist images, int runs) {
        Map<String, Object> rec = base("W2", runs);
        rec.putAll(train(images, runs, Bench::cnn, () -> new Adam(1e-3), 128, 1, 0));
        rec.put("peak_rss_mb", peakRssMb());
        return rec;
    }

    /** SOAK: W1 trained {@code epochs} epochs in one run; RSS after each epoch, and its growth from epoch 2 to the last. */
    static Map<String, Object> soak(FashionMnist data, int epochs) {
        Map<String, Object> rec = base("SOAK", 1);
        rec.putAll(train(data, 1, Bench::mlp, () -> new RMSprop(1e-3), 64, epochs, epochs));
        @SuppressWarnings("unchecked")
        List<Double> rss = (List<Double>) rec.get("rss_mb_per_epoch");
        if (rss.size() >= 2) {
            rec.put("rss_delta_" + rss.size() + "_vs_2_mb", rss.get(rss.size() - 1) - rss.get(1));
        }
        rec.put("peak_rss_mb", peakRssMb());
        return rec;
    }

    /**
     * Trains a fresh model {@code runs} times on the first 50k (validating on the last 10k every epoch, as the
     * anchor does) and evaluates it on the test set. Epoch time is the training part only: from the epoch's start
     * to the end of its last batch, which is what the anchor's {@code train_s} measures.
     * With {@code trackMemoryEpochs > 0}, also records RSS and heap after each epoch.
     */
    private static Map<String, Object> train(FashionMnist data, int runs, Supplier<Model> model, Supplier<Optimizer> optimizer,
                                             int batch, int epochs, int trackMemoryEpochs) {
        Tensor x = data.xTrain().slice(0, 0, TRAIN);
        Tensor y = data.yTrain().slice(0, 0, TRAIN);
        Tensor xv = data.xTrain().slice(0, TRAIN, data.xTrain().shape().dim(0));
        Tensor yv = data.yTrain().slice(0, TRAIN, data.yTrain().shape().dim(0));
        int steps = (TRAIN + batch - 1) / batch;
        List<Double> epochSeconds = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        List<Double> valAccuracies = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Kiln.setSeed(1000 + r);
            Model m = model.get();
            m.compile(Compile.with(optimizer.get()).loss("sparse_categorical_crossentropy").metrics("sparse_categorical_accuracy"));
            long[] start = new long[1];
            Callback timer = new Callback() {
                @Override
                public void onEpochBegin(int epoch, Map<String, Double> logs) { start[0] = System.nanoTime(); }

                @Override
                public void onTrainBatchEnd(int b, Map<String, Double> logs) {
                    noteFirstStep();
                    if (b == steps - 1) {
                        epochSeconds.add((System.nanoTime() - start[0]) / 1e9);
                    }
                }

                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    Double va = logs == null ? null : logs.get("val_sparse_categorical_accuracy");
                    if (va != null && epoch == epochs - 1) {
                        valAccuracies.add(va);
                    }
                    if (trackMemoryEpochs > 0) {
                        rss.add(rssMb());
                        Runtime rt = Runtime.getRuntime();
                        heap.add((rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0));
                    }
                }
            };
            m.fit(x, y, Fit.options().batchSize(batch).epochs(epochs).verbose(0).validationData(xv, yv).callbacks(timer));
            accuracies.add(m.evaluate(data.xTest(), data.yTest(), Evaluate.options().batchSize(128).verbose(0))
                    .get("sparse_categorical_accuracy"));
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("batch", batch);
        rec.put("epochs", epochs);
        rec.put("steps_per_epoch", steps);
        rec.put("s_per_epoch", stats(epochSeconds));
        rec.put("ms_per_step", 1000 * median(epochSeconds) / steps);
        rec.put("test_accuracy", stats(accuracies));
        if (!valAccuracies.isEmpty()) {
            rec.put("val_accuracy", stats(valAccuracies));
        }
        rec.put("s_per_epoch_each", epochSeconds); // run by run: the JIT's warm-up shows in the first epochs
        if (trackMemoryEpochs > 0) {
            rec.put("rss_mb_per_epoch", rss);
            rec.put("heap_used_mb_per_epoch", heap);
        }
        return rec;
    }

    /** W3: predict throughput (samples/s) of the MLP at batch 1024 and 1, and of the CNN at batch 256. */
    static Map<String, Object> w3(FashionMnist flat, FashionMnist images, int runs) {
        Map<String, Object> rec = base("W3", runs);
        Kiln.setSeed(7);
        Model m = mlp();
        m.compile(Compile.with(new RMSprop(1e-3)).loss("sparse_categorical_crossentropy"));
        m.fit(flat.xTrain().slice(0, 0, TRAIN), flat.yTrain().slice(0, 0, TRAIN), Fit.options().batchSize(64).epochs(1).verbose(0)
                .callbacks(new Callback() {
                    @Override
                    public void onTrainBatchEnd(int batch, Map<String, Double> logs) { noteFirstStep(); }
                }));
        Map<String, Object> rates = new LinkedHashMap<>();
        for (int batch : new int[] {1024, 1}) {
            // batch 1 on the first 2000 test images only: 10k single-sample calls would dominate the run
            rates.put("mlp_b" + batch, throughput("mlp_b" + batch, m, batch == 1 ? flat.xTest().slice(0, 0, 2000) : flat.xTest(), batch, runs));
        }
        Kiln.setSeed(8);
        rates.put("cnn_b256", throughput("cnn_b256", cnn(), images.xTest(), 256, runs));
        rec.put("samples_per_s", rates);
        rec.put("warm_up_s", warmUpS);
        rec.put("jit_ms_while_timed", jitMsWhileTimed);
        rec.put("peak_rss_mb", peakRssMb());
        return rec;
    }

    /** Seconds each W3 warm-up took, and the JIT's compile time while each measure's passes were timed, by measure. */
    private static final Map<String, Double> warmUpS = new LinkedHashMap<>();
    private static final Map<String, Long> jitMsWhileTimed = new LinkedHashMap<>();

    private static Map<String, Double> throughput(String measure, Model m, Tensor x, int batch, int runs) {
        int n = x.shape().dim(0);
        warmUpS.put(measure, warmUp(() -> m.predict(x, Predict.options().batchSize(batch).verbose(0)).close()));
        List<Double> rates = new ArrayList<>();
        long jit0 = compileMs();
        for (int r = 0; r < Math.max(runs, W3_PASSES); r++) {
            long t0 = System.nanoTime();
            m.predict(x, Predict.options().batchSize(batch).verbose(0)).close();
            rates.add(n / ((System.nanoTime() - t0) / 1e9));
        }
        jitMsWhileTimed.put(measure, compileMs() - jit0);
        return stats(rates);
    }

    /** Milliseconds the JIT compilers have spent so far (summed over their threads); 0 where the JVM cannot tell. */
    private static long compileMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * Runs {@code pass} twice, as the anchor's predict (bench_torch.py) warms up, on until {@link #WARM_UP_S} seconds have
     * passed, and on until the JIT is quiet ({@link #QUIET_S}, {@link #QUIET_JIT_MS}) or {@link #MAX_WARM_UP_S} have
     * passed. Returns the seconds it took.
     */
    static double warmUp(Runnable pass) {
        long start = System.nanoTime();
        ArrayDeque<long[]> recent = new ArrayDeque<>(); // {time ns, compile ms} after each pass, the last QUIET_S
        for (int w = 0; ; w++) {
            pass.run();
            long now = System.nanoTime();
            recent.addLast(new long[] {now, compileMs()});
            while (recent.size() > 1 && now - recent.peekFirst()[0] > QUIET_S * 1e9) {
                recent.removeFirst();
            }
            boolean windowFull = now - start >= QUIET_S * 1e9;
            boolean quiet = windowFull && recent.peekLast()[1] - recent.peekFirst()[1] < QUIET_JIT_MS;
            double elapsed = (now - start) / 1e9;
            if (w >= 1 && elapsed >= WARM_UP_S && (quiet || elapsed >= MAX_WARM_UP_S)) {
                return elapsed;
            }
        }
    }

    private static void noteFirstStep() {
        if (firstStepS < 0) {
            firstStepS = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        }
    }

    private static Map<String, Object> base(String workload, int runs) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("workload", workload);
        rec.put("backend", Kiln.backendName());
        rec.put("runs", runs);
        rec.put("threads", threads());
        rec.put("device", device());
        return rec;
    }

    /** The kernel threads: {@code -Dkiln.threads}, else {@code KILN_THREADS}, else all cores (as the backends decide). */
    static int threads() {
        String v = System.getProperty("kiln.threads", System.getenv("KILN_THREADS"));
        return v == null || v.isBlank() ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(v.trim()));
    }

    static Map<String, Object> device() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cores", Runtime.getRuntime().availableProcessors());
        d.put("java", System.getProperty("java.version"));
        d.put("vm", System.getProperty("java.vm.name"));
        d.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        d.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        String cpu = cpuModel();
        if (cpu != null) {
            d.put("cpu", cpu);
        }
        return d;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    static Map<String, Double> stats(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Double> m = new LinkedHashMap<>();
        if (s.length == 0) {
            return m;
        }
        m.put("min", s[0]);
        m.put("median", median(v));
        m.put("max", s[s.length - 1]);
        return m;
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Peak resident set (VmHWM) of this process, in MB; -1 where /proc is absent. */
    static double peakRssMb() { return procStatusMb("VmHWM:"); }

    /** Current resident set (VmRSS) of this process, in MB; -1 where /proc is absent. */
    static double rssMb() { return procStatusMb("VmRSS:"); }

    private static double procStatusMb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
