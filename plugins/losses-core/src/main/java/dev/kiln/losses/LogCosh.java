package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The logarithm of the hyperbolic cosine of the prediction error, Keras's {@code keras.losses.LogCosh}.
 *
 * <p>Per sample: {@code mean(x + softplus(-2 * x) - log(2), axis=-1)} with {@code x = y_pred - y_true}. Registered as
 * {@code core>LogCosh} with aliases {@code "log_cosh"}, {@code "logcosh"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensor.of(new float[] {1, 1, 0, 0}, 2, 2);
 * double l = new LogCosh().compute(yTrue, yPred, null).item();   // log(cosh(1)) / 4 = 0.108
 * }</pre>
 */
public final class LogCosh extends Loss {
    private static final String DEFAULT_NAME = "log_cosh";

    /** With reduction {@code sum_over_batch_size} and name {@code "log_cosh"}, Keras's defaults. */
    public LogCosh() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public LogCosh(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "log_cosh"} when null */
    public LogCosh(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static LogCosh fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new LogCosh(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        Tensor x = tp[1].sub(tp[0]);
        return LossMath.meanPerSample(name(), x.add(x.mul(-2.0).softplus()).sub(Math.log(2.0)), -1);
    }
}
