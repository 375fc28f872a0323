package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.Kiln;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.NamedTensors;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Input;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.ForwardingBackend;
import dev.kiln.backend.spi.Kernel;
import dev.kiln.runtime.TinyComponents.Linear;
import dev.kiln.runtime.TinyComponents.Mse;
import dev.kiln.runtime.TinyComponents.Sgd;
import dev.kiln.runtime.internal.engine.Trainer;
import dev.kiln.runtime.internal.trace.CompiledRegions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** When a step compiles, when it stays eager and why, and what a replay does that the Java code would have done. */
class CompiledRegionsTest {
    /** A layer running {@code body} on its input in training. */
    static final class Hook extends Layer {
        private final Function<Tensor, Tensor> body;

        Hook(Function<Tensor, Tensor> body) { this.body = body; }

        @Override
        protected Tensor call(Tensor input, CallContext ctx) { return ctx.training() ? body.apply(input) : input; }

        @Override
        public Shape computeOutputShape(List<Shape> shapes) { return shapes.get(0); }
    }

    private static Model model(Function<Tensor, Tensor> hook) {
        Input in = Input.of(2);
        Tensor h = new Hook(hook).apply(new Linear(1).apply(in));
        Model m = Model.of(in, h);
        m.compile(Compile.with(new Sgd(0.1)).loss(new Mse()));
        return m;
    }

    private static CompiledRegions regions(Model m) { return ((Trainer) KilnRuntime.get().modelEngine()).regions(m); }

    private static void fit(Model m) {
        Tensor[] d = TinyComponents.linearData(64);
        m.fit(d[0], d[1], Fit.options().batchSize(8).epochs(1).shuffle(false).verbose(0));
    }

    @Test
    void aPureStepCompiles() {
        Model m = model(t -> t.mul(2));
        fit(m);
        assertTrue(regions(m).isCompiled("train_step"));
        assertTrue(regions(m).kernelCalls("train_step") > 5, "forward, loss and gradients: " + regions(m).kernelCalls("train_step"));
        assertNull(regions(m).failure("train_step"));
    }

    /** The java backend behind a decorator counting the calls at execute and, with its own kernels, those it resolves. */
    private static final class Counting extends ForwardingBackend {
        private final boolean ownKernels;
        int executes;
        int resolved;
        int kernelRuns;

        Counting(boolean ownKernels) {
            super(TinyComponents.javaBackend());
            this.ownKernels = ownKernels;
        }

        @Override
        public BackendArray[] execute(String op, Map<String, Object> attrs, int outputs, BackendArray... inputs) {
            executes++;
            return super.execute(op, attrs, outputs, inputs);
        }

        @Override
        public Kernel kernel(String op, Map<String, Object> attrs, int outputs) {
            if (!ownKernels) {
                return super.kernel(op, attrs, outputs);
            }
            resolved++;
            Kernel k = delegate().kernel(op, attrs, outputs);
            return in -> {
                kernelRuns++;
                return k.run(in);
            };
        }
    }

    @Test
    void replaysRunTheKernelsTheirTraceResolvedOnce() {
        Counting backend = new Counting(true);
        KilnRuntime.install(new DefaultKilnRuntime(backend));
        try {
            Model m = model(t -> t.mul(2));
            fit(m); // 8 batches: two traced, six replayed
            int calls = regions(m).kernelCalls("train_step");
            assertEquals(calls, backend.resolved, "each call of the trace resolved once, not once per replay");
            assertEquals(6 * calls, backend.kernelRuns);
        } finally {
            KilnRuntime.install(null);
        }
    }

