package dev.kiln.losses;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.Configs;
import dev.kiln.losses.internal.LossMath;
import java.util.Arrays;
import java.util.Map;

/**
 * Cross-entropy between integer class labels ({@code (batch,)} or {@code (batch, 1)}) and class probabilities
 * (or logits with {@code fromLogits}). Labels outside {@code [0, classes)} are rejected with a clear error.
 *
 * <pre>{@code
 * model.compile(Compile.with("rmsprop").loss(new SparseCategoricalCrossentropy(true)));
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends Loss {
    private final boolean fromLogits;
    private final Integer ignoreClass;

    public SparseCategoricalCrossentropy() { this(false); }

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        super("sparse_categorical_crossentropy", Reduction.SUM_OVER_BATCH_SIZE);
        this.fromLogits = fromLogits;
        this.ignoreClass = null;
    }

    public SparseCategoricalCrossentropy(Map<String, Object> c) {
        super(c, "sparse_categorical_crossentropy");
        this.fromLogits = Configs.bool(c, "from_logits", false);
        this.ignoreClass = c.get("ignore_class") == null ? null : Configs.integer(c, "ignore_class", 0);
    }

    @Override
    protected boolean takesIntegerLabels() { return true; }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        int rank = yPred.shape().rank();
        if (rank < 1) {
            throw new ShapeMismatchException(KilnException.message("Loss `" + name() + "` needs class scores.",
                    "predictions of shape (batch, classes)", yPred.shape(), null));
        }
        int classes = yPred.shape().dim(-1);
        long samples = yPred.shape().size() / Math.max(1, classes);
        if (yTrue.shape().size() != samples) {
            throw new ShapeMismatchException(KilnException.message("Loss `" + name() + "`: one integer label per sample is needed.",
                    "one class index per sample (" + samples + " labels)",
                    yTrue.shape(), yTrue.shape().equals(yPred.shape())
                            ? "the labels look one-hot encoded: use categorical_crossentropy" : "pass class indices"));
        }
        long[] labels = yTrue.cast(DType.INT64).toLongArray();
        double[] raw = yTrue.dtype().isFloating() ? yTrue.toDoubleArray() : null;
        for (int i = 0; i < labels.length; i++) {
            boolean ignored = ignoreClass != null && labels[i] == ignoreClass;
            boolean fractional = raw != null && raw[i] != Math.rint(raw[i]);
            if (!ignored && (labels[i] < 0 || labels[i] >= classes || fractional)) {
                long[] shown = Arrays.copyOf(labels, Math.min(labels.length, 10));
                throw new InvalidArgumentException("Received a label value of " + (raw != null ? String.valueOf(raw[i]) : String.valueOf(labels[i]))
                        + " which is outside the valid range of [0, " + classes + "). Expected integer labels in [0, " + classes
                        + "). Received label values: " + Arrays.toString(shown) + (labels.length > 10 ? " ..." : "")
                        + ". To fix: make the last layer produce as many scores as there are classes, or fix the labels.");
            }
        }
        int[] idxShape = yPred.shape().withDim(-1, 1).dims();
        Tensor idx = yTrue.cast(DType.INT64).reshape(idxShape);
        Tensor mask = null;
        if (ignoreClass != null) {
            Tensor ignored = idx.equal(Tensor.scalar(ignoreClass, DType.INT64));
            mask = ignored.logicalNot().cast(yPred.dtype()).reshape(yPred.shape().withDim(-1, 1).dims());
            idx = Tensor.where(ignored, Tensor.zeros(dev.kiln.api.Shape.scalar(), DType.INT64), idx);
        }
        Tensor logp;
        if (fromLogits) {
            logp = yPred.logSoftmax(-1);
        } else {
            logp = yPred.div(yPred.sum(-1, true)).clip(LossMath.EPSILON, 1 - LossMath.EPSILON).log();
        }
        Tensor picked = logp.gatherElements(idx, rank - 1).neg();
        if (mask != null) {
            picked = picked.mul(mask);
        }
        int[] out = yPred.shape().dims();
        return picked.reshape(Arrays.copyOf(out, out.length - 1));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("ignore_class", ignoreClass);
        return c;
    }
}
