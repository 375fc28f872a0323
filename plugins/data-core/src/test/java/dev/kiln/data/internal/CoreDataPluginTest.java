package dev.kiln.data.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.data.ArrayDataSource;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.registry.ComponentFactory;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Plugin;
import dev.kiln.api.registry.Registrar;
import dev.kiln.data.Idx;
import dev.kiln.data.IdxArray;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreDataPluginTest {
    @TempDir
    Path dir;

    private static Map<String, ComponentFactory<?>> registered() {
        Map<String, ComponentFactory<?>> out = new HashMap<>();
        new CoreDataPlugin().register(new Registrar() {
            @Override
            public <T> Registrar register(ComponentKind kind, String name, Class<T> type, ComponentFactory<? extends T> factory,
                    String... aliases) {
                assertEquals(ComponentKind.DATA_SOURCE, kind);
                assertEquals(DataSource.class, type);
                out.put(name, factory);
                for (String a : aliases) {
                    out.put(a, factory);
                }
                return this;
            }
        });
        return out;
    }

    @Test
    void foundByServiceLoaderAndRegistersDataSources() {
        boolean found = false;
        for (Plugin p : ServiceLoader.load(Plugin.class)) {
            found |= p instanceof CoreDataPlugin;
        }
        assertTrue(found, "META-INF/services lists the plugin");
        assertTrue(registered().keySet().containsAll(List.of("core>Idx", "idx", "core>FashionMnist", "fashion_mnist")));
    }

    @Test
    void idxSourceFromConfig() {
        Path x = dir.resolve("x.gz");
        Path y = dir.resolve("y");
        Idx.write(x, IdxArray.ofUnsignedBytes(new byte[] {0, 10, 20, 30, 40, 50}, 3, 2), true);
        Idx.write(y, IdxArray.ofUnsignedBytes(new byte[] {2, 0, 1}, 3), false);
        Map<String, Object> cfg = Map.of("x", x.toString(), "y", y.toString(), "x_scale", 0.1, "batch_size", 2, "limit", 3);
        ArrayDataSource s = (ArrayDataSource) registered().get("idx").create(cfg);
        assertEquals(2, s.size());
        Batch b = s.get(1);
        assertEquals(DType.FLOAT32, b.x().get(0).dtype());
        assertArrayEquals(new float[] {4, 5}, b.x().get(0).toFloatArray(), 1e-6f);
        assertArrayEquals(new int[] {1}, b.y().get(0).toIntArray());
        assertThrows(InvalidArgumentException.class, () -> registered().get("idx").create(Map.of()));
    }

    @Test
    void fashionMnistSourceChecksItsConfig() {
        ComponentFactory<?> f = registered().get("fashion_mnist");
        assertThrows(InvalidArgumentException.class, () -> f.create(Map.of("split", "validation")));
        assertThrows(InvalidArgumentException.class, () -> f.create(Map.of("layout", "nchw")));
    }
}
