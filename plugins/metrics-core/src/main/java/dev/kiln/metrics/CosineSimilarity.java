package dev.kiln.metrics;

import dev.kiln.api.Tensor;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.metrics.internal.MetricMath;
import java.util.Map;

/**
 * Cosine similarity between targets and predictions along the last axis, averaged over samples.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("mse").metrics(new CosineSimilarity()));   // or "cosine_similarity"
 * }</pre>
 */
public final class CosineSimilarity extends MeanMetricWrapper {
    public CosineSimilarity() { this("cosine_similarity"); }

    public CosineSimilarity(String name) { super(name, CosineSimilarity::values); }

    public CosineSimilarity(Map<String, Object> config) { super(config, "cosine_similarity", CosineSimilarity::values); }

    private static Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor t = MetricMath.matchShape("cosine_similarity", yTrue, yPred);
        Tensor a = t.div(t.square().sum(-1, true).maximum(1e-12).sqrt());
        Tensor b = yPred.div(yPred.square().sum(-1, true).maximum(1e-12).sqrt());
        return a.mul(b).sum(-1, false);
    }
}
