package dev.kiln.metrics.internal;

import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Plugin;
import dev.kiln.api.registry.Registrar;
import dev.kiln.metrics.AUC;
import dev.kiln.metrics.Accuracy;
import dev.kiln.metrics.BinaryAccuracy;
import dev.kiln.metrics.CategoricalAccuracy;
import dev.kiln.metrics.CosineSimilarity;
import dev.kiln.metrics.FalseNegatives;
import dev.kiln.metrics.FalsePositives;
import dev.kiln.metrics.LogCoshError;
import dev.kiln.metrics.Mean;
import dev.kiln.metrics.MeanAbsoluteError;
import dev.kiln.metrics.MeanAbsolutePercentageError;
import dev.kiln.metrics.MeanSquaredError;
import dev.kiln.metrics.MeanSquaredLogarithmicError;
import dev.kiln.metrics.Precision;
import dev.kiln.metrics.Recall;
import dev.kiln.metrics.RootMeanSquaredError;
import dev.kiln.metrics.SparseCategoricalAccuracy;
import dev.kiln.metrics.SparseTopKCategoricalAccuracy;
import dev.kiln.metrics.Sum;
import dev.kiln.metrics.TopKCategoricalAccuracy;
import dev.kiln.metrics.TrueNegatives;
import dev.kiln.metrics.TruePositives;

/**
 * Registers Keras's metrics under {@code core>ClassName}, with the class name, its snake_case form and Keras's
 * string identifiers ({@code "acc"}, {@code "mse"}, ...) as aliases.
 *
 * <pre>{@code
 * Metric m = Registry.get().create(ComponentKind.METRIC, "sparse_categorical_accuracy", Map.of(), Metric.class);
 * }</pre>
 */
public final class CoreMetricsPlugin implements Plugin {
    @Override
    public String name() { return "core-metrics"; }

    @Override
    public void register(Registrar r) {
        ComponentKind k = ComponentKind.METRIC;
        r.register(k, "core>Mean", Mean.class, Mean::fromConfig, "Mean", "mean");
        r.register(k, "core>Sum", Sum.class, Sum::fromConfig, "Sum", "sum");
        r.register(k, "core>Accuracy", Accuracy.class, Accuracy::fromConfig, "Accuracy", "accuracy", "acc");
        r.register(k, "core>BinaryAccuracy", BinaryAccuracy.class, BinaryAccuracy::fromConfig, "BinaryAccuracy", "binary_accuracy");
        r.register(k, "core>CategoricalAccuracy", CategoricalAccuracy.class, CategoricalAccuracy::fromConfig, "CategoricalAccuracy",
                "categorical_accuracy");
        r.register(k, "core>SparseCategoricalAccuracy", SparseCategoricalAccuracy.class, SparseCategoricalAccuracy::fromConfig,
                "SparseCategoricalAccuracy", "sparse_categorical_accuracy");
        r.register(k, "core>TopKCategoricalAccuracy", TopKCategoricalAccuracy.class, TopKCategoricalAccuracy::fromConfig,
                "TopKCategoricalAccuracy", "top_k_categorical_accuracy");
        r.register(k, "core>SparseTopKCategoricalAccuracy", SparseTopKCategoricalAccuracy.class,
                SparseTopKCategoricalAccuracy::fromConfig, "SparseTopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy");
        r.register(k, "core>MeanSquaredError", MeanSquaredError.class, MeanSquaredError::fromConfig, "MeanSquaredError",
                "mean_squared_error", "mse");
        r.register(k, "core>MeanAbsoluteError", MeanAbsoluteError.class, MeanAbsoluteError::fromConfig, "MeanAbsoluteError",
                "mean_absolute_error", "mae");
        r.register(k, "core>MeanAbsolutePercentageError", MeanAbsolutePercentageError.class, MeanAbsolutePercentageError::fromConfig,
                "MeanAbsolutePercentageError", "mean_absolute_percentage_error", "mape");
        r.register(k, "core>MeanSquaredLogarithmicError", MeanSquaredLogarithmicError.class, MeanSquaredLogarithmicError::fromConfig,
                "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "msle");
        r.register(k, "core>RootMeanSquaredError", RootMeanSquaredError.class, RootMeanSquaredError::fromConfig,
                "RootMeanSquaredError", "root_mean_squared_error");
        r.register(k, "core>LogCoshError", LogCoshError.class, LogCoshError::fromConfig, "LogCoshError", "log_cosh_error", "logcosh");
        r.register(k, "core>CosineSimilarity", CosineSimilarity.class, CosineSimilarity::fromConfig, "CosineSimilarity",
                "cosine_similarity");
        r.register(k, "core>TruePositives", TruePositives.class, TruePositives::fromConfig, "TruePositives", "true_positives");
        r.register(k, "core>FalsePositives", FalsePositives.class, FalsePositives::fromConfig, "FalsePositives", "false_positives");
        r.register(k, "core>TrueNegatives", TrueNegatives.class, TrueNegatives::fromConfig, "TrueNegatives", "true_negatives");
        r.register(k, "core>FalseNegatives", FalseNegatives.class, FalseNegatives::fromConfig, "FalseNegatives", "false_negatives");
        r.register(k, "core>Precision", Precision.class, Precision::fromConfig, "Precision", "precision");
        r.register(k, "core>Recall", Recall.class, Recall::fromConfig, "Recall", "recall");
        r.register(k, "core>AUC", AUC.class, AUC::fromConfig, "AUC", "auc");
    }
}
