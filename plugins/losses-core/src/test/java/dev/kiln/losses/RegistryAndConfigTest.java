package dev.kiln.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Tensor;
import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.LossFunction;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.registry.ComponentInfo;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names, aliases, configs and plain functions as losses. */
class RegistryAndConfigTest {

    private static final Map<Class<?>, List<String>> ALIASES = new LinkedHashMap<>();

    static {
        ALIASES.put(BinaryCrossentropy.class, List.of("binary_crossentropy", "BinaryCrossentropy", "bce", "core>BinaryCrossentropy"));
        ALIASES.put(CategoricalCrossentropy.class, List.of("categorical_crossentropy", "CategoricalCrossentropy"));
        ALIASES.put(SparseCategoricalCrossentropy.class, List.of("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"));
        ALIASES.put(MeanSquaredError.class, List.of("mean_squared_error", "mse", "MSE", "MeanSquaredError"));
        ALIASES.put(MeanAbsoluteError.class, List.of("mean_absolute_error", "mae", "MeanAbsoluteError"));
        ALIASES.put(MeanAbsolutePercentageError.class, List.of("mean_absolute_percentage_error", "mape"));
        ALIASES.put(MeanSquaredLogarithmicError.class, List.of("mean_squared_logarithmic_error", "msle"));
        ALIASES.put(Huber.class, List.of("huber", "Huber", "huber_loss"));
        ALIASES.put(LogCosh.class, List.of("log_cosh", "logcosh", "LogCosh"));
        ALIASES.put(KLDivergence.class, List.of("kl_divergence", "kld", "kullback_leibler_divergence", "KLDivergence"));
        ALIASES.put(Poisson.class, List.of("poisson", "Poisson"));
        ALIASES.put(Hinge.class, List.of("hinge", "Hinge"));
        ALIASES.put(SquaredHinge.class, List.of("squared_hinge", "SquaredHinge"));
        ALIASES.put(CategoricalHinge.class, List.of("categorical_hinge", "CategoricalHinge"));
        ALIASES.put(CosineSimilarity.class, List.of("cosine_similarity", "CosineSimilarity"));
    }

    @Test
    void everyKerasIdentifierResolves() {
        ALIASES.forEach((type, ids) -> {
            for (String id : ids) {
                assertInstanceOf(type, Loss.get(id), id);
            }
            ComponentInfo info = Registry.get().lookup(ComponentKind.LOSS, ids.get(0)).orElseThrow();
            assertEquals("core>" + type.getSimpleName(), info.name());
            assertEquals("core-losses", info.plugin());
        });
        assertEquals(15, Registry.get().list(ComponentKind.LOSS).stream().filter(i -> i.plugin().equals("core-losses")).count());
        UnknownIdentifierException u = assertThrows(UnknownIdentifierException.class, () -> Loss.get("mean_sqared_error"));
        assertTrue(u.getMessage().contains("mean_squared_error"), u.getMessage());
    }

    @Test
    void defaultsAreKeras() {
        assertEquals("sparse_categorical_crossentropy", Loss.get("sparse_categorical_crossentropy").name());
        assertEquals("huber_loss", new Huber().name());
        assertEquals("kl_divergence", new KLDivergence().name());
        assertEquals("log_cosh", new LogCosh().name());
        assertEquals(Reduction.SUM_OVER_BATCH_SIZE, new MeanSquaredError().reduction());
        Map<String, Object> bce = new BinaryCrossentropy().getConfig();
        assertEquals(Map.of("name", "binary_crossentropy", "reduction", "sum_over_batch_size", "from_logits", false,
                "label_smoothing", 0.0, "axis", -1), bce);
        Map<String, Object> scce = new SparseCategoricalCrossentropy().getConfig();
        assertEquals(false, scce.get("from_logits"));
        assertTrue(scce.containsKey("ignore_class"));
        assertNull(scce.get("ignore_class"));
        assertEquals(1.0, new Huber().getConfig().get("delta"));
        assertEquals(-1, new CosineSimilarity().getConfig().get("axis"));
        assertEquals(Map.of("name", "mean_squared_error", "reduction", "sum_over_batch_size"), new MeanSquaredError().getConfig());
    }

