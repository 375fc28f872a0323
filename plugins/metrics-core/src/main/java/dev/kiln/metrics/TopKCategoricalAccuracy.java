package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.registry.Configs;
import dev.kiln.metrics.internal.MetricMath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often the true class is among the {@code k} highest predictions; {@code sparse} takes integer labels
 * (Keras's SparseTopKCategoricalAccuracy), otherwise one-hot labels.
 *
 * <pre>{@code
 * Metric top5 = new TopKCategoricalAccuracy(5, true);
 * }</pre>
 */
public final class TopKCategoricalAccuracy extends MeanMetricWrapper implements dev.kiln.api.registry.NamedComponent {
    private final int k;
    private final boolean sparse;

    public TopKCategoricalAccuracy() { this(5, false); }

    public TopKCategoricalAccuracy(int k, boolean sparse) {
        this(sparse ? "sparse_top_k_categorical_accuracy" : "top_k_categorical_accuracy", k, sparse);
    }

    public TopKCategoricalAccuracy(String name, int k, boolean sparse) {
        super(name, valuesFor(check(k), sparse));
        this.k = k;
        this.sparse = sparse;
    }

    /** From config; {@code sparse} comes from the registered name. */
    public static TopKCategoricalAccuracy fromConfig(Map<String, Object> c, boolean sparse) {
        String dflt = sparse ? "sparse_top_k_categorical_accuracy" : "top_k_categorical_accuracy";
        return new TopKCategoricalAccuracy(Configs.string(c, "name", dflt), Configs.integer(c, "k", 5), sparse);
    }

    private static dev.kiln.api.metrics.MetricFunction valuesFor(int k, boolean sparse) { return (t, p) -> values(t, p, k, sparse); }

    private static int check(int k) {
        if (k <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid k for top-k accuracy.", "a positive integer", k, null));
        }
        return k;
    }

    /** The true class counts as found when fewer than k classes score strictly higher, as Keras's in_top_k. */
    private static Tensor values(Tensor yTrue, Tensor yPred, int k, boolean sparse) {
        Tensor labels = sparse ? MetricMath.sparseLabels("sparse_top_k_categorical_accuracy", yTrue, yPred)
                : MetricMath.matchShape("top_k_categorical_accuracy", yTrue, yPred).argmax(-1);
        int rank = yPred.shape().rank();
        Tensor trueScore = yPred.gatherElements(labels.reshape(yPred.shape().withDim(-1, 1).dims()), rank - 1);
        Tensor higher = MetricMath.asFloat(yPred.greater(trueScore)).sum(-1, false);
        return MetricMath.asFloat(higher.less(Tensor.scalar(k, DType.FLOAT32)));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("k", k);
        return c;
    }

    public boolean sparse() { return sparse; }

    @Override
    public String registeredName() { return sparse ? "core>SparseTopKCategoricalAccuracy" : "core>TopKCategoricalAccuracy"; }
}
