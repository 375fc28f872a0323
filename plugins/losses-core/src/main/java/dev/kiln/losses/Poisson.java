package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The Poisson loss between labels (counts) and predicted rates, Keras's {@code keras.losses.Poisson}.
 *
 * <p>Per sample: {@code mean(y_pred - y_true * log(y_pred + 1e-7), axis=-1)}. Registered as {@code core>Poisson} with
 * alias {@code "poisson"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {1, 2}, 1, 2);
 * Tensor yPred = Tensor.of(new float[] {1, 1}, 1, 2);
 * double l = new Poisson().compute(yTrue, yPred, null).item();   // about (1 + 1) / 2 = 1
 * }</pre>
 */
public final class Poisson extends Loss {
    private static final String DEFAULT_NAME = "poisson";

    /** With reduction {@code sum_over_batch_size} and name {@code "poisson"}, Keras's defaults. */
    public Poisson() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public Poisson(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "poisson"} when null */
    public Poisson(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static Poisson fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new Poisson(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        return LossMath.meanPerSample(name(), tp[1].sub(tp[0].mul(tp[1].add(LossMath.EPSILON).log())), -1);
    }
}
