package dev.kiln.losses.internal;

import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Plugin;
import dev.kiln.api.registry.Registrar;
import dev.kiln.losses.BinaryCrossentropy;
import dev.kiln.losses.CategoricalCrossentropy;
import dev.kiln.losses.CategoricalHinge;
import dev.kiln.losses.CosineSimilarity;
import dev.kiln.losses.Hinge;
import dev.kiln.losses.Huber;
import dev.kiln.losses.KLDivergence;
import dev.kiln.losses.LogCosh;
import dev.kiln.losses.MeanAbsoluteError;
import dev.kiln.losses.MeanAbsolutePercentageError;
import dev.kiln.losses.MeanSquaredError;
import dev.kiln.losses.MeanSquaredLogarithmicError;
import dev.kiln.losses.Poisson;
import dev.kiln.losses.SparseCategoricalCrossentropy;
import dev.kiln.losses.SquaredHinge;

/**
 * Registers Keras's losses under {@code core>ClassName}, with Keras's identifiers as aliases: the class name, its
 * snake_case form, the loss function's name and Keras's short names ({@code "mse"}, {@code "kld"}, ...).
 *
 * <pre>{@code
 * Loss l = Loss.get("sparse_categorical_crossentropy");   // found through this plugin
 * }</pre>
 */
public final class CoreLossesPlugin implements Plugin {
    @Override
    public String name() { return "core-losses"; }

    @Override
    public void register(Registrar r) {
        ComponentKind k = ComponentKind.LOSS;
        r.register(k, "core>BinaryCrossentropy", BinaryCrossentropy.class, BinaryCrossentropy::fromConfig,
                "BinaryCrossentropy", "binary_crossentropy", "bce");
        r.register(k, "core>CategoricalCrossentropy", CategoricalCrossentropy.class, CategoricalCrossentropy::fromConfig,
                "CategoricalCrossentropy", "categorical_crossentropy");
        r.register(k, "core>SparseCategoricalCrossentropy", SparseCategoricalCrossentropy.class, SparseCategoricalCrossentropy::fromConfig,
                "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy");
        r.register(k, "core>MeanSquaredError", MeanSquaredError.class, MeanSquaredError::fromConfig,
                "MeanSquaredError", "mean_squared_error", "mse");
        r.register(k, "core>MeanAbsoluteError", MeanAbsoluteError.class, MeanAbsoluteError::fromConfig,
                "MeanAbsoluteError", "mean_absolute_error", "mae");
        r.register(k, "core>MeanAbsolutePercentageError", MeanAbsolutePercentageError.class, MeanAbsolutePercentageError::fromConfig,
                "MeanAbsolutePercentageError", "mean_absolute_percentage_error", "mape");
        r.register(k, "core>MeanSquaredLogarithmicError", MeanSquaredLogarithmicError.class, MeanSquaredLogarithmicError::fromConfig,
                "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "msle");
        r.register(k, "core>Huber", Huber.class, Huber::fromConfig, "Huber", "huber", "huber_loss");
        r.register(k, "core>LogCosh", LogCosh.class, LogCosh::fromConfig, "LogCosh", "log_cosh", "logcosh");
        r.register(k, "core>KLDivergence", KLDivergence.class, KLDivergence::fromConfig,
                "KLDivergence", "kl_divergence", "kld", "kullback_leibler_divergence");
        r.register(k, "core>Poisson", Poisson.class, Poisson::fromConfig, "Poisson", "poisson");
        r.register(k, "core>Hinge", Hinge.class, Hinge::fromConfig, "Hinge", "hinge");
        r.register(k, "core>SquaredHinge", SquaredHinge.class, SquaredHinge::fromConfig, "SquaredHinge", "squared_hinge");
        r.register(k, "core>CategoricalHinge", CategoricalHinge.class, CategoricalHinge::fromConfig, "CategoricalHinge", "categorical_hinge");
        r.register(k, "core>CosineSimilarity", CosineSimilarity.class, CosineSimilarity::fromConfig, "CosineSimilarity", "cosine_similarity");
    }
}
