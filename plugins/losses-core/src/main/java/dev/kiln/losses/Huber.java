package dev.kiln.losses;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * The Huber loss, Keras's {@code keras.losses.Huber}: quadratic for errors up to {@code delta}, linear beyond.
 *
 * <p>Per sample: {@code mean(where(|e| <= delta, 0.5 * e^2, delta * |e| - 0.5 * delta^2), axis=-1)} with
 * {@code e = y_pred - y_true}. Registered as {@code core>Huber} with aliases {@code "huber"}, {@code "huber_loss"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor yPred = Tensor.of(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);
 * double l = new Huber().compute(yTrue, yPred, null).item();        // 0.155, as in Keras's docs
 * Loss robust = new Huber(0.5);
 * }</pre>
 */
public final class Huber extends Loss {
    private static final String DEFAULT_NAME = "huber_loss";
    private final double delta;

    /** {@code delta = 1.0}, Keras's default. */
    public Huber() { this(1.0); }

    public Huber(double delta) { this(delta, Reduction.SUM_OVER_BATCH_SIZE, null); }

    /** @param name the loss name, {@code "huber_loss"} when null */
    public Huber(double delta, Reduction reduction, String name) {
        super(LossMath.orDefault(name, DEFAULT_NAME), reduction);
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new InvalidArgumentException(KilnException.message("Loss `huber_loss`: invalid delta.", "a positive finite number",
                    delta, "pass e.g. delta=1.0"));
        }
        this.delta = delta;
    }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name}, {@code reduction}, {@code delta}. */
    public static Huber fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME, "delta");
        return new Huber(Configs.number(config, "delta", 1.0), LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    public double delta() { return delta; }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.broadcastable(name(), yTrue, yPred);
        Tensor err = tp[1].sub(tp[0]).abs();
        // 0.5 * min(|e|, d)^2 + d * (|e| - min(|e|, d)) equals Keras's where(...) on both sides of delta
        Tensor quadratic = err.minimum(delta);
        Tensor linear = err.sub(quadratic);
        return LossMath.meanPerSample(name(), quadratic.square().mul(0.5).add(linear.mul(delta)), -1);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("delta", delta);
        return c;
    }
}
