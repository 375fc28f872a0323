package dev.kiln.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration under core>ClassName with Keras aliases, and config round trips through the registry. */
class RegistryAndConfigTest {

    @Test
    void aliasesResolve() {
        Map<String, Class<?>> expected = Map.ofEntries(
                Map.entry("sparse_categorical_accuracy", SparseCategoricalAccuracy.class),
                Map.entry("SparseCategoricalAccuracy", SparseCategoricalAccuracy.class),
                Map.entry("accuracy", Accuracy.class), Map.entry("acc", Accuracy.class),
                Map.entry("binary_accuracy", BinaryAccuracy.class), Map.entry("categorical_accuracy", CategoricalAccuracy.class),
                Map.entry("top_k_categorical_accuracy", TopKCategoricalAccuracy.class),
                Map.entry("sparse_top_k_categorical_accuracy", SparseTopKCategoricalAccuracy.class),
                Map.entry("mse", MeanSquaredError.class), Map.entry("mean_squared_error", MeanSquaredError.class),
                Map.entry("MSE", MeanSquaredError.class), Map.entry("mae", MeanAbsoluteError.class),
                Map.entry("mape", MeanAbsolutePercentageError.class), Map.entry("msle", MeanSquaredLogarithmicError.class),
                Map.entry("root_mean_squared_error", RootMeanSquaredError.class), Map.entry("logcosh", LogCoshError.class),
                Map.entry("log_cosh_error", LogCoshError.class), Map.entry("cosine_similarity", CosineSimilarity.class),
                Map.entry("true_positives", TruePositives.class), Map.entry("false_positives", FalsePositives.class),
                Map.entry("true_negatives", TrueNegatives.class), Map.entry("false_negatives", FalseNegatives.class),
                Map.entry("precision", Precision.class), Map.entry("recall", Recall.class), Map.entry("auc", AUC.class),
                Map.entry("AUC", AUC.class), Map.entry("mean", Mean.class), Map.entry("sum", Sum.class),
                Map.entry("core>RootMeanSquaredError", RootMeanSquaredError.class));
        for (Map.Entry<String, Class<?>> e : expected.entrySet()) {
            assertSame(e.getValue(), Metric.get(e.getKey()).getClass(), e.getKey());
        }
        assertEquals("core>AUC", Registry.get().lookup(ComponentKind.METRIC, "auc").orElseThrow().name());
        assertEquals("core-metrics", Registry.get().lookup(ComponentKind.METRIC, "auc").orElseThrow().plugin());
        UnknownIdentifierException e = assertThrows(UnknownIdentifierException.class, () -> Metric.get("sparse_categorical_acuracy"));
        assertTrue(e.getMessage().contains("sparse_categorical_accuracy"), e.getMessage());
    }

    @Test
    void configsRoundTrip() {
        List<Metric> metrics = List.of(new Mean("m"), new Sum("s"), new Accuracy("a"), new BinaryAccuracy(0.3, "b"),
                new CategoricalAccuracy("c"), new SparseCategoricalAccuracy("sc"), new TopKCategoricalAccuracy(3, "t3"),
                new SparseTopKCategoricalAccuracy(2, "st2", true), new MeanSquaredError("e1"), new MeanAbsoluteError("e2"),
                new MeanAbsolutePercentageError("e3"), new MeanSquaredLogarithmicError("e4"), new RootMeanSquaredError("e5"),
                new LogCoshError("e6"), new CosineSimilarity("cs", 1), new TruePositives(0.2), new FalsePositives(new double[] {0.1, 0.9}),
                new TrueNegatives(new double[] {0.4}, "tn"), new FalseNegatives(), new Precision(new double[] {0.2, 0.6}, 3, 1, "p"),
                new Recall(null, 2, null, "r"), new Precision(0.7),
                new AUC(50, AUC.Curve.PR, AUC.SummationMethod.MAJORING, "pr", null, true, 4, new double[] {1, 2, 3, 4}, true),
                new AUC(0, AUC.Curve.ROC, AUC.SummationMethod.MINORING, null, new double[] {0.7, 0.2}, false, null, null, false));
        Registry reg = Registry.get();
        for (Metric m : metrics) {
            Map<String, Object> saved = reg.serialize(ComponentKind.METRIC, m);
            assertEquals("core>" + m.getClass().getSimpleName(), saved.get("class_name"));
            Metric back = reg.deserialize(ComponentKind.METRIC, saved, Metric.class);
            assertSame(m.getClass(), back.getClass());
            assertEquals(m.getConfig(), back.getConfig(), m.toString());
            assertEquals(m.name(), back.name());
        }
        assertEquals(Map.of("name", "binary_accuracy", "threshold", 0.5), new BinaryAccuracy().getConfig());
        Map<String, Object> p = new Precision().getConfig();
        assertEquals("precision", p.get("name"));
        assertTrue(p.containsKey("thresholds") && p.get("thresholds") == null && p.get("top_k") == null && p.get("class_id") == null);
        Map<String, Object> auc = new AUC().getConfig();
        assertEquals(200, auc.get("num_thresholds"));
        assertEquals("ROC", auc.get("curve"));
        assertEquals("interpolation", auc.get("summation_method"));
        assertTrue(!auc.containsKey("thresholds"));
        // Keras-style config read by name
        AUC fromKeras = (AUC) reg.create(ComponentKind.METRIC, "AUC", Map.of("curve", "pr", "num_thresholds", 10), Metric.class);
        assertEquals(AUC.Curve.PR, fromKeras.curve());
        assertEquals(10, fromKeras.numThresholds());
    }
}
