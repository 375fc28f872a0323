package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Mean of the absolute errors over the last axis.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new MeanAbsoluteError()));   // or .loss("mean_absolute_error")
 * }</pre>
 */
public final class MeanAbsoluteError extends Loss {
    public MeanAbsoluteError() { super("mean_absolute_error", Reduction.SUM_OVER_BATCH_SIZE); }

    public MeanAbsoluteError(Reduction reduction) { super("mean_absolute_error", reduction); }

    public MeanAbsoluteError(Map<String, Object> config) { super(config, "mean_absolute_error"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        return yPred.sub(t).abs().mean(-1, false);
    }
}
