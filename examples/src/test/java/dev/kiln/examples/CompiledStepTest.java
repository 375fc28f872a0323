package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Kiln;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.callbacks.History;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Input;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Predict;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dropout;
import dev.kiln.optimizers.Adam;
import dev.kiln.optimizers.RMSprop;
import dev.kiln.optimizers.schedules.ExponentialDecay;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Compiled steps (the default) against {@code runEagerly(true)}: the same seed gives the same history, weights and
 * predictions to the last bit, while the layers' Java code runs only on the calls that are traced.
 */
class CompiledStepTest {
    private static final int FEATURES = 12;
    private static final int CLASSES = 4;

    /** An identity layer that counts the training-mode calls of its Java code. */
    static final class CountingLayer extends Layer {
        int trainingCalls;

        @Override
        protected Tensor call(Tensor input, CallContext ctx) {
            if (ctx.training()) {
                trainingCalls++;
            }
            return input;
        }
    }

    /** {@code n} samples; labels from a fixed rule, with {@code badLabelAt} (if >= 0) set to an invalid class. */
    private static Tensor[] data(int n, int badLabelAt) {
        float[] x = new float[n * FEATURES];
        long[] y = new long[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < FEATURES; j++) {
                float v = (float) r.nextGaussian();
                x[i * FEATURES + j] = v;
                s += v * (j % 3 - 1);
            }
            y[i] = Math.floorMod((long) Math.floor(s), CLASSES);
        }
        if (badLabelAt >= 0) {
            y[badLabelAt] = CLASSES + 3;
        }
        return new Tensor[] {Tensor.of(x, n, FEATURES), Tensor.of(y, n)};
    }

    private record Run(History history, List<float[]> weights, float[] predictions, int trainingCalls, int steps) {}

    private static Run train(boolean eager, Supplier<Optimizer> optimizer, Object loss) {
        Kiln.setSeed(42);
        Input in = Input.of(FEATURES);
        CountingLayer counter = new CountingLayer();
        Tensor h = new Dense(16, "relu").apply(in);
        h = new Dropout(0.25).apply(h);
        h = counter.apply(h);
        Model m = Model.of(in, new Dense(CLASSES, "softmax").apply(h));
        Compile c = Compile.with(optimizer.get()).metrics("sparse_categorical_accuracy").runEagerly(eager);
        m.compile(loss instanceof Loss l ? c.loss(l) : c.loss((String) loss));
        Tensor[] train = data(200, -1);   // 6 batches of 32 and one of 8 per epoch
        Tensor[] val = data(40, -1);
        History history = m.fit(train[0], train[1], Fit.options().batchSize(32).epochs(4).verbose(0).validationData(val[0], val[1]));
        List<float[]> weights = new ArrayList<>();
        for (Variable v : m.weights()) {
            weights.add(v.toFloatArray());
        }
        float[] p = m.predict(val[0], Predict.options().batchSize(16).verbose(0)).toFloatArray();
        return new Run(history, weights, p, counter.trainingCalls, 4 * 7);
    }

    private static void assertSameRun(Run eager, Run compiled) {
        assertEquals(eager.history().history(), compiled.history().history());
        assertEquals(eager.weights().size(), compiled.weights().size());
        for (int i = 0; i < eager.weights().size(); i++) {
            assertArrayEquals(eager.weights().get(i), compiled.weights().get(i), "weight " + i);
        }
        assertArrayEquals(eager.predictions(), compiled.predictions());
    }

    @Test
    void rmspropWithDropoutMatchesEagerToTheBitAndSkipsTheJavaCode() {
        Run eager = train(true, () -> new RMSprop(1e-2), "sparse_categorical_crossentropy");
        Run compiled = train(false, () -> new RMSprop(1e-2), "sparse_categorical_crossentropy");
        assertSameRun(eager, compiled);
        assertEquals(eager.steps(), eager.trainingCalls(), "eager runs the layer every step");
        // Per epoch: two traced full batches (three in the first, whose first call builds the layers) and the last,
        // smaller batch, which has no trace of its own shape yet.
        assertTrue(compiled.trainingCalls() <= 3 + 4 * 3, "compiled steps replay: " + compiled.trainingCalls() + " calls");
        List<Double> loss = compiled.history().history().get("loss");
        assertTrue(loss.get(3) < loss.get(0), "it learns: " + loss);
    }

    @Test
    void adamWithAScheduleMatchesEager() {
        // Adam's step size changes every step and the schedule decays it: the optimizer runs outside the region.
        Supplier<Optimizer> adam = () -> new Adam(new ExponentialDecay(1e-2, 5, 0.5));
        assertSameRun(train(true, adam, "sparse_categorical_crossentropy"), train(false, adam, "sparse_categorical_crossentropy"));
    }

    @Test
    void aLossThatReadsValuesOnTheHostRunsEagerly() {
        // item() inside the loss: Java code decides from a computed value, so the step cannot be replayed.
        Loss hostReading = Loss.of("host_reading", (yTrue, yPred) -> {
            double scale = yPred.max().item() > 2 ? 0.5 : 1.0;
            return Loss.get("sparse_categorical_crossentropy").compute(yTrue, yPred, null).mul(scale);
        });
        Run eager = train(true, () -> new RMSprop(1e-2), hostReading);
        Run compiled = train(false, () -> new RMSprop(1e-2), hostReading);
        assertSameRun(eager, compiled);
        assertEquals(compiled.steps(), compiled.trainingCalls(), "every step ran its Java code");
    }

    /** A channels-last Conv2D as the output layer: its output is a transpose computed when read, after the step's Java code. */
    private static float[] convPredictions(boolean eager) {
        Kiln.setSeed(5);
        Input in = Input.of(6, 6, 1);
        Model m = Model.of(in, new dev.kiln.layers.Conv2D(2, 3).apply(in));
        m.compile(Compile.with(new RMSprop(1e-2)).loss("mse").runEagerly(eager));
        int n = 40;
        float[] x = new float[n * 36];
        float[] y = new float[n * 4 * 4 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7 % 11) / 11f;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (i * 5 % 13) / 13f;
        }
        Tensor xt = Tensor.of(x, n, 6, 6, 1);
        m.fit(xt, Tensor.of(y, n, 4, 4, 2), Fit.options().batchSize(8).epochs(2).verbose(0));
        return m.predict(xt, Predict.options().batchSize(8).verbose(0)).toFloatArray();
    }

    @Test
    void aModelEndingInAConvolutionCompilesItsLazyOutput() {
        assertArrayEquals(convPredictions(true), convPredictions(false));
    }

    /** Conv2D(relu)-MaxPooling2D twice, then a softmax layer: the compiled step pools before its ReLU. */
    private static Run cnn(boolean eager) {
        Kiln.setSeed(9);
        Input in = Input.of(12, 12, 1);
        Tensor h = new dev.kiln.layers.MaxPooling2D(2).apply(new dev.kiln.layers.Conv2D(4, 3, "relu").apply(in));
        h = new dev.kiln.layers.MaxPooling2D(2).apply(new dev.kiln.layers.Conv2D(4, 2, "relu").apply(h));
        Model m = Model.of(in, new Dense(CLASSES, "softmax").apply(new dev.kiln.layers.Flatten().apply(h)));
        m.compile(Compile.with(new Adam(1e-2)).loss("sparse_categorical_crossentropy").runEagerly(eager));
        int n = 48;
        float[] x = new float[n * 144];
        long[] y = new long[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
        }
        Tensor xt = Tensor.of(x, n, 12, 12, 1);
        History history = m.fit(xt, Tensor.of(y, n), Fit.options().batchSize(8).epochs(3).verbose(0));
        List<float[]> weights = new ArrayList<>();
        for (Variable v : m.weights()) {
            weights.add(v.toFloatArray());
        }
        return new Run(history, weights, m.predict(xt, Predict.options().batchSize(8).verbose(0)).toFloatArray(), 0, 3 * 6);
    }

    @Test
    void convolutionsWithReluAndMaxPoolingMatchEager() {
        assertSameRun(cnn(true), cnn(false));
    }

    @Test
    void badLabelsInALaterBatchStillFailClearly() {
        Kiln.setSeed(1);
        Input in = Input.of(FEATURES);
        Model m = Model.of(in, new Dense(CLASSES, "softmax").apply(in));
        m.compile(Compile.with(new RMSprop(1e-2)).loss("sparse_categorical_crossentropy"));
        Tensor[] d = data(320, 9 * 32 + 5); // the tenth batch, long after the step was compiled
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> m.fit(d[0], d[1], Fit.options().batchSize(32).epochs(1).shuffle(false).verbose(0)));
        assertTrue(e.getMessage().contains("outside the valid range of [0, 4)"), e.getMessage());
    }
}