    @Test
    void configsRoundTripThroughTheRegistry() {
        Loss[] losses = {
            new BinaryCrossentropy(true, 0.1, -1, Reduction.SUM, "bce_loss"),
            new CategoricalCrossentropy(true, 0.2, -1, Reduction.NONE, null),
            new SparseCategoricalCrossentropy(true, 255, -1, Reduction.SUM, "scce"),
            new SparseCategoricalCrossentropy(),
            new MeanSquaredError(Reduction.SUM), new MeanAbsoluteError(Reduction.NONE, "l1"),
            new MeanAbsolutePercentageError(), new MeanSquaredLogarithmicError(),
            new Huber(0.3, Reduction.SUM, null), new LogCosh(), new KLDivergence(Reduction.SUM), new Poisson(),
            new Hinge(), new SquaredHinge(Reduction.NONE), new CategoricalHinge(), new CosineSimilarity(1, Reduction.SUM, "cos"),
        };
        for (Loss l : losses) {
            Map<String, Object> s = Registry.get().serialize(ComponentKind.LOSS, l);
            assertEquals("core>" + l.getClass().getSimpleName(), s.get("class_name"));
            Loss back = Registry.get().deserialize(ComponentKind.LOSS, s, Loss.class);
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.getConfig(), back.getConfig());
            assertEquals(l.name(), back.name());
            assertEquals(l.reduction(), back.reduction());
        }
        SparseCategoricalCrossentropy s = (SparseCategoricalCrossentropy) Registry.get().deserialize(ComponentKind.LOSS,
                Registry.get().serialize(ComponentKind.LOSS, losses[2]), Loss.class);
        assertEquals(255, s.ignoreClass());
        assertTrue(s.fromLogits());
    }

    @Test
    void kerasConfigsAreRead() {
        // as Keras writes them: reduction None, a dtype, integers as doubles after JSON
        Map<String, Object> c = new HashMap<>();
        c.put("name", "scce");
        c.put("reduction", null);
        c.put("dtype", "float32");
        c.put("from_logits", true);
        c.put("ignore_class", 3.0);
        SparseCategoricalCrossentropy l = (SparseCategoricalCrossentropy) Registry.get().create(ComponentKind.LOSS,
                "sparse_categorical_crossentropy", c, Loss.class);
        assertEquals(Reduction.NONE, l.reduction());
        assertEquals(3, l.ignoreClass());
        assertEquals(0.5, ((Huber) Loss.class.cast(Registry.get().create(ComponentKind.LOSS, "huber", Map.of("delta", 0.5), Loss.class))).delta());
        assertEquals(Reduction.SUM, Registry.get().create(ComponentKind.LOSS, "mse", Map.of("reduction", "sum"), Loss.class).reduction());
        // a misspelled option fails rather than being ignored
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> Registry.get().create(ComponentKind.LOSS, "binary_crossentropy", Map.of("from_logit", true), Loss.class));
        assertTrue(e.getMessage().contains("from_logit") && e.getMessage().contains("from_logits"), e.getMessage());
        assertThrows(InvalidArgumentException.class,
                () -> Registry.get().create(ComponentKind.LOSS, "mse", Map.of("reduction", "average"), Loss.class));
        assertThrows(InvalidArgumentException.class,
                () -> Registry.get().create(ComponentKind.LOSS, "huber", Map.of("delta", -1.0), Loss.class));
        assertThrows(InvalidArgumentException.class,
                () -> Registry.get().create(ComponentKind.LOSS, "bce", Map.of("from_logits", "yes"), Loss.class));
    }

    @Test
    void aPlainJavaFunctionIsALoss() {
        LossFunction cubic = (yTrue, yPred) -> yPred.sub(yTrue).abs().pow(3.0).mean(-1, false);
        Loss l = Loss.of("mean_cubic_error", cubic);
        Tensor yt = Tensor.of(new double[] {0, 0, 1, 1}, 2, 2);
        Tensor yp = Tensor.of(new double[] {1, -1, 1, 3}, 2, 2);
        // per sample: (1 + 1) / 2 = 1 and (0 + 8) / 2 = 4; sum_over_batch_size: 2.5; weighted [1, 0.5]: (1 + 2) / 2
        assertEquals(2.5, l.compute(yt, yp, null).item(), 1e-12);
        assertEquals(1.5, l.compute(yt, yp, Tensor.of(new double[] {1, 0.5}, 2)).item(), 1e-12);
        assertEquals("mean_cubic_error", l.name());
        // the same function as the built-in loss it mirrors
        Loss fnMse = Loss.of("my_mse", (a, b) -> b.sub(a).square().mean(-1, false));
        assertEquals(Loss.get("mse").compute(yt, yp, null).item(), fnMse.compute(yt, yp, null).item(), 1e-12);
    }
}
