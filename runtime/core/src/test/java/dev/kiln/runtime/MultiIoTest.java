package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.History;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.IndexedDataSource;
import dev.kiln.api.data.NamedTensors;
import dev.kiln.api.layers.Input;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Evaluate;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Predict;
import dev.kiln.runtime.TinyComponents.Linear;
import dev.kiln.runtime.TinyComponents.Mse;
import dev.kiln.runtime.TinyComponents.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Multi-input, multi-output models with losses, weights and metrics by output name; indexed sources with workers. */
class MultiIoTest {
    private static Tensor col(int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * ((i % 9) / 9.0));
        }
        return Tensor.of(v, n, 1);
    }

    private static Model model() {
        Input a = Input.of(1).named("a");
        Input b = Input.of(1).named("b");
        Tensor left = new Linear(1).named("left").apply(a);
        Tensor right = new Linear(1).named("right").apply(b);
        return Model.of(List.of(a, b), List.of(left, right));
    }

    @Test
    void lossesWeightsAndMetricsByOutputName() {
        int n = 36;
        Model m = model();
        assertEquals(List.of("a", "b"), m.inputNames());
        assertEquals(List.of("left", "right"), m.outputNames());
        m.compile(Compile.with(new Sgd(0.1)).losses(Map.of("left", new Mse(), "right", new Mse()))
                .lossWeights(Map.of("left", 1.0, "right", 0.5))
                .metrics(Map.of("right", List.of(TinyComponents.mae()))));
        Map<String, Tensor> x = Map.of("a", col(n, 1), "b", col(n, 2));
        Map<String, Tensor> y = Map.of("left", col(n, 3), "right", col(n, -1));
        History h = m.fit(x, y, Fit.options().batchSize(6).epochs(2).verbose(0).shuffle(false));
        assertEquals(List.of("loss", "left_loss", "right_loss", "right_mae"), new ArrayList<>(h.history().keySet()));
        Map<String, Double> r = m.evaluate(x, y, Evaluate.options().verbose(0));
        assertEquals(r.get("left_loss") + 0.5 * r.get("right_loss"), r.get("loss"), 1e-5);
        Map<String, Tensor> p = m.predict(Map.of("a", col(4, 1), "b", col(4, 1)), Predict.options().verbose(0));
        assertEquals(Set.of("left", "right"), p.keySet());
        assertThrows(InvalidArgumentException.class, () -> model().compile(Compile.with(new Sgd(0.1)).losses(Map.of("middle", new Mse()))));
        InvalidArgumentException wrongCount = assertThrows(InvalidArgumentException.class,
                () -> m.fit(List.of(col(n, 1)), List.of(col(n, 1), col(n, 1)), Fit.options().verbose(0)));
        assertTrue(wrongCount.getMessage().contains("has 1 arrays but the model has 2 inputs"), wrongCount.getMessage());
    }

    @Test
    void positionalDataAndClassWeights() {
        int n = 30;
        Model m = model();
        m.compile(Compile.with(new Sgd(0.05)).losses(List.of(new Mse(), new Mse())).lossWeights(1.0, 2.0));
        History h = m.fit(List.of(col(n, 1), col(n, 1)), List.of(col(n, 1), col(n, 2)), Fit.options().batchSize(5).verbose(0));
        assertEquals(1, h.history().get("loss").size());

        Input in = Input.of(1);
        Model single = Model.of(in, new Linear(1).apply(in));
        single.compile(Compile.with(new Sgd(0.05)).loss(new Mse()));
        Tensor ones = Tensor.of(new float[] {1, 1, 1, 1}, 4, 1);
        double unweighted = single.evaluate(col(4, 1), ones, Evaluate.options().verbose(0)).get("loss");
        assertTrue(unweighted > 0);
        // every sample is of class 1, weighted 0: nothing to learn, loss 0, weights unchanged
        List<Tensor> before = single.getWeights();
        double weighted = single.fit(col(4, 1), ones, Fit.options().verbose(0).classWeight(Map.of(1, 0.0))).history().get("loss").get(0);
        assertEquals(0.0, weighted, 0);
        assertEquals(before.get(0).item(), single.getWeights().get(0).item(), 0);
    }

    @Test
    void indexedSourceLoadsOnWorkersInOrder() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        IndexedDataSource src = indexed(8, index -> {
            threads.add(Thread.currentThread().getName());
            seen.add(index);
            float v = index;
            return new Batch(NamedTensors.of(Tensor.of(new float[] {v, v}, 2, 1)), NamedTensors.of(Tensor.of(new float[] {v, v}, 2, 1)), null);
        });
        History h = linearModel().fit(src, Fit.options().epochs(2).workers(3).shuffle(true).verbose(0));
        assertEquals(2, h.history().get("loss").size());
        assertEquals(16, seen.size());
        assertTrue(threads.stream().allMatch(t -> t.startsWith("kiln-data-loader")), threads.toString());
    }

    @Test
    void batchesLoadedOnWorkersAreFreedAndLoadingStopsWhenTrainingStops() throws InterruptedException {
        List<Tensor> made = java.util.Collections.synchronizedList(new ArrayList<>());
        IndexedDataSource src = indexed(40, index -> {
            Tensor x = Tensor.of(new float[] {index, index}, 2, 1);
            Tensor y = x.mul(2f); // an operator's result, made on the loader's thread
            made.add(x);
            made.add(y);
            return new Batch(NamedTensors.of(x), NamedTensors.of(y), null);
        });
        Model m = linearModel();
        dev.kiln.api.callbacks.Callback stopAfterThree = new dev.kiln.api.callbacks.Callback() {
            private Model model;

            @Override
            public void setModel(Model model) { this.model = model; }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                if (batch == 2) {
                    model.setStopTraining(true);
                }
            }
        };
        History h = m.fit(src, Fit.options().epochs(3).workers(2).shuffle(false).verbose(0).callbacks(stopAfterThree));
        assertEquals(1, h.history().get("loss").size());
        // The loaders stop: no thread keeps loading batches nobody takes.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (loaderThreadsAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(!loaderThreadsAlive(), "loader threads still running after fit returned");
        // The three batches trained on were freed by their steps, those loaded ahead by the epoch's end; the source
        // was asked for more than three, so both happened.
        assertTrue(made.size() > 6, "batches loaded: " + made.size() / 2);
        for (Tensor t : made) {
            assertThrows(dev.kiln.api.IllegalStateKilnException.class, t::toFloatArray, "a batch's tensor outlived its step");
        }
    }

    @Test
    void batchesWithLazilyComputedTensorsLoadOnWorkers() {
        // A transpose is computed when read, into the scope it was made in: the loader's, which closes before the
        // step reads it. The loader computes it first, so the step gets live values.
        IndexedDataSource src = indexed(6, index -> {
            Tensor row = Tensor.of(new float[] {index, index + 1}, 1, 2);
            return new Batch(NamedTensors.of(row.transpose(1, 0)), NamedTensors.of(row.mul(2f).transpose(1, 0)), null);
        });
        History h = linearModel().fit(src, Fit.options().epochs(2).workers(2).verbose(0));
        assertEquals(2, h.history().get("loss").size());
        assertTrue(h.history().get("loss").stream().allMatch(l -> l > 0 && Double.isFinite(l)), h.history().toString());
    }

    /** {@code size} batches, batch {@code i} from {@code get}. */
    private static IndexedDataSource indexed(int size, java.util.function.IntFunction<Batch> get) {
        return new IndexedDataSource() {
            @Override
            public int size() { return size; }

            @Override
            public Batch get(int index) { return get.apply(index); }
        };
    }

    /** y = w x + b on one feature, compiled with SGD and MSE. */
    private static Model linearModel() {
        Input in = Input.of(1);
        Model m = Model.of(in, new Linear(1).apply(in));
        m.compile(Compile.with(new Sgd(0.001)).loss(new Mse()));
        return m;
    }

    private static boolean loaderThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith("kiln-data-loader"));
    }
}
