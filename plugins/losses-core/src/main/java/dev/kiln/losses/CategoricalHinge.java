package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Categorical hinge: max(max((1 - t) * p) - sum(t * p) + 1, 0) with one-hot labels.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new CategoricalHinge()));   // or .loss("categorical_hinge")
 * }</pre>
 */
public final class CategoricalHinge extends Loss {
    public CategoricalHinge() { super("categorical_hinge", Reduction.SUM_OVER_BATCH_SIZE); }

    public CategoricalHinge(Reduction reduction) { super("categorical_hinge", reduction); }

    public CategoricalHinge(Map<String, Object> config) { super(config, "categorical_hinge"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        Tensor pos = t.mul(yPred).sum(-1, false);
        Tensor neg = t.rsub(1.0).mul(yPred).max(-1, false);
        return neg.sub(pos).add(1.0).maximum(0.0);
    }
}
