package dev.kiln.api.spi;

import dev.kiln.api.Tensor;
import dev.kiln.api.callbacks.History;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.models.Compile;
import dev.kiln.api.models.Evaluate;
import dev.kiln.api.models.Fit;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Predict;
import dev.kiln.api.optimizers.Optimizer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The trainer behind {@link Model}: implemented by the runtime. {@code Model}'s public methods delegate here;
 * users never call it directly.
 *
 * <pre>{@code
 * // what model.fit(x, y, options) does:
 * KilnRuntime.get().modelEngine().fit(model, ArrayDataSource.of(x, y, null), options);
 * }</pre>
 */
@ProviderType
public interface ModelEngine {

    void compile(Model model, Compile options);

    History fit(Model model, DataSource data, Fit options);

    Map<String, Double> evaluate(Model model, DataSource data, Evaluate options);

    /** One tensor per model output, all batches concatenated. */
    List<Tensor> predict(Model model, DataSource data, Predict options);

    /** A functional model from symbolic inputs to symbolic outputs. */
    Model functional(List<Tensor> inputs, List<Tensor> outputs);

    /** Keras's summary table. */
    String summary(Model model);

    /** Compiled losses (weighted, summed over outputs) plus {@code model.losses()}; updates the loss tracker. */
    Tensor computeLoss(Model model, Batch batch, List<Tensor> predictions);

    /** Updates the compiled metrics only (tensor work, no host reads): the part of a step that can be compiled. */
    void updateMetrics(Model model, Batch batch, List<Tensor> predictions);

    /** Every metric's current result, flattened, loss first (Keras's {@code get_metrics_result}). */
    Map<String, Double> metricsResult(Model model);

    /** Updates compiled metrics and returns every metric's result, flattened, loss first. */
    default Map<String, Double> computeMetrics(Model model, Batch batch, List<Tensor> predictions) {
        updateMetrics(model, batch, predictions);
        return metricsResult(model);
    }

    /** The compiled optimizer. */
    Optimizer optimizer(Model model);

    /**
     * Runs {@code body}, a pure part of a step, compiled unless the model runs eagerly: traced on its first calls,
     * then replayed as the recorded kernel sequence on each new batch. See {@code Model.traced}.
     */
    default List<Tensor> traced(Model model, String name, Batch batch, List<?> signature, Supplier<List<Tensor>> body) {
        return body.get();
    }

    /** Loss tracker and compiled metrics, in log order. */
    List<Metric> metrics(Model model);
}
