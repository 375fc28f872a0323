package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The negative cosine similarity along {@code axis}, Keras's {@code keras.losses.CosineSimilarity}: -1 for the same
 * direction, 0 for orthogonal vectors (or a zero vector), 1 for opposite directions.
 *
 * <p>Per sample: {@code -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)} where
 * {@code l2_normalize(x) = x / maximum(||x||, 1e-7)}. Registered as {@code core>CosineSimilarity} with alias
 * {@code "cosine_similarity"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1, 1, 1, 1, 1}, 3, 2);
 * Tensor yPred = Tensor.of(new float[] {1, 0, 1, 1, -1, -1}, 3, 2);
 * Tensor perSample = new CosineSimilarity(-1, Reduction.NONE, null).compute(yTrue, yPred, null);   // [0, -1, 1]
 * }</pre>
 */
public final class CosineSimilarity extends Loss {
    private static final String DEFAULT_NAME = "cosine_similarity";
    private final int axis;

    /** Along the last axis, Keras's default. */
    public CosineSimilarity() { this(-1); }

    public CosineSimilarity(int axis) { this(axis, Reduction.SUM_OVER_BATCH_SIZE, null); }

    /** @param name the loss name, {@code "cosine_similarity"} when null */
    public CosineSimilarity(int axis, Reduction reduction, String name) {
        super(LossMath.orDefault(name, DEFAULT_NAME), reduction);
        this.axis = axis;
    }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}, {@code axis}. */
    public static CosineSimilarity fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME, "axis");
        return new CosineSimilarity(Configs.integer(config, "axis", -1), LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    public int axis() { return axis; }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        Tensor t = tp[0];
        Tensor p = tp[1];
        if (p.shape().rank() == 0) {
            t = t.reshape(1);
            p = p.reshape(1);
        }
        int a = LossMath.checkAxis(name(), axis, p.shape().rank());
        return LossMath.l2Normalize(t, a).mul(LossMath.l2Normalize(p, a)).sum(a, false).neg();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }
}