    @Test
    void aDecoratorSeesEveryReplayedCallAtExecute() {
        int[] executes = new int[2];
        int calls = 0;
        for (boolean ownKernels : new boolean[] {false, true}) {
            Counting backend = new Counting(ownKernels);
            KilnRuntime.install(new DefaultKilnRuntime(backend));
            try {
                Model m = model(t -> t.mul(2));
                fit(m);
                calls = regions(m).kernelCalls("train_step");
                executes[ownKernels ? 1 : 0] = backend.executes;
                assertEquals(ownKernels ? 6 * calls : 0, backend.kernelRuns);
            } finally {
                KilnRuntime.install(null);
            }
        }
        // With the default kernels, each of the six replays' calls arrives at execute, besides everything else.
        assertEquals(executes[1] + 6 * calls, executes[0]);
    }

    @Test
    void aHostReadKeepsTheStepEagerAndSaysWhere() {
        Model m = model(t -> t.mul(t.sum().item() > 0 ? 2 : 3));
        fit(m);
        assertFalse(regions(m).isCompiled("train_step"));
        String why = regions(m).failure("train_step");
        assertNotNull(why);
        assertTrue(why.contains("read on the host") && why.contains("CompiledRegionsTest"), why);
    }

    @Test
    void drawingASeedKeepsTheStepEager() {
        Model m = model(t -> t.mul(KilnRuntime.get().nextSeed() == 0 ? 1 : 2));
        fit(m);
        assertFalse(regions(m).isCompiled("train_step"));
        assertTrue(regions(m).failure("train_step").contains("seed"), regions(m).failure("train_step"));
    }

    @Test
    void aHostCallbackRunsOnEveryReplay() {
        List<Double> seen = new ArrayList<>();
        Model m = model(t -> {
            KilnRuntime.get().hostCallback(t.sum(), s -> seen.add(s.item()));
            return t;
        });
        fit(m);
        assertTrue(regions(m).isCompiled("train_step"));
        assertEquals(8, seen.size(), "one call per batch, traced or replayed");
        // The same values as an eager run.
        List<Double> eager = new ArrayList<>();
        Kiln.setSeed(1);
        Model e = model(t -> {
            KilnRuntime.get().hostCallback(t.sum(), s -> eager.add(s.item()));
            return t;
        });
        e.compile(Compile.with(new Sgd(0.1)).loss(new Mse()).runEagerly(true));
        fit(e);
        assertEquals(eager, seen);
    }

    /** Ends in a transpose, which the runtime computes only when its output is read: after the step's Java code. */
    static final class TransposedOutput extends Layer {
        @Override
        protected Tensor call(Tensor input, CallContext ctx) { return input.reshape(-1, 1, 2).transpose(0, 2, 1); }

        @Override
        public Shape computeOutputShape(List<Shape> shapes) { return Shape.of(shapes.get(0).dim(0), 2, 1); }
    }

    @Test
    void anOutputComputedWhenReadIsPartOfTheTrace() {
        Tensor[] d = TinyComponents.linearData(40);
        Input in = Input.of(2);
        Model m = Model.of(in, new TransposedOutput().apply(new Linear(2).apply(in)));
        m.compile(Compile.with(new Sgd(0.1)).loss(new Mse()));
        float[] compiled = m.predict(d[0], dev.kiln.api.models.Predict.options().batchSize(8).verbose(0)).toFloatArray();
        assertTrue(regions(m).isCompiled("predict_step"), String.valueOf(regions(m).failure("predict_step")));
        m.compile(Compile.with(new Sgd(0.1)).loss(new Mse()).runEagerly(true));
        float[] eager = m.predict(d[0], dev.kiln.api.models.Predict.options().batchSize(8).verbose(0)).toFloatArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(eager, compiled);
    }

