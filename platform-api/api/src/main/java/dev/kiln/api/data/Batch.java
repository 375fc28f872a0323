package dev.kiln.api.data;

import dev.kiln.api.Tensor;

/**
 * One batch: inputs, optional targets and optional per-sample weights (Keras's {@code (x, y, sample_weight)}).
 * Inside a train step the runtime hands over batches whose tensors are ordered as the model's inputs and outputs.
 *
 * <pre>{@code
 * Batch b = new Batch(NamedTensors.of(images), NamedTensors.of(labels), null);
 * Tensor x = b.x().get(0);
 * }</pre>
 *
 * @param x            inputs
 * @param y            targets, or {@code null} (predict)
 * @param sampleWeight per-sample weights, or {@code null}
 */
public record Batch(NamedTensors x, NamedTensors y, NamedTensors sampleWeight) {

    /** Number of samples, read from the first input. */
    public int size() {
        Tensor t = x.get(0);
        return t.shape().rank() == 0 ? 1 : t.shape().dim(0);
    }
}
