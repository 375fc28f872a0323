package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * 100 times the mean absolute error relative to the target (targets near 0 are clamped to epsilon).
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new MeanAbsolutePercentageError()));   // or .loss("mean_absolute_percentage_error")
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends Loss {
    public MeanAbsolutePercentageError() { super("mean_absolute_percentage_error", Reduction.SUM_OVER_BATCH_SIZE); }

    public MeanAbsolutePercentageError(Reduction reduction) { super("mean_absolute_percentage_error", reduction); }

    public MeanAbsolutePercentageError(Map<String, Object> config) { super(config, "mean_absolute_percentage_error"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        return t.sub(yPred).div(t.abs().maximum(LossMath.EPSILON)).abs().mean(-1, false).mul(100.0);
    }
}
