package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.Kiln;
import dev.kiln.api.callbacks.Callback;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendProvider;
import dev.kiln.data.FashionMnist;
import dev.kiln.optimizers.RMSprop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The nd4j backend against the java backend (the oracle): W1, the guide's MLP, trained for 200 steps from the same
 * seed on each gives the same loss curve within 1e-4 relative; so does W2, the CNN, over 15 steps.
 */
class BackendDifferentialTest {
    private static final int STEPS = 200;
    private static final int BATCH = 64;

    @AfterAll
    static void restoreDefaultRuntime() { KilnRuntime.install(null); }

    private static Backend backend(String name) {
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals(name)) {
                return p.create();
            }
        }
        throw new AssertionError("backend " + name + " is not on the test class path");
    }

    /** A fresh runtime over {@code backend}, built reflectively: the runtime is not on user code's compile class path. */
    private static void install(Backend backend) {
        try {
            KilnRuntime.install((KilnRuntime) Class.forName("dev.kiln.runtime.DefaultKilnRuntime").getConstructor(Backend.class)
                    .newInstance(backend));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The running mean loss after each of the first {@link #STEPS} steps, on a fresh runtime over {@code backend}. */
    private static List<Double> lossCurve(Backend backend) {
        install(backend);
        Kiln.setSeed(1234);
        FashionMnist data = FashionMnist.load(STEPS * BATCH, 1);
        Model model = FashionMnistMlp.model();
        model.compile(Compile.with(new RMSprop(1e-3)).loss("sparse_categorical_crossentropy"));
        List<Double> losses = new ArrayList<>();
        model.fit(data.xTrain(), data.yTrain(), Fit.options().batchSize(BATCH).epochs(1).verbose(0).callbacks(new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) { losses.add(logs.get("loss")); }
        }));
        return losses;
    }

    /** W2, the CNN, for 15 steps of 32 images: the running loss after each step. */
    private static List<Double> cnnLossCurve(Backend backend) {
        install(backend);
        Kiln.setSeed(99);
        FashionMnist data = FashionMnist.load(FashionMnist.defaultDir(), 15 * 32, 1, FashionMnist.Layout.IMAGES);
        Model model = FashionMnistCnn.model();
        model.compile(Compile.with(new dev.kiln.optimizers.Adam(1e-3)).loss("sparse_categorical_crossentropy"));
        List<Double> losses = new ArrayList<>();
        model.fit(data.xTrain(), data.yTrain(), Fit.options().batchSize(32).epochs(1).verbose(0).callbacks(new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) { losses.add(logs.get("loss")); }
        }));
        return losses;
    }

    @Test
    void nd4jTrainsW2LikeTheJavaBackend() {
        List<Double> oracle = cnnLossCurve(backend("java"));
        List<Double> nd4j = cnnLossCurve(backend("nd4j"));
        assertEquals(15, oracle.size());
        for (int i = 0; i < oracle.size(); i++) {
            assertEquals(oracle.get(i), nd4j.get(i), 1e-4 * Math.abs(oracle.get(i)), "CNN loss after step " + (i + 1));
        }
        assertTrue(oracle.get(14) < oracle.get(0), "the CNN learns");
    }

    @Test
    void nd4jTrainsW1LikeTheJavaBackend() {
        List<Double> oracle = lossCurve(backend("java"));
        List<Double> nd4j = lossCurve(backend("nd4j"));
        assertEquals(STEPS, oracle.size());
        assertEquals(STEPS, nd4j.size());
        for (int i = 0; i < STEPS; i++) {
            double a = oracle.get(i);
            double b = nd4j.get(i);
            assertTrue(Double.isFinite(a) && Double.isFinite(b), "step " + i);
            assertEquals(a, b, 1e-4 * Math.abs(a), "loss after step " + (i + 1));
        }
        assertTrue(oracle.get(STEPS - 1) < oracle.get(0), "the model learns");
    }
}
