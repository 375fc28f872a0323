package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Kullback-Leibler divergence sum(t * log(t / p)), both clipped to [epsilon, 1].
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new KLDivergence()));   // or .loss("kl_divergence")
 * }</pre>
 */
public final class KLDivergence extends Loss {
    public KLDivergence() { super("kl_divergence", Reduction.SUM_OVER_BATCH_SIZE); }

    public KLDivergence(Reduction reduction) { super("kl_divergence", reduction); }

    public KLDivergence(Map<String, Object> config) { super(config, "kl_divergence"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        Tensor tc = t.clip(LossMath.EPSILON, 1);
        Tensor pc = yPred.clip(LossMath.EPSILON, 1);
        return tc.mul(tc.div(pc).log()).sum(-1, false);
    }
}
