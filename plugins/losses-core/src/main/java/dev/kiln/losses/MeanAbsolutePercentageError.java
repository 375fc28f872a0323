package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The mean absolute percentage error between labels and predictions, Keras's {@code
 * keras.losses.MeanAbsolutePercentageError}.
 *
 * <p>Per sample: {@code 100 * mean(abs((y_true - y_pred) / maximum(abs(y_true), 1e-7)), axis=-1)}. Registered as
 * {@code core>MeanAbsolutePercentageError} with aliases {@code "mean_absolute_percentage_error"}, {@code "mape"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {2, 4}, 1, 2);
 * Tensor yPred = Tensor.of(new float[] {1, 5}, 1, 2);
 * double l = new MeanAbsolutePercentageError().compute(yTrue, yPred, null).item();   // 100 * (0.5 + 0.25) / 2 = 37.5
 * Loss same = Loss.get("mape");
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends Loss {
    private static final String DEFAULT_NAME = "mean_absolute_percentage_error";

    /** With reduction {@code sum_over_batch_size} and name {@code "mean_absolute_percentage_error"}, Keras's defaults. */
    public MeanAbsolutePercentageError() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public MeanAbsolutePercentageError(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "mean_absolute_percentage_error"} when null */
    public MeanAbsolutePercentageError(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static MeanAbsolutePercentageError fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new MeanAbsolutePercentageError(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        Tensor diff = tp[0].sub(tp[1]).div(tp[0].abs().maximum(LossMath.EPSILON)).abs();
        return LossMath.meanPerSample(name(), diff, -1).mul(100.0);
    }
}
