package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The negative cosine similarity along {@code axis}: -1 for identical directions, 1 for opposite ones.
 *
 * <pre>{@code
 * Loss cos = new CosineSimilarity(-1);
 * }</pre>
 */
public final class CosineSimilarity extends Loss {
    private final int axis;

    public CosineSimilarity() { this(-1); }

    public CosineSimilarity(int axis) {
        super("cosine_similarity", Reduction.SUM_OVER_BATCH_SIZE);
        this.axis = axis;
    }

    public CosineSimilarity(Map<String, Object> c) {
        super(c, "cosine_similarity");
        this.axis = Configs.integer(c, "axis", -1);
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        return LossMath.l2Normalize(t, axis).mul(LossMath.l2Normalize(yPred, axis)).sum(axis, false).neg();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }
}
