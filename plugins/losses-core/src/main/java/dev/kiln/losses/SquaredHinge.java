package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Squared hinge loss mean(max(1 - t * p, 0)^2); labels in {0, 1} are converted to {-1, 1}.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new SquaredHinge()));   // or .loss("squared_hinge")
 * }</pre>
 */
public final class SquaredHinge extends Loss {
    public SquaredHinge() { super("squared_hinge", Reduction.SUM_OVER_BATCH_SIZE); }

    public SquaredHinge(Reduction reduction) { super("squared_hinge", reduction); }

    public SquaredHinge(Map<String, Object> config) { super(config, "squared_hinge"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        return LossMath.hingeLabels(t).mul(yPred).rsub(1.0).maximum(0.0).square().mean(-1, false);
    }
}
