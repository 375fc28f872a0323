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
 * Binary cross-entropy between labels in [0, 1] and probabilities (or logits with {@code fromLogits}).
 *
 * <pre>{@code
 * Loss bce = new BinaryCrossentropy(true, 0.0);   // predictions are logits
 * }</pre>
 */
public final class BinaryCrossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;

    public BinaryCrossentropy() { this(false, 0.0); }

    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        super("binary_crossentropy", Reduction.SUM_OVER_BATCH_SIZE);
        this.fromLogits = fromLogits;
        this.labelSmoothing = checkSmoothing(labelSmoothing);
        this.axis = -1;
    }

    public BinaryCrossentropy(Map<String, Object> c) {
        super(c, "binary_crossentropy");
        this.fromLogits = Configs.bool(c, "from_logits", false);
        this.labelSmoothing = checkSmoothing(Configs.number(c, "label_smoothing", 0.0));
        this.axis = Configs.integer(c, "axis", -1);
    }

    static double checkSmoothing(double s) {
        if (!(s >= 0 && s <= 1)) {
            throw new InvalidArgumentException(KilnException.message("Invalid label_smoothing.", "a number in [0, 1]", s, null));
        }
        return s;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor t = LossMath.matchShape(name(), yTrue, yPred);
        if (labelSmoothing > 0) {
            t = t.mul(1 - labelSmoothing).add(0.5 * labelSmoothing);
        }
        Tensor ce;
        if (fromLogits) {
            ce = yPred.relu().sub(yPred.mul(t)).add(yPred.abs().neg().exp().add(1.0).log());
        } else {
            Tensor p = yPred.clip(LossMath.EPSILON, 1 - LossMath.EPSILON);
            ce = t.mul(p.log()).add(t.rsub(1.0).mul(p.rsub(1.0).log())).neg();
        }
        return ce.shape().rank() == 0 ? ce : ce.mean(axis, false);
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
