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

/** Registers Keras's losses under {@code core>ClassName} with Keras's class and function names as aliases. */
public final class CoreLossesPlugin implements Plugin {
    @Override
    public String name() { return "core-losses"; }

    @Override
    public void register(Registrar r) {
        ComponentKind k = ComponentKind.LOSS;
        r.register(k, "core>BinaryCrossentropy", BinaryCrossentropy.class, BinaryCrossentropy::new, "binary_crossentropy", "BinaryCrossentropy", "bce");
        r.register(k, "core>CategoricalCrossentropy", CategoricalCrossentropy.class, CategoricalCrossentropy::new,
                "categorical_crossentropy", "CategoricalCrossentropy", "cce");
        r.register(k, "core>SparseCategoricalCrossentropy", SparseCategoricalCrossentropy.class, SparseCategoricalCrossentropy::new,
                "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy");
        r.register(k, "core>MeanSquaredError", MeanSquaredError.class, MeanSquaredError::new, "mean_squared_error", "mse");
        r.register(k, "core>MeanAbsoluteError", MeanAbsoluteError.class, MeanAbsoluteError::new, "mean_absolute_error", "mae");
        r.register(k, "core>MeanAbsolutePercentageError", MeanAbsolutePercentageError.class, MeanAbsolutePercentageError::new,
                "mean_absolute_percentage_error", "mape");
        r.register(k, "core>MeanSquaredLogarithmicError", MeanSquaredLogarithmicError.class, MeanSquaredLogarithmicError::new,
                "mean_squared_logarithmic_error", "msle");
        r.register(k, "core>Huber", Huber.class, Huber::new, "huber", "huber_loss");
        r.register(k, "core>LogCosh", LogCosh.class, LogCosh::new, "log_cosh", "logcosh");
        r.register(k, "core>KLDivergence", KLDivergence.class, KLDivergence::new, "kl_divergence", "kld", "kullback_leibler_divergence");
        r.register(k, "core>Poisson", Poisson.class, Poisson::new, "poisson");
        r.register(k, "core>Hinge", Hinge.class, Hinge::new, "hinge");
        r.register(k, "core>SquaredHinge", SquaredHinge.class, SquaredHinge::new, "squared_hinge");
        r.register(k, "core>CategoricalHinge", CategoricalHinge.class, CategoricalHinge::new, "categorical_hinge");
        r.register(k, "core>CosineSimilarity", CosineSimilarity.class, CosineSimilarity::new, "cosine_similarity");
    }
}
