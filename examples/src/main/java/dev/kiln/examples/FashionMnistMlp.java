package dev.kiln.examples;

import dev.kiln.api.Kiln;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.History;
import dev.kiln.api.layers.Input;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Evaluate;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Predict;
import dev.kiln.data.FashionMnist;
import dev.kiln.layers.Dense;
import dev.kiln.optimizers.RMSprop;
import java.util.Arrays;
import java.util.Map;

/**
 * The end-to-end example of the Keras guide "Training &amp; evaluation with the built-in methods", on
 * Fashion-MNIST: the last 10k training images are held out for validation, the MLP
 * {@code 784 → Dense(64, relu) → Dense(64, relu) → Dense(10, softmax)} trains for 2 epochs with RMSprop at
 * batch 64, is evaluated on the test set at batch 128, and predicts 3 samples.
 *
 * <p>Run: {@code ./kiln-example} (or {@code mvn -q -pl examples exec:java}). Options (system properties):
 * {@code kiln.epochs} (2), {@code kiln.trainLimit} / {@code kiln.testLimit} (all), {@code kiln.seed} (42).
 */
public final class FashionMnistMlp {
    private FashionMnistMlp() {}

    /** What one run produced. */
    public record Result(History history, Map<String, Double> test, Tensor predictions, double secondsPerEpoch) {}

    public static void main(String[] args) {
        int epochs = Integer.getInteger("kiln.epochs", 2);
        int trainLimit = Integer.getInteger("kiln.trainLimit", 60_000);
        int testLimit = Integer.getInteger("kiln.testLimit", 10_000);
        Result r = run(epochs, trainLimit, testLimit, Long.getLong("kiln.seed", 42L), 1);
        System.out.printf("Test results: %s%n", r.test());
        System.out.printf("Seconds per epoch: %.2f (backend %s)%n", r.secondsPerEpoch(), Kiln.backendName());
        float[] p = r.predictions().toFloatArray();
        for (int i = 0; i < r.predictions().shape().dim(0); i++) {
            float[] row = Arrays.copyOfRange(p, i * 10, i * 10 + 10);
            int best = 0;
            for (int k = 1; k < 10; k++) {
                best = row[k] > row[best] ? k : best;
            }
            System.out.printf("Prediction %d: class %d (%s), p=%.3f%n", i, best, FashionMnist.CLASS_NAMES.get(best), row[best]);
        }
    }

    /** The guide's MLP (the benchmark's W1), uncompiled: {@code 784 → Dense(64, relu) → Dense(64, relu) → Dense(10, softmax)}. */
    public static Model model() {
        Input inputs = Input.of(784).named("digits");
        Tensor x = new Dense(64, "relu").named("dense_1").apply(inputs);
        x = new Dense(64, "relu").named("dense_2").apply(x);
        return Model.of(inputs, new Dense(10, "softmax").named("predictions").apply(x));
    }

    /** Loads the data, builds, trains, evaluates and predicts. */
    public static Result run(int epochs, int trainLimit, int testLimit, long seed, int verbose) {
        Kiln.setSeed(seed);
        FashionMnist data = FashionMnist.load(trainLimit, testLimit);
        int n = data.xTrain().shape().dim(0);
        int valCount = Math.min(10_000, n / 6);
        // Reserve the last samples for validation, as the guide does with x_train[-10000:].
        Tensor xTrain = data.xTrain().slice(0, 0, n - valCount);
        Tensor yTrain = data.yTrain().slice(0, 0, n - valCount);
        Tensor xVal = data.xTrain().slice(0, n - valCount, n);
        Tensor yVal = data.yTrain().slice(0, n - valCount, n);

        Model model = model();
        if (verbose > 0) {
            System.out.print(model.summary());
        }

        model.compile(Compile.with(new RMSprop(1e-3))
                .loss("sparse_categorical_crossentropy")
                .metrics("sparse_categorical_accuracy"));

        long t0 = System.nanoTime();
        History history = model.fit(xTrain, yTrain, Fit.options()
                .batchSize(64).epochs(epochs).verbose(verbose)
                .validationData(xVal, yVal));
        double secondsPerEpoch = (System.nanoTime() - t0) / 1e9 / epochs;

        if (verbose > 0) {
            System.out.println("Evaluate on test data");
        }
        Map<String, Double> test = model.evaluate(data.xTest(), data.yTest(), Evaluate.options().batchSize(128).verbose(verbose));
        if (verbose > 0) {
            System.out.println("Generate predictions for 3 samples");
        }
        Tensor predictions = model.predict(data.xTest().slice(0, 0, 3), Predict.options().verbose(verbose));
        return new Result(history, test, predictions, secondsPerEpoch);
    }
}
