package dev.kiln.data.internal;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.api.data.ArrayDataSource;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.data.NamedTensors;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.registry.Plugin;
import dev.kiln.api.registry.Registrar;
import dev.kiln.data.FashionMnist;
import dev.kiln.data.Idx;
import dev.kiln.data.IdxArray;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Registers the data sources a job file can name:
 * <ul>
 * <li>{@code core>FashionMnist} ({@code "fashion_mnist"}): {@code split} ("train" | "test"), {@code limit},
 *     {@code batch_size} (32), {@code layout} ("flat" | "images"), {@code dir} (default: {@link FashionMnist#defaultDir()});</li>
 * <li>{@code core>Idx} ({@code "idx"}): {@code x} (path), {@code y} (path, optional), {@code x_scale} (1.0),
 *     {@code limit}, {@code batch_size} (32); x becomes float32, y int32 (or its float type).</li>
 * </ul>
 */
public final class CoreDataPlugin implements Plugin {
    @Override
    public String name() { return "core-data"; }

    @Override
    public void register(Registrar r) {
        r.register(ComponentKind.DATA_SOURCE, "core>FashionMnist", DataSource.class, CoreDataPlugin::fashionMnist, "fashion_mnist");
        r.register(ComponentKind.DATA_SOURCE, "core>Idx", DataSource.class, CoreDataPlugin::idx, "idx");
    }

    static ArrayDataSource fashionMnist(Map<String, Object> config) {
        String split = Configs.string(config, "split", "train").toLowerCase(Locale.ROOT);
        if (!split.equals("train") && !split.equals("test")) {
            throw new InvalidArgumentException(KilnException.message("Invalid Fashion-MNIST split.", "\"train\" or \"test\"", split, null));
        }
        int limit = Configs.integer(config, "limit", Integer.MAX_VALUE);
        String layoutName = Configs.string(config, "layout", "flat").toUpperCase(Locale.ROOT);
        FashionMnist.Layout layout;
        try {
            layout = FashionMnist.Layout.valueOf(layoutName);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(KilnException.message("Invalid Fashion-MNIST layout.", "\"flat\" or \"images\"",
                    layoutName.toLowerCase(Locale.ROOT), null));
        }
        String dir = Configs.string(config, "dir", null);
        Path folder = dir == null ? FashionMnist.defaultDir() : Path.of(dir);
        boolean train = split.equals("train");
        FashionMnist d = FashionMnist.load(folder, train ? limit : 1, train ? 1 : limit, layout);
        Tensor x = train ? d.xTrain() : d.xTest();
        Tensor y = train ? d.yTrain() : d.yTest();
        return ArrayDataSource.of(NamedTensors.of(x), NamedTensors.of(y), null).batchSize(Configs.integer(config, "batch_size", 32));
    }

    static ArrayDataSource idx(Map<String, Object> config) {
        String xPath = Configs.string(config, "x", null);
        if (xPath == null) {
            throw new InvalidArgumentException(KilnException.message("The idx data source needs the path of its inputs.",
                    "a config key \"x\" naming an IDX file", "no \"x\"", null));
        }
        int limit = Configs.integer(config, "limit", Integer.MAX_VALUE);
        Tensor x = Idx.readAsFloat(Path.of(xPath), Configs.number(config, "x_scale", 1.0), limit).toTensor();
        String yPath = Configs.string(config, "y", null);
        NamedTensors y = null;
        if (yPath != null) {
            IdxArray ya = Idx.read(Path.of(yPath), limit);
            y = NamedTensors.of(ya.toTensor());
        }
        return ArrayDataSource.of(NamedTensors.of(x), y, null).batchSize(Configs.integer(config, "batch_size", 32));
    }
}
