package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Mean of the squared errors over the last axis.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new MeanSquaredError()));   // or .loss("mean_squared_error")
 * }</pre>
 */
public final class MeanSquaredError extends Loss {
    public MeanSquaredError() { super("mean_squared_error", Reduction.SUM_OVER_BATCH_SIZE); }

    public MeanSquaredError(Reduction reduction) { super("mean_squared_error", reduction); }

    public MeanSquaredError(Map<String, Object> config) { super(config, "mean_squared_error"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        return yPred.sub(t).square().mean(-1, false);
    }
}
