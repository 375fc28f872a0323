package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The categorical hinge loss for one-hot labels, Keras's {@code keras.losses.CategoricalHinge}.
 *
 * <p>Per sample: {@code maximum(max((1 - y_true) * y_pred, axis=-1) - sum(y_true * y_pred, axis=-1) + 1, 0)}.
 * Registered as {@code core>CategoricalHinge} with alias {@code "categorical_hinge"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1, 0}, 1, 3);
 * Tensor yPred = Tensor.of(new float[] {0.2f, 0.7f, 0.1f}, 1, 3);
 * double l = new CategoricalHinge().compute(yTrue, yPred, null).item();   // max(0.2 - 0.7 + 1, 0) = 0.5
 * }</pre>
 */
public final class CategoricalHinge extends Loss {
    private static final String DEFAULT_NAME = "categorical_hinge";

    /** With reduction {@code sum_over_batch_size} and name {@code "categorical_hinge"}, Keras's defaults. */
    public CategoricalHinge() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public CategoricalHinge(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "categorical_hinge"} when null */
    public CategoricalHinge(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static CategoricalHinge fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new CategoricalHinge(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        Tensor t = tp[0];
        Tensor p = tp[1];
        if (t.mul(p).shape().rank() == 0) {
            return t.rsub(1.0).mul(p).sub(t.mul(p)).add(1.0).maximum(0.0);
        }
        Tensor pos = t.mul(p).sum(-1, false);
        Tensor neg = t.rsub(1.0).mul(p).max(-1, false);
        return neg.sub(pos).add(1.0).maximum(0.0);
    }
}
