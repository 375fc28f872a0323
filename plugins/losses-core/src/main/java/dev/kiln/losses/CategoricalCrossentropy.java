package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Cross-entropy between one-hot (or soft) labels and class probabilities (or logits with {@code fromLogits}),
 * Keras's {@code keras.losses.CategoricalCrossentropy}.
 *
 * <p>Per sample: {@code -sum(t * log p, axis)} where {@code p = y_pred / sum(y_pred, axis)} clipped to
 * {@code [1e-7, 1 - 1e-7]}, or {@code log p = logSoftmax(y_pred, axis)} from logits. With {@code labelSmoothing = s}
 * the labels become {@code t (1 - s) + s / classes}. Labels must have the predictions' shape; integer class indices
 * need {@link SparseCategoricalCrossentropy}. Registered as {@code core>CategoricalCrossentropy} with alias
 * {@code "categorical_crossentropy"}.
 *
 * <pre>{@code
 * Tensor yTrue = Tensor.of(new float[] {0, 1, 0, 0, 0, 1}, 2, 3);
 * Tensor yPred = Tensor.of(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
 * double l = new CategoricalCrossentropy().compute(yTrue, yPred, null).item();   // 1.177, as in Keras's docs
 * Loss smoothed = new CategoricalCrossentropy(true, 0.1);                         // logits, label smoothing 0.1
 * }</pre>
 */
public final class CategoricalCrossentropy extends Loss {
    private static final String DEFAULT_NAME = "categorical_crossentropy";
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;

    /** Probabilities, no label smoothing, axis -1: Keras's defaults. */
    public CategoricalCrossentropy() { this(false); }

    public CategoricalCrossentropy(boolean fromLogits) { this(fromLogits, 0.0); }

    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(fromLogits, labelSmoothing, -1, Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss name, {@code "categorical_crossentropy"} when null */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing, int axis, Reduction reduction, String name) {
        super(LossMath.orDefault(name, DEFAULT_NAME), reduction);
        this.fromLogits = fromLogits;
        this.labelSmoothing = LossMath.checkSmoothing(DEFAULT_NAME, labelSmoothing);
        this.axis = axis;
    }

    /** Builds the loss from {@link #getConfig()}'s keys: {@code name, reduction, from_logits, label_smoothing, axis}. */
    public static CategoricalCrossentropy fromConfig(Map<String, Object> config) {
        LossMath.checkKeys(config, DEFAULT_NAME, "from_logits", "label_smoothing", "axis");
        return new CategoricalCrossentropy(Configs.bool(config, "from_logits", false), Configs.number(config, "label_smoothing", 0.0),
                Configs.integer(config, "axis", -1), LossMath.reduction(config), LossMath.name(config, DEFAULT_NAME));
    }

    public boolean fromLogits() { return fromLogits; }

    public double labelSmoothing() { return labelSmoothing; }

    public int axis() { return axis; }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        if (yPred.shape().rank() == 0) {
            throw LossMath.mismatch(name(), yTrue.shape(), yPred.shape(), "predictions of shape (batch, classes)");
        }
        Tensor[] tp = LossMath.sameShape(name(), yTrue, yPred);
        Tensor t = tp[0];
        Tensor x = tp[1];
        int a = LossMath.checkAxis(name(), axis, x.shape().rank());
        if (labelSmoothing > 0) {
            // Keras smooths over the last axis's size whatever `axis` is
            t = t.mul(1.0 - labelSmoothing).add(labelSmoothing / t.shape().dim(-1));
        }
        Tensor logp;
        Tensor logits = fromLogits ? x : x == yPred ? KilnRuntime.get().softmaxLogits(yPred, a) : null;
        if (logits != null) {
            // From logits also when yPred is a softmax's output, as Keras does (its `_keras_logits`).
            logp = logits.logSoftmax(a);
        } else {
            logp = x.div(x.sum(a, true)).clip(LossMath.EPSILON, 1.0 - LossMath.EPSILON).log();
        }
        return t.mul(logp).sum(a, false).neg();
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
