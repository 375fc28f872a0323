package dev.kiln.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.activations.Activations;
import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import dev.kiln.initializers.Constant;
import dev.kiln.initializers.HeNormal;
import dev.kiln.initializers.RandomNormal;
import dev.kiln.regularizers.L1L2;
import dev.kiln.regularizers.L2;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerConfigTest {
    @Test
    void everyLayerRoundTripsThroughTheRegistry() {
        Dense custom = new Dense(5, Activations.elu(0.3)).kernelRegularizer(new L2(1e-3)).biasRegularizer(new L1L2(0.1, 0.2))
                .kernelInitializer(new RandomNormal(0, 0.1)).biasInitializer(new Constant(0.5)).useBias(false)
                .activityRegularizer(new L2(0.5));
        Layer[] layers = {custom, new Dense(3, "softmax").named("probs"), new Dense(4), new Dropout(0.25), new Dropout(0.5, 7).noiseShape(-1, 1),
                new Flatten(), new Flatten("channels_first"), new Reshape(2, -1), new Concatenate(1), new Concatenate(), new Add(),
                new Activation("gelu"), new Activation(Activations.gelu(true))};
        for (Layer l : layers) {
            Map<String, Object> saved = Registry.get().serialize(ComponentKind.LAYER, l);
            assertTrue(((String) saved.get("class_name")).startsWith("core>"), saved.toString());
            Layer back = Registry.get().deserialize(ComponentKind.LAYER, saved, Layer.class);
            assertSame(l.getClass(), back.getClass());
            assertEquals(l.getConfig(), back.getConfig(), saved.toString());
            assertEquals(l.name(), back.name());
        }
        Dense back = (Dense) Registry.get().deserialize(ComponentKind.LAYER, Registry.get().serialize(ComponentKind.LAYER, custom), Layer.class);
        assertEquals(Activations.elu(0.3), back.activation());
        assertEquals(new L1L2(0.1, 0.2), back.biasRegularizer());
        assertEquals(new RandomNormal(0, 0.1), back.kernelInitializer());
        assertEquals(new L2(0.5), back.activityRegularizer());
    }

    @Test
    void configsUseKerasKeysAndValues() {
        Map<String, Object> c = new Dense(8, "relu").named("d8").getConfig();
        assertEquals("d8", c.get("name"));
        assertEquals(8, c.get("units"));
        assertEquals("relu", c.get("activation"));
        assertEquals(true, c.get("use_bias"));
        assertEquals(Map.of("class_name", "core>GlorotUniform", "config", Map.of()), c.get("kernel_initializer"));
        assertEquals(Map.of("class_name", "core>Zeros", "config", Map.of()), c.get("bias_initializer"));
        assertTrue(c.containsKey("kernel_regularizer") && c.get("kernel_regularizer") == null);
        assertEquals(List.of(2, -1), new Reshape(2, -1).getConfig().get("target_shape"));
        assertEquals(0.25, new Dropout(0.25).getConfig().get("rate"));
        assertEquals(java.util.Arrays.asList(null, 1), new Dropout(0.5).noiseShape(-1, 1).getConfig().get("noise_shape"));
        assertEquals(-1, new Concatenate().getConfig().get("axis"));
        assertEquals("channels_last", new Flatten().getConfig().get("data_format"));
    }

    @Test
    void kerasStyleConfigsBuildLayers() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("units", 2);
        cfg.put("activation", "sigmoid");
        cfg.put("kernel_initializer", "he_normal");
        cfg.put("bias_initializer", Map.of("class_name", "constant", "config", Map.of("value", 1.0)));
        cfg.put("kernel_regularizer", Map.of("class_name", "l2", "config", Map.of("l2", 0.001)));
        cfg.put("dtype", "float64");
        Dense d = (Dense) Registry.get().create(ComponentKind.LAYER, "dense", cfg, Layer.class);
        assertEquals(new HeNormal(), d.kernelInitializer());
        assertEquals(new L2(0.001), d.kernelRegularizer());
        assertEquals(DType.FLOAT64, d.dtype());
        d.apply(Tensor.zeros(Shape.of(1, 3), DType.FLOAT64));
        assertArrayEquals(new double[] {1, 1}, d.bias().toDoubleArray());
        for (String alias : List.of("dense", "activation", "dropout", "flatten", "reshape", "concatenate", "add")) {
            assertTrue(Registry.get().lookup(ComponentKind.LAYER, alias).orElseThrow().name().startsWith("core>"), alias);
        }
        assertEquals("core>Dropout", Registry.get().lookup(ComponentKind.LAYER, "dropout").orElseThrow().name());
        assertEquals(0.3, ((Dropout) Registry.get().create(ComponentKind.LAYER, "Dropout", Map.of("rate", 0.3), Layer.class)).rate());
    }
}
