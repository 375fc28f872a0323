package dev.kiln.losses;

import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import dev.kiln.losses.internal.LossMath;
import java.util.Map;

/**
 * Cross-entropy between one-hot labels and class probabilities (or logits with {@code fromLogits}).
 *
 * <pre>{@code
 * Loss cce = new CategoricalCrossentropy(false, 0.1);   // with label smoothing
 * }</pre>
 */
public final class CategoricalCrossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;

    public CategoricalCrossentropy() { this(false, 0.0); }

    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        super("categorical_crossentropy", Reduction.SUM_OVER_BATCH_SIZE);
        this.fromLogits = fromLogits;
        this.labelSmoothing = BinaryCrossentropy.checkSmoothing(labelSmoothing);
        this.axis = -1;
    }

    public CategoricalCrossentropy(Map<String, Object> c) {
        super(c, "categorical_crossentropy");
        this.fromLogits = Configs.bool(c, "from_logits", false);
        this.labelSmoothing = BinaryCrossentropy.checkSmoothing(Configs.number(c, "label_smoothing", 0.0));
        this.axis = Configs.integer(c, "axis", -1);
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        if (labelSmoothing > 0) {
            int classes = yPred.shape().dim(axis);
            t = t.mul(1 - labelSmoothing).add(labelSmoothing / classes);
        }
        Tensor logp;
        if (fromLogits) {
            logp = yPred.logSoftmax(axis);
        } else {
            Tensor p = yPred.div(yPred.sum(axis, true));
            logp = p.clip(LossMath.EPSILON, 1 - LossMath.EPSILON).log();
        }
        return t.mul(logp).sum(axis, false).neg();
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
