package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The mean squared logarithmic error between labels and predictions, Keras's {@code
 * keras.losses.MeanSquaredLogarithmicError}.
 *
 * <p>Per sample: {@code mean(square(log(maximum(y_pred, 1e-7) + 1) - log(maximum(y_true, 1e-7) + 1)), axis=-1)}.
 * Registered as {@code core>MeanSquaredLogarithmicError} with aliases {@code "mean_squared_logarithmic_error"},
 * {@code "msle"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1}, 1, 2);
 * Tensor yPred = Tensor.of(new float[] {1, 1}, 1, 2);
 * double l = new MeanSquaredLogarithmicError().compute(yTrue, yPred, null).item();   // log(2)^2 / 2
 * Loss same = Loss.get("msle");
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends Loss {
    private static final String DEFAULT_NAME = "mean_squared_logarithmic_error";

    /** With reduction {@code sum_over_batch_size} and name {@code "mean_squared_logarithmic_error"}, Keras's defaults. */
    public MeanSquaredLogarithmicError() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public MeanSquaredLogarithmicError(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "mean_squared_logarithmic_error"} when null */
    public MeanSquaredLogarithmicError(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static MeanSquaredLogarithmicError fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new MeanSquaredLogarithmicError(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        Tensor first = tp[1].maximum(LossMath.EPSILON).add(1.0).log();
        Tensor second = tp[0].maximum(LossMath.EPSILON).add(1.0).log();
        return LossMath.meanPerSample(name(), first.sub(second).square(), -1);
    }
}
