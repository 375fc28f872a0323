package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Poisson loss: mean(p - t * log(p + epsilon)).
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new Poisson()));   // or .loss("poisson")
 * }</pre>
 */
public final class Poisson extends Loss {
    public Poisson() { super("poisson", Reduction.SUM_OVER_BATCH_SIZE); }

    public Poisson(Reduction reduction) { super("poisson", reduction); }

    public Poisson(Map<String, Object> config) { super(config, "poisson"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        return yPred.sub(t.mul(yPred.add(LossMath.EPSILON).log())).mean(-1, false);
    }
}
