package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The squared hinge loss; labels in {0, 1} are converted to {-1, 1} first, as Keras's {@code keras.losses.SquaredHinge}.
 *
 * <p>Per sample: {@code mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)}. Registered as {@code
 * core>SquaredHinge} with alias {@code "squared_hinge"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1}, 1, 2);          // read as -1, 1
 * Tensor yPred = Tensor.of(new float[] {0.5f, 0.25f}, 1, 2);
 * double l = new SquaredHinge().compute(yTrue, yPred, null).item();   // (2.25 + 0.5625) / 2
 * }</pre>
 */
public final class SquaredHinge extends Loss {
    private static final String DEFAULT_NAME = "squared_hinge";

    /** With reduction {@code sum_over_batch_size} and name {@code "squared_hinge"}, Keras's defaults. */
    public SquaredHinge() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public SquaredHinge(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "squared_hinge"} when null */
    public SquaredHinge(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static SquaredHinge fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new SquaredHinge(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        Tensor t = LossMath.hingeLabels(tp[0]);
        return LossMath.meanPerSample(name(), t.mul(tp[1]).rsub(1.0).maximum(0.0).square(), -1);
    }
}
