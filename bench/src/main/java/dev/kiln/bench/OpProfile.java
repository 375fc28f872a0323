package dev.kiln.bench;

import dev.kiln.api.DType;
import dev.kiln.api.Kiln;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.Callback;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Predict;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.BackendProvider;
import dev.kiln.backend.spi.ForwardingBackend;
import dev.kiln.backend.spi.Kernel;
import dev.kiln.data.FashionMnist;
import dev.kiln.examples.FashionMnistCnn;
import dev.kiln.examples.FashionMnistMlp;
import dev.kiln.optimizers.Adam;
import dev.kiln.optimizers.RMSprop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Where a W1 (or W2) training step's time goes, operator by operator: wraps a backend in a timing shim, trains one warm-up
 * epoch and one measured epoch of {@code steps} steps, and prints calls, microseconds per step and per call for each
 * operator, then the step time and the part spent outside the backend (the runtime's own work).
 *
 * <p>Run: {@code bench/run OPS [--backend nd4j|java]}, or {@code bench/run OPS-W2} for the CNN (W2) step. Two
 * settings: {@code -Dkiln.profile.epochs=N} trains N epochs and measures the last (default 2: the JIT is still
 * compiling in epoch 2; W1's steady state needs about 5), and {@code -Dkiln.profile.shapes=true} times each Gemm and
 * MatMul by its operands' shapes and attributes (W1's two 64 x 784 x 64 products against the small ones).
 */
public final class OpProfile {
    private static final Map<String, long[]> STATS = new TreeMap<>();
    private static volatile boolean recording;

    private OpProfile() {}

    private static void record(String op, long start) {
        if (recording) {
            long d = System.nanoTime() - start;
            synchronized (STATS) {
                long[] s = STATS.computeIfAbsent(op, k -> new long[2]);
                s[0]++;
                s[1] += d;
            }
        }
    }

    /** Epochs trained; the last is measured (the ones before warm the JIT up). */
    private static final int EPOCHS = Integer.getInteger("kiln.profile.epochs", 2);
    private static final boolean BY_SHAPE = Boolean.getBoolean("kiln.profile.shapes");

    /** The row an operator call is timed under: its name, and for products with -Dkiln.profile.shapes also its operands. */
    private static String label(String op, Map<String, Object> attrs, BackendArray... inputs) {
        return BY_SHAPE && (op.equals("Gemm") || op.equals("MatMul")) ? op + shapes(attrs, inputs) : op;
    }

    private static String shapes(Map<String, Object> attrs, BackendArray... inputs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(2, inputs.length); i++) {
            b.append(java.util.Arrays.toString(inputs[i].shape()).replace(" ", ""));
        }
        return b + (attrs.isEmpty() ? "" : attrs.toString().replace(" ", ""));
    }

    /** The backend, timing every call. */
    private static Backend timed(Backend in) {
        return new ForwardingBackend(in) {
            @Override
            public BackendArray fromArray(Object data, int[] shape, DType dtype) {
                long t = System.nanoTime();
                BackendArray r = super.fromArray(data, shape, dtype);
                record("(fromArray)", t);
                return r;
            }

            @Override
            public BackendArray full(int[] shape, double value, DType dtype) {
                long t = System.nanoTime();
                BackendArray r = super.full(shape, value, dtype);
                record("(full)", t);
                return r;
            }

            @Override
            public BackendArray[] execute(String op, Map<String, Object> attrs, int outputs, BackendArray... inputs) {
                long t = System.nanoTime();
                BackendArray[] r = super.execute(op, attrs, outputs, inputs);
                record(label(op, attrs, inputs), t);
                return r;
            }

            /** The backend's own kernel, timed: compiled steps' replays run what they run without this shim. */
            @Override
            public Kernel kernel(String op, Map<String, Object> attrs, int outputs) {
                Kernel k = delegate().kernel(op, attrs, outputs);
                return inputs -> {
                    long t = System.nanoTime();
                    BackendArray[] r = k.run(inputs);
                    record(label(op, attrs, inputs), t);
                    return r;
                };
            }
        };
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        String name = System.getProperty("kiln.backend", "nd4j");
        String workload = args.length > 0 ? args[0].toUpperCase(java.util.Locale.ROOT) : "W1";
        boolean cnn = workload.equals("W2");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : cnn ? 40 : 500;
        int batch = cnn ? 128 : 64;
        if (workload.startsWith("W3")) {
            // W3 predict: the MLP over 10k test images at batch 1024 (W3) or 2000 at batch 1 (W3-B1)
            batch = workload.equals("W3-B1") ? 1 : 1024;
            steps = 10;
        }
        Backend backend = null;
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals(name)) {
                backend = p.create();
            }
        }
        if (backend == null) {
            throw new IllegalArgumentException("No backend named " + name + " on the class path.");
        }
        // The runtime is a run-time dependency only: build it reflectively over the timed backend.
        KilnRuntime.install((KilnRuntime) Class.forName("dev.kiln.runtime.DefaultKilnRuntime").getConstructor(Backend.class)
                .newInstance(timed(backend)));
        Kiln.setSeed(1);
        FashionMnist data = FashionMnist.load(batch * steps, workload.startsWith("W3") ? (batch == 1 ? 2000 : 10_000) : 1);
        if (cnn) {
            data = Bench.images(data);
        }
        Model m = cnn ? FashionMnistCnn.model() : FashionMnistMlp.model();
        m.compile(Compile.with(cnn ? new Adam(1e-3) : new RMSprop(1e-3)).loss("sparse_categorical_crossentropy")
                .metrics("sparse_categorical_accuracy"));
        long[] span = new long[2];
        if (workload.startsWith("W3")) {
            m.fit(data.xTrain(), data.yTrain(), Fit.options().batchSize(64).epochs(1).verbose(0));
            Predict options = Predict.options().batchSize(batch).verbose(0);
            Tensor x = data.xTest();
            Bench.warmUp(() -> m.predict(x, options).close()); // as W3 measures: the JIT's steady state
            int passes = Bench.W3_PASSES;
            STATS.clear();
            recording = true;
            span[0] = System.nanoTime();
            for (int i = 0; i < passes; i++) {
                m.predict(x, options).close();
            }
            span[1] = System.nanoTime();
            recording = false;
            report(workload + " predict", name, passes * ((data.xTest().shape().dim(0) + batch - 1) / batch), span);
            return;
        }
        m.fit(data.xTrain(), data.yTrain(), Fit.options().batchSize(batch).epochs(EPOCHS).verbose(0).callbacks(new Callback() {
            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
                if (epoch == EPOCHS - 1) {
                    STATS.clear();
                    recording = true;
                    span[0] = System.nanoTime();
                }
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                if (epoch == EPOCHS - 1) {
                    span[1] = System.nanoTime();
                    recording = false;
                }
            }
        }));
        // the steps the measured epoch ran: fewer than asked when the training set is smaller than batch x steps
        report(cnn ? "W2" : "W1", name, (data.xTrain().shape().dim(0) + batch - 1) / batch, span);
    }

    /** The table: per operator, calls and microseconds per step (or per predict batch), then the step's split. */
    private static void report(String what, String name, int steps, long[] span) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(STATS.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        long inBackend = 0;
        long calls = 0;
        System.out.printf("%s on backend %s, %d measured steps%n%-18s %12s %10s %10s%n", what, name, steps, "operator", "calls/step", "us/step",
                "us/call");
        for (Map.Entry<String, long[]> e : rows) {
            long[] s = e.getValue();
            inBackend += s[1];
            calls += s[0];
            System.out.printf("%-18s %12.1f %10.1f %10.2f%n", e.getKey(), s[0] / (double) steps, s[1] / 1e3 / steps, s[1] / 1e3 / s[0]);
        }
        double step = (span[1] - span[0]) / 1e3 / steps;
        System.out.printf("step %.0f us: backend %.0f us in %d calls, outside it %.0f us%n", step, inBackend / 1e3 / steps,
                calls / steps, step - inBackend / 1e3 / steps);
    }
}
