package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The mean of squares of errors between labels and predictions, Keras's {@code keras.losses.MeanSquaredError}.
 *
 * <p>Per sample: {@code mean(square(y_true - y_pred), axis=-1)}. Registered as {@code core>MeanSquaredError} with
 * aliases {@code "mean_squared_error"}, {@code "mse"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1, 1, 0}, 2, 2);
 * Tensor yPred = Tensor.of(new float[] {0.5f, 0.5f, 0.8f, 0.4f}, 2, 2);
 * double l = new MeanSquaredError().compute(yTrue, yPred, null).item();   // (0.25 + 0.1) / 2 = 0.175
 * Loss same = Loss.get("mse");
 * }</pre>
 */
public final class MeanSquaredError extends Loss {
    private static final String DEFAULT_NAME = "mean_squared_error";

    /** With reduction {@code sum_over_batch_size} and name {@code "mean_squared_error"}, Keras's defaults. */
    public MeanSquaredError() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public MeanSquaredError(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "mean_squared_error"} when null */
    public MeanSquaredError(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static MeanSquaredError fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new MeanSquaredError(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        return LossMath.meanPerSample(name(), tp[0].sub(tp[1]).square(), -1);
    }
}
