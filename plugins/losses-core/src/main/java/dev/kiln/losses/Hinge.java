package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Hinge loss mean(max(1 - t * p, 0)); labels in {0, 1} are converted to {-1, 1}.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new Hinge()));   // or .loss("hinge")
 * }</pre>
 */
public final class Hinge extends Loss {
    public Hinge() { super("hinge", Reduction.SUM_OVER_BATCH_SIZE); }

    public Hinge(Reduction reduction) { super("hinge", reduction); }

    public Hinge(Map<String, Object> config) { super(config, "hinge"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        return LossMath.hingeLabels(t).mul(yPred).rsub(1.0).maximum(0.0).mean(-1, false);
    }
}
