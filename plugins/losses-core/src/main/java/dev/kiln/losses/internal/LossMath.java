package dev.kiln.losses.internal;

import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;

/** Shared pieces of the loss formulas. */
public final class LossMath {
    /** Keras's fuzz factor. */
    public static final double EPSILON = 1e-7;

    private LossMath() {}

    /**
     * Makes {@code yTrue} the shape of {@code yPred} where Keras would: squeezing or adding a trailing 1, failing
     * clearly otherwise.
     */
    public static Tensor matchShape(String loss, Tensor yTrue, Tensor yPred) {
        Shape t = yTrue.shape();
        Shape p = yPred.shape();
        if (t.equals(p)) {
            return yTrue;
        }
        if (t.size() == p.size() && (t.rank() == p.rank() + 1 || t.rank() + 1 == p.rank())) {
            return yTrue.reshape(p.dims());
        }
        throw new ShapeMismatchException(KilnException.message("Loss `" + loss + "`: targets and predictions have incompatible shapes.",
                "y_true shaped like y_pred " + p, t, p.rank() >= 2 && p.dim(-1) > 1 && t.size() * p.dim(-1) == p.size()
                        ? "the targets look like class indices: use sparse_categorical_crossentropy, or one-hot encode them"
                        : "reshape the targets to the predictions' shape"));
    }

    /** {@code x / sqrt(max(sum(x^2, axis), 1e-12))}. */
    public static Tensor l2Normalize(Tensor x, int axis) {
        return x.div(x.square().sum(axis, true).maximum(1e-12).sqrt());
    }

    /** Labels in {0, 1} become {-1, 1}, as Keras's hinge losses expect; other labels are used as given. */
    public static Tensor hingeLabels(Tensor yTrue) {
        double[] v = yTrue.toDoubleArray();
        for (double d : v) {
            if (d != 0 && d != 1) {
                return yTrue;
            }
        }
        return yTrue.mul(2.0).sub(1.0);
    }
}
