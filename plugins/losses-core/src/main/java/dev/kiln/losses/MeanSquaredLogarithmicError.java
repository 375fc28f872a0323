package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Mean squared difference of log(1 + x), values clamped at epsilon.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new MeanSquaredLogarithmicError()));   // or .loss("mean_squared_logarithmic_error")
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends Loss {
    public MeanSquaredLogarithmicError() { super("mean_squared_logarithmic_error", Reduction.SUM_OVER_BATCH_SIZE); }

    public MeanSquaredLogarithmicError(Reduction reduction) { super("mean_squared_logarithmic_error", reduction); }

    public MeanSquaredLogarithmicError(Map<String, Object> config) { super(config, "mean_squared_logarithmic_error"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        return yPred.maximum(LossMath.EPSILON).add(1.0).log().sub(t.maximum(LossMath.EPSILON).add(1.0).log()).square().mean(-1, false);
    }
}
