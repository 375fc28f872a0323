package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Kiln;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.Callback;
import dev.kiln.api.callbacks.History;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.data.NamedTensors;
import dev.kiln.api.layers.Input;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Evaluate;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Sequential;
import dev.kiln.runtime.TinyComponents.Linear;
import dev.kiln.runtime.TinyComponents.Mse;
import dev.kiln.runtime.TinyComponents.Sgd;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static Model model() {
        Input in = Input.of(2).named("features");
        Model m = Model.of(in, new Linear(1).named("out").apply(in));
        m.compile(Compile.with(new Sgd(0.1)).loss(new Mse()).metrics(TinyComponents.mae()));
        return m;
    }

    @Test
    void fitLowersTheLossAndRecordsKerasKeys() {
        Tensor[] d = TinyComponents.linearData(64);
        Model m = model();
        History h = m.fit(d[0], d[1], Fit.options().batchSize(8).epochs(5).verbose(0).validationSplit(0.25));
        List<Double> loss = h.history().get("loss");
        assertEquals(5, loss.size());
        assertTrue(loss.get(4) < loss.get(0) * 0.5, "loss should fall: " + loss);
        assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), new ArrayList<>(h.history().keySet()));
        Map<String, Double> r = m.evaluate(d[0], d[1], Evaluate.options().verbose(0));
        assertEquals(List.of("loss", "mae"), new ArrayList<>(r.keySet()));
    }

    @Test
    void seededRunsGiveIdenticalHistories() {
        Tensor[] d = TinyComponents.linearData(64);
        Kiln.setSeed(3);
        History a = model().fit(d[0], d[1], Fit.options().batchSize(8).epochs(2).verbose(0));
        Kiln.setSeed(3);
        History b = model().fit(d[0], d[1], Fit.options().batchSize(8).epochs(2).verbose(0));
        assertEquals(a.history(), b.history());
    }

    @Test
    void predictConcatenatesBatches() {
        Tensor[] d = TinyComponents.linearData(10);
        Tensor p = model().predict(d[0], dev.kiln.api.models.Predict.options().batchSize(3).verbose(0));
        assertEquals(10, p.shape().dim(0));
    }

    @Test
    void sequentialAndSubclassedModelsTrain() {
        Tensor[] d = TinyComponents.linearData(32);
        Sequential s = new Sequential(Input.of(2), new Linear(4), new Linear(1));
        s.compile(Compile.with(new Sgd(0.05)).loss(new Mse()));
        History h = s.fit(d[0], d[1], Fit.options().batchSize(8).epochs(3).verbose(0));
        assertEquals(3, h.history().get("loss").size());

        Model sub = new Model() {
            private final Linear hidden = new Linear(3);
            private final Linear out = new Linear(1);

            @Override
            protected Tensor call(Tensor x, dev.kiln.api.layers.CallContext ctx) { return out.apply(hidden.apply(x)); }
        };
        sub.compile(Compile.with(new Sgd(0.05)).loss(new Mse()));
        sub.fit(d[0], d[1], Fit.options().batchSize(8).epochs(1).verbose(0));
        assertEquals(4, sub.weights().size());
    }

    @Test
    void callbacksSeeEveryHookAndCanStopTraining() {
        Tensor[] d = TinyComponents.linearData(32);
        Model m = model();
        List<String> seen = new ArrayList<>();
        Callback cb = new Callback() {
            private Model model;

            @Override
            public void setModel(Model mm) { model = mm; }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                seen.add("epoch" + epoch);
                if (epoch == 1) {
                    model.setStopTraining(true);
                }
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) { seen.add("b"); }
        };
        History h = m.fit(d[0], d[1], Fit.options().batchSize(16).epochs(10).verbose(0).callbacks(cb));
        assertEquals(2, h.history().get("loss").size());
        assertEquals(List.of("b", "b", "epoch0", "b", "b", "epoch1"), seen);
    }

    @Test
    void streamingSourceWithStepsPerEpoch() {
        Tensor[] d = TinyComponents.linearData(16);
        DataSource endless = new DataSource() {
            @Override
            public Iterator<Batch> iterator() {
                return new Iterator<>() {
                    public boolean hasNext() { return true; }

                    public Batch next() { return new Batch(NamedTensors.of(d[0]), NamedTensors.of(d[1]), null); }
                };
            }

            @Override
            public long cardinality() { return INFINITE; }
        };
        Model m = model();
        History h = m.fit(endless, Fit.options().epochs(2).stepsPerEpoch(3).verbose(0));
        assertEquals(2, h.history().get("loss").size());
        assertThrows(InvalidArgumentException.class, () -> m.fit(endless, Fit.options().verbose(0)));
        assertThrows(InvalidArgumentException.class, () -> m.fit(endless, Fit.options().stepsPerEpoch(2).validationSplit(0.2).verbose(0)));
    }

    @Test
    void badInputGetsClearErrors() {
        Tensor[] d = TinyComponents.linearData(16);
        Input in = Input.of(2).named("features");
        Model uncompiled = Model.of(in, new Linear(1).apply(in));
        IllegalStateKilnException notCompiled = assertThrows(IllegalStateKilnException.class,
                () -> uncompiled.fit(d[0], d[1], Fit.options().verbose(0)));
        assertTrue(notCompiled.getMessage().contains("compile()"));

        Model m = model();
        InvalidArgumentException lengths = assertThrows(InvalidArgumentException.class,
                () -> m.fit(d[0], TinyComponents.linearData(15)[1], Fit.options().verbose(0)));
        assertTrue(lengths.getMessage().contains("'x' sizes: 16"), lengths.getMessage());

        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
                () -> m.fit(Tensor.zeros(dev.kiln.api.Shape.of(16, 3), dev.kiln.api.DType.FLOAT32), d[1], Fit.options().verbose(0)));
        assertEquals("Invalid shape for input `features`. Expected (None, 2). Received: (16, 3). To fix: reshape the data to "
                + "the model's input shape, or build the model for this shape.", shape.getMessage());

        assertThrows(InvalidArgumentException.class, () -> m.fit(Tensor.zeros(dev.kiln.api.Shape.of(0, 2), dev.kiln.api.DType.FLOAT32),
                Tensor.zeros(dev.kiln.api.Shape.of(0, 1), dev.kiln.api.DType.FLOAT32), Fit.options().verbose(0)));
        assertThrows(InvalidArgumentException.class, () -> Fit.options().validationSplit(1.0));
        assertThrows(InvalidArgumentException.class, () -> m.fit(Map.of("wrong", d[0]), Map.of("out", d[1]), Fit.options().verbose(0)));
    }
}
