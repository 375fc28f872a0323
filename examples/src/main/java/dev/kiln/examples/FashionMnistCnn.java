package dev.kiln.examples;

import dev.kiln.api.Kiln;
import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.History;
import dev.kiln.api.layers.Input;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Evaluate;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.data.FashionMnist;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.MaxPooling2D;
import dev.kiln.optimizers.Adam;
import java.util.Map;

/**
 * A small convolutional network on Fashion-MNIST images, the benchmark's W2:
 * {@code (28, 28, 1) → Conv2D(32, 3, relu) → MaxPooling2D(2) → Conv2D(64, 3, relu) → MaxPooling2D(2) → Flatten →
 * Dense(128, relu) → Dense(10, softmax)}, Adam at batch 128, the last 10k training images held out for validation.
 *
 * <p>Run: {@code mvn -q -pl examples exec:exec -Dkiln.main=dev.kiln.examples.FashionMnistCnn}. Options (system
 * properties): {@code kiln.epochs} (1), {@code kiln.trainLimit} / {@code kiln.testLimit} (all), {@code kiln.seed} (42).
 */
public final class FashionMnistCnn {
    private FashionMnistCnn() {}

    /** What one run produced. */
    public record Result(History history, Map<String, Double> test, double secondsPerEpoch) {}

    public static void main(String[] args) {
        Result r = run(Integer.getInteger("kiln.epochs", 1), Integer.getInteger("kiln.trainLimit", 60_000),
                Integer.getInteger("kiln.testLimit", 10_000), Long.getLong("kiln.seed", 42L), 1);
        System.out.printf("Test results: %s%n", r.test());
        System.out.printf("Seconds per epoch: %.2f (backend %s)%n", r.secondsPerEpoch(), Kiln.backendName());
    }

    /** The W2 model, uncompiled. */
    public static Model model() {
        Input images = Input.of(28, 28, 1).named("images");
        Tensor x = new Conv2D(32, 3, "relu").apply(images);
        x = new MaxPooling2D(2).apply(x);
        x = new Conv2D(64, 3, "relu").apply(x);
        x = new MaxPooling2D(2).apply(x);
        x = new Flatten().apply(x);
        x = new Dense(128, "relu").apply(x);
        return Model.of(images, new Dense(10, "softmax").named("predictions").apply(x));
    }

    /** Loads the images, trains, evaluates. */
    public static Result run(int epochs, int trainLimit, int testLimit, long seed, int verbose) {
        Kiln.setSeed(seed);
        FashionMnist data = FashionMnist.load(FashionMnist.defaultDir(), trainLimit, testLimit, FashionMnist.Layout.IMAGES);
        int n = data.xTrain().shape().dim(0);
        int valCount = Math.min(10_000, n / 6);
        Model model = model();
        if (verbose > 0) {
            System.out.print(model.summary());
        }
        model.compile(Compile.with(new Adam(1e-3)).loss("sparse_categorical_crossentropy").metrics("sparse_categorical_accuracy"));
        long t0 = System.nanoTime();
        History history = model.fit(data.xTrain().slice(0, 0, n - valCount), data.yTrain().slice(0, 0, n - valCount),
                Fit.options().batchSize(128).epochs(epochs).verbose(verbose)
                        .validationData(data.xTrain().slice(0, n - valCount, n), data.yTrain().slice(0, n - valCount, n)));
        double secondsPerEpoch = (System.nanoTime() - t0) / 1e9 / epochs;
        Map<String, Double> test = model.evaluate(data.xTest(), data.yTest(), Evaluate.options().batchSize(256).verbose(verbose));
        return new Result(history, test, secondsPerEpoch);
    }
}
