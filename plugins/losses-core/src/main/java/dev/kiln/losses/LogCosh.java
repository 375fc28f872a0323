package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Mean of log(cosh(error)), computed stably as x + softplus(-2x) - log 2.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss(new LogCosh()));   // or .loss("log_cosh")
 * }</pre>
 */
public final class LogCosh extends Loss {
    public LogCosh() { super("log_cosh", Reduction.SUM_OVER_BATCH_SIZE); }

    public LogCosh(Reduction reduction) { super("log_cosh", reduction); }

    public LogCosh(Map<String, Object> config) { super(config, "log_cosh"); }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        Tensor x = yPred.sub(t);
        return x.add(x.mul(-2.0).softplus()).sub(Math.log(2)).mean(-1, false);
    }
}
