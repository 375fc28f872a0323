package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The Kullback-Leibler divergence between label and predicted distributions, both clipped to {@code [1e-7, 1]};
 * Keras's {@code keras.losses.KLDivergence}.
 *
 * <p>Per sample: {@code sum(y_true * log(y_true / y_pred), axis=-1)}. Registered as {@code core>KLDivergence} with
 * aliases {@code "kl_divergence"}, {@code "kld"}, {@code "kullback_leibler_divergence"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0.5f, 0.5f}, 1, 2);
 * Tensor yPred = Tensor.of(new float[] {0.25f, 0.75f}, 1, 2);
 * double l = new KLDivergence().compute(yTrue, yPred, null).item();   // 0.5 log 2 + 0.5 log(2/3)
 * Loss same = Loss.get("kld");
 * }</pre>
 */
public final class KLDivergence extends Loss {
    private static final String DEFAULT_NAME = "kl_divergence";

    /** With reduction {@code sum_over_batch_size} and name {@code "kl_divergence"}, Keras's defaults. */
    public KLDivergence() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public KLDivergence(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "kl_divergence"} when null */
    public KLDivergence(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static KLDivergence fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new KLDivergence(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        Tensor t = tp[0].clip(LossMath.EPSILON, 1.0);
        Tensor p = tp[1].clip(LossMath.EPSILON, 1.0);
        Tensor v = t.mul(t.div(p).log());
        return v.shape().rank() == 0 ? v : v.sum(-1, false);
    }
}
