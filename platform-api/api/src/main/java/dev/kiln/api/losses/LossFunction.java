package dev.kiln.api.losses;

import dev.kiln.api.Tensor;

/**
 * A plain function used as a loss: returns per-sample losses (shape {@code (batch,)} or {@code (batch, ...)});
 * {@link Loss} weighs and reduces them.
 *
 * <pre>{@code
 * LossFunction mse = (yTrue, yPred) -> yPred.sub(yTrue).square().mean(-1, false);
 * model.compile(Compile.with(new Adam()).loss(mse));
 * }</pre>
 */
@FunctionalInterface
public interface LossFunction {
    Tensor call(Tensor yTrue, Tensor yPred);
}