    @Test
    void metricUpdatesCompileApartFromTheStep() {
        Model m = model(t -> t);
        m.compile(Compile.with(new Sgd(0.1)).loss(new Mse()).metrics(TinyComponents.mae()));
        fit(m);
        assertTrue(regions(m).isCompiled("train_step"));
        assertTrue(regions(m).isCompiled("train_metrics"));
        // A metric whose update reads a value on the host: only the metrics region stays eager.
        Model h = model(t -> t);
        h.compile(Compile.with(new Sgd(0.1)).loss(new Mse()).metrics(new dev.kiln.api.metrics.MeanMetricWrapper("host",
                (y, p) -> p.sub(y).abs().mean(-1, false).mul(p.sum().item() > 1e9 ? 0 : 1))));
        fit(h);
        assertTrue(regions(h).isCompiled("train_step"));
        assertFalse(regions(h).isCompiled("train_metrics"));
        assertEquals(m.metricsResult().get("mae"), h.metricsResult().get("host"), 1e-12, "the same values either way");
    }

    @Test
    void aRetracedRegionThatStillMatchesReplaysFromItsSecondCall() {
        double[] factor = {2};
        int[] runs = {0};
        Kiln.setSeed(1);
        Model m = model(t -> {
            runs[0]++;
            return t.mul(factor[0]);
        });
        Tensor[] d = TinyComponents.linearData(64);
        List<Double> traced = new ArrayList<>();
        dev.kiln.api.callbacks.Callback change = new dev.kiln.api.callbacks.Callback() {
            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
                traced.add((double) runs[0]);
                if (epoch == 2) {
                    factor[0] = 3; // a Java value the step reads: epoch 2 must trace it in
                }
            }
        };
        m.fit(d[0], d[1], Fit.options().batchSize(8).epochs(3).shuffle(false).verbose(0).callbacks(change));
        traced.add((double) runs[0]);
        // epoch 0: two traced calls; epoch 1: its first trace equals the compiled one, so one; epoch 2: the factor
        // changed, so the first trace differs and two are needed again
        assertEquals(List.of(0.0, 2.0, 3.0, 5.0), traced);
        assertTrue(regions(m).isCompiled("train_step"));
        // the same weights as op by op, where the factor is read on every call
        double[] eagerFactor = {2};
        Kiln.setSeed(1);
        Model e = model(t -> t.mul(eagerFactor[0]));
        e.compile(Compile.with(new Sgd(0.1)).loss(new Mse()).runEagerly(true));
        e.fit(d[0], d[1], Fit.options().batchSize(8).epochs(3).shuffle(false).verbose(0).callbacks(new dev.kiln.api.callbacks.Callback() {
            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
                if (epoch == 2) {
                    eagerFactor[0] = 3;
                }
            }
        }));
        for (int i = 0; i < m.weights().size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(e.weights().get(i).value().toFloatArray(),
                    m.weights().get(i).value().toFloatArray());
        }
    }

    /**
     * (n, 36) scaled by a weight per element of mixed signs, viewed as (n, 1, 6, 6) images, then ReLU and a 2 x 2 max
     * pool, flattened to (n, 9): the Conv-ReLU-MaxPool pattern whose ReLU a compiled step moves after the pool.
     */
    static final class ReluPool extends Layer {
        Variable scale;

        @Override
        protected void build(Shape inputShape) {
            float[] w = new float[36];
            for (int i = 0; i < w.length; i++) {
                w[i] = ((i * 7) % 11 - 5) / 4f;
            }
            scale = addWeight("scale", Shape.of(36), (sh, d) -> Tensor.of(w, 36), null, true);
        }

        @Override
        protected Tensor call(Tensor input, CallContext ctx) {
            Tensor h = input.mul(scale).reshape(-1, 1, 6, 6).relu();
            h = KilnRuntime.get().op("MaxPool", Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}), h);
            return h.reshape(-1, 9);
        }

        @Override
        public Shape computeOutputShape(List<Shape> shapes) { return Shape.of(shapes.get(0).dim(0), 9); }
    }

    private static Model reluPoolModel(boolean eager) {
        Kiln.setSeed(3);
        Input in = Input.of(36);
        Model m = Model.of(in, new Linear(1).apply(new ReluPool().apply(in)));
        m.compile(Compile.with(new Sgd(0.05)).loss(new Mse()).runEagerly(eager));
        float[] x = new float[48 * 36];
        float[] y = new float[48];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 13) % 17 - 8) / 8f; // positive and negative, with ties
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (i % 5) / 5f;
        }
        m.fit(Tensor.of(x, 48, 36), Tensor.of(y, 48, 1), Fit.options().batchSize(8).epochs(2).shuffle(false).verbose(0));
        return m;
    }

    @Test
    void reluMovesAfterMaxPoolingWithTheSameValues() {
        Model compiled = reluPoolModel(false);
        List<String> ops = regions(compiled).kernels("train_step");
        assertTrue(ops.indexOf("MaxPool") >= 0 && ops.indexOf("MaxPool") < ops.indexOf("Relu"), "pool first: " + ops);
        assertTrue(ops.indexOf("ReluGrad") >= 0 && ops.indexOf("ReluGrad") < ops.indexOf("MaxPoolGrad"), "mask first: " + ops);
        Model eager = reluPoolModel(true);
        for (int i = 0; i < eager.weights().size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(eager.weights().get(i).value().toFloatArray(),
                    compiled.weights().get(i).value().toFloatArray(), "weight " + i);
        }
        Tensor probe = Tensor.of(new float[] {-1, 2, -3, 4, 0, -0.5f, 1, 1, 1, -2, 3, -4, 5, 0, 0, 2, -2, 1, 1, -1, 0.5f, 0.25f, 3, -3, 2,
                -2, 1, 0, -1, 4, -4, 2, 2, -2, 0, 1}, 1, 36);
        org.junit.jupiter.api.Assertions.assertArrayEquals(eager.predict(probe, dev.kiln.api.models.Predict.options().verbose(0)).toFloatArray(),
                compiled.predict(probe, dev.kiln.api.models.Predict.options().verbose(0)).toFloatArray());
    }

    @Test
    void recompilingDropsTheTraces() {
        Model m = model(t -> t);
        fit(m);
        assertTrue(regions(m).isCompiled("train_step"));
        m.compile(Compile.with(new Sgd(0.1)).loss(new Mse()));
        assertFalse(regions(m).isCompiled("train_step"));
    }

    /** A subclassed model whose own train step compiles its pure part, as the default one does. */
    static final class CustomStep extends Model {
        final Linear linear = new Linear(1);
        int bodyRuns;

        @Override
        protected Tensor call(Tensor input, CallContext ctx) { return linear.apply(input); }

        @Override
        public Map<String, Double> trainStep(Batch batch) {
            List<dev.kiln.api.Variable> vars = trainableWeights();
            List<Tensor> out = traced("my_step", batch, vars, () -> {
                bodyRuns++;
                try (dev.kiln.api.GradientTape tape = dev.kiln.api.GradientTape.open()) {
                    List<Tensor> r = new ArrayList<>(forward(batch.x().tensors()));
                    r.addAll(tape.gradient(computeLoss(batch, r), vars));
                    return r;
                }
            });
            optimizer().apply(out.subList(1, out.size()), vars);
            return computeMetrics(batch, out.subList(0, 1));
        }
    }

    @Test
    void aCustomStepCanCompileItsPurePart() {
        Tensor[] d = TinyComponents.linearData(64);
        CustomStep m = new CustomStep();
        m.compile(Compile.with(new Sgd(0.1)).loss(new Mse()));
        var h = m.fit(d[0], d[1], Fit.options().batchSize(8).epochs(3).shuffle(false).verbose(0));
        assertTrue(regions(m).isCompiled("my_step"));
        assertTrue(m.bodyRuns <= 3 + 2 * 2, "only traced calls run the body: " + m.bodyRuns + " of 24");
        List<Double> loss = h.history().get("loss");
        assertTrue(loss.get(2) < loss.get(0), "it learns: " + loss);
    }
}
