package dev.kiln.optimizers.schedules;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.registry.Configs;
import java.util.Map;

/** Config helpers shared by the schedules. */
final class Schedules {
    private Schedules() {}

    static double required(Map<String, Object> config, String owner, String key) {
        if (config.get(key) == null) {
            throw new InvalidArgumentException(KilnException.message("Missing `" + key + "` in the config of `" + owner + "`.",
                    "a number under `" + key + "`", "keys " + config.keySet(), "add " + key + " to the config"));
        }
        return Configs.number(config, key, Double.NaN);
    }
}
