package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Binary cross-entropy between labels in [0, 1] and predicted probabilities (or logits with {@code fromLogits}),
 * Keras's {@code keras.losses.BinaryCrossentropy}.
 *
 * <p>Per sample: the mean over {@code axis} of {@code -(t log p + (1 - t) log(1 - p))} with {@code p} clipped to
 * {@code [1e-7, 1 - 1e-7]}; from logits {@code x} the stable {@code max(x, 0) - x t + log(1 + exp(-|x|))}. With
 * {@code labelSmoothing = s} the labels become {@code t (1 - s) + s / 2}. Targets must have the predictions'
 * shape, give or take a trailing 1; predictions of shape {@code (batch,)} give one value per sample.
 * Registered as {@code core>BinaryCrossentropy} with aliases {@code "binary_crossentropy"}, {@code "bce"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1, 0, 0}, 2, 2);
 * Tensor logits = Tensor.of(new float[] {-18.6f, 0.51f, 2.94f, -12.8f}, 2, 2);
 * double l = new BinaryCrossentropy(true).compute(yTrue, logits, null).item();   // 0.8654, as in Keras's docs
 * }</pre>
 */
public final class BinaryCrossentropy extends Loss {
    private static final String DEFAULT_NAME = "binary_crossentropy";
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;

    /** Probabilities, no label smoothing, axis -1: Keras's defaults. */
    public BinaryCrossentropy() { this(false); }

    public BinaryCrossentropy(boolean fromLogits) { this(fromLogits, 0.0); }

    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(fromLogits, labelSmoothing, -1, Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss name, {@code "binary_crossentropy"} when null */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing, int axis, Reduction reduction, String name) {
        super(LossMath.orDefault(name, DEFAULT_NAME), reduction);
        this.fromLogits = fromLogits;
        this.labelSmoothing = LossMath.checkSmoothing(DEFAULT_NAME, labelSmoothing);
        this.axis = axis;
    }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name, reduction, from_logits, label_smoothing, axis}. */
    public static BinaryCrossentropy fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME, "from_logits", "label_smoothing", "axis");
        return new BinaryCrossentropy(Configs.bool(config, "from_logits", false), Configs.number(config, "label_smoothing", 0.0),
                Configs.integer(config, "axis", -1), LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    public boolean fromLogits() { return fromLogits; }

    public double labelSmoothing() { return labelSmoothing; }

    public int axis() { return axis; }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = LossMath.sameShape(name(), yTrue, yPred);
        Tensor t = tp[0];
        Tensor x = tp[1];
        if (labelSmoothing > 0) {
            t = t.mul(1.0 - labelSmoothing).add(0.5 * labelSmoothing);
        }
        Tensor ce;
        if (fromLogits) {
            // TensorFlow's form: both branches chosen by x >= 0, so the gradient at x = 0 is sigmoid(0) - t as well
            Tensor nonNegative = x.greaterEqual(Tensor.scalar(0, x.dtype()));
            Tensor relu = Tensor.where(nonNegative, x, Tensor.scalar(0, x.dtype()));
            Tensor negAbs = Tensor.where(nonNegative, x.neg(), x);
            ce = relu.sub(x.mul(t)).add(negAbs.softplus());
        } else {
            Tensor p = x.clip(LossMath.EPSILON, 1.0 - LossMath.EPSILON);
            ce = t.mul(p.log()).add(t.rsub(1.0).mul(p.rsub(1.0).log())).neg();
        }
        return LossMath.meanPerSample(name(), ce, axis);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", axis);
        return c;
    }
}
