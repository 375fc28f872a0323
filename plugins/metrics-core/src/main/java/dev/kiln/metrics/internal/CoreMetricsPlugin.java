package dev.kiln.metrics.internal;

import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Plugin;
import dev.kiln.api.registry.Registrar;
import dev.kiln.metrics.AUC;
import dev.kiln.metrics.Accuracy;
import dev.kiln.metrics.BinaryAccuracy;
import dev.kiln.metrics.CategoricalAccuracy;
import dev.kiln.metrics.ConfusionCount;
import dev.kiln.metrics.CosineSimilarity;
import dev.kiln.metrics.LogCoshError;
import dev.kiln.metrics.Mean;
import dev.kiln.metrics.MeanAbsoluteError;
import dev.kiln.metrics.MeanAbsolutePercentageError;
import dev.kiln.metrics.MeanSquaredError;
import dev.kiln.metrics.MeanSquaredLogarithmicError;
import dev.kiln.metrics.PrecisionRecall;
import dev.kiln.metrics.RootMeanSquaredError;
import dev.kiln.metrics.SparseCategoricalAccuracy;
import dev.kiln.metrics.Sum;
import dev.kiln.metrics.TopKCategoricalAccuracy;

/** Registers Keras's metrics under {@code core>ClassName} with Keras's identifiers as aliases. */
public final class CoreMetricsPlugin implements Plugin {
    @Override
    public String name() { return "core-metrics"; }

    @Override
    public void register(Registrar r) {
        ComponentKind k = ComponentKind.METRIC;
        r.register(k, "core>Mean", Mean.class, Mean::new, "mean");
        r.register(k, "core>Sum", Sum.class, Sum::new, "sum");
        r.register(k, "core>Accuracy", Accuracy.class, Accuracy::new, "accuracy", "acc");
        r.register(k, "core>BinaryAccuracy", BinaryAccuracy.class, BinaryAccuracy::new, "binary_accuracy");
        r.register(k, "core>CategoricalAccuracy", CategoricalAccuracy.class, CategoricalAccuracy::new, "categorical_accuracy");
        r.register(k, "core>SparseCategoricalAccuracy", SparseCategoricalAccuracy.class, SparseCategoricalAccuracy::new,
                "sparse_categorical_accuracy");
        r.register(k, "core>TopKCategoricalAccuracy", TopKCategoricalAccuracy.class, c -> TopKCategoricalAccuracy.fromConfig(c, false),
                "top_k_categorical_accuracy");
        r.register(k, "core>SparseTopKCategoricalAccuracy", TopKCategoricalAccuracy.class,
                c -> TopKCategoricalAccuracy.fromConfig(c, true), "sparse_top_k_categorical_accuracy");
        r.register(k, "core>MeanSquaredError", MeanSquaredError.class, MeanSquaredError::new, "mean_squared_error", "mse");
        r.register(k, "core>MeanAbsoluteError", MeanAbsoluteError.class, MeanAbsoluteError::new, "mean_absolute_error", "mae");
        r.register(k, "core>MeanAbsolutePercentageError", MeanAbsolutePercentageError.class, MeanAbsolutePercentageError::new,
                "mean_absolute_percentage_error", "mape");
        r.register(k, "core>MeanSquaredLogarithmicError", MeanSquaredLogarithmicError.class, MeanSquaredLogarithmicError::new,
                "mean_squared_logarithmic_error", "msle");
        r.register(k, "core>RootMeanSquaredError", RootMeanSquaredError.class, RootMeanSquaredError::new, "root_mean_squared_error", "rmse");
        r.register(k, "core>LogCoshError", LogCoshError.class, LogCoshError::new, "logcosh", "log_cosh_error");
        r.register(k, "core>CosineSimilarity", CosineSimilarity.class, CosineSimilarity::new, "cosine_similarity");
        for (ConfusionCount.Cell cell : ConfusionCount.Cell.values()) {
            String cls = switch (cell) {
                case TRUE_POSITIVES -> "TruePositives";
                case FALSE_POSITIVES -> "FalsePositives";
                case TRUE_NEGATIVES -> "TrueNegatives";
                case FALSE_NEGATIVES -> "FalseNegatives";
            };
            r.register(k, "core>" + cls, ConfusionCount.class, c -> ConfusionCount.fromConfig(cell, c), cell.name().toLowerCase(java.util.Locale.ROOT));
        }
        r.register(k, "core>Precision", PrecisionRecall.class, c -> PrecisionRecall.fromConfig(true, c), "precision");
        r.register(k, "core>Recall", PrecisionRecall.class, c -> PrecisionRecall.fromConfig(false, c), "recall");
        r.register(k, "core>AUC", AUC.class, AUC::new, "auc");
    }
}
