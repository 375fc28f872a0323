package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The mean of absolute differences between labels and predictions, Keras's {@code keras.losses.MeanAbsoluteError}.
 *
 * <p>Per sample: {@code mean(abs(y_true - y_pred), axis=-1)}. Registered as {@code core>MeanAbsoluteError} with
 * aliases {@code "mean_absolute_error"}, {@code "mae"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1, 1, 0}, 2, 2);
 * Tensor yPred = Tensor.of(new float[] {0.5f, 0.5f, 0.8f, 0.4f}, 2, 2);
 * double l = new MeanAbsoluteError().compute(yTrue, yPred, null).item();   // (0.5 + 0.3) / 2 = 0.4
 * Loss same = Loss.get("mae");
 * }</pre>
 */
public final class MeanAbsoluteError extends Loss {
    private static final String DEFAULT_NAME = "mean_absolute_error";

    /** With reduction {@code sum_over_batch_size} and name {@code "mean_absolute_error"}, Keras's defaults. */
    public MeanAbsoluteError() { this(Reduction.SUM_OVER_BATCH_SIZE, null); }

    public MeanAbsoluteError(Reduction reduction) { this(reduction, null); }

    /** @param name the loss name, {@code "mean_absolute_error"} when null */
    public MeanAbsoluteError(Reduction reduction, String name) { super(LossMath.orDefault(name, DEFAULT_NAME), reduction); }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}. */
    public static MeanAbsoluteError fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME);
        return new MeanAbsoluteError(LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        return LossMath.meanPerSample(name(), tp[0].sub(tp[1]).abs(), -1);
    }
}
