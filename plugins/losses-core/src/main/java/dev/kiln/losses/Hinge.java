package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The hinge loss; labels in {0, 1} are converted to {-1, 1} first, as Keras's {@code keras.losses.Hinge}.
 *
 * <p>Per sample: {@code mean(maximum(1 - y_true * y_pred, 0), axis=-1)}. Registered as {@code core>Hinge} with alias
 * {@code "hinge"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1}, 1, 2);          // read as -1, 1
 * Tensor yPred = Tensor.of(new float[] {0.5f, 0.25f}, 1, 2);
 * double l = new Hinge().compute(yTrue, yPred, null).item();   // (1.5 + 0.75) / 2 = 1.125
 * }</pre>
 */
public final class Hinge extends Loss {
    private static final String DEFAULT_NAME = "hinge";

    /** With reduction {@code sum_over_batch_size} and name {@code "hinge"}, Keras's defaults. */
    public Hinge() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public Hinge(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "hinge"} when null */
    public Hinge(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static Hinge fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new Hinge(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        Tensor t = LossMath.hingeLabels(tp[0]);
        return LossMath.meanPerSample(name(), t.mul(tp[1]).rsub(1.0).maximum(0.0), -1);
    }
}
