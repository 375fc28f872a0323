package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Plugin;
import dev.kiln.api.registry.Registrar;
import dev.kiln.runtime.internal.registry.DefaultRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryTest {
    static final class Cube extends Loss {
        Cube() { super("cube", null); }

        @Override
        public dev.kiln.api.Tensor call(dev.kiln.api.Tensor t, dev.kiln.api.Tensor p) { return p.sub(t).pow(3.0).mean(-1, false); }
    }

    private static Plugin plugin(String name, String component) {
        return new Plugin() {
            @Override
            public String name() { return name; }

            @Override
            public void register(Registrar r) { r.register(ComponentKind.LOSS, component, Cube.class, c -> new Cube(), "cube"); }
        };
    }

    @Test
    void pluginsComeAndGoWithExactlyTheirComponents() {
        DefaultRegistry r = new DefaultRegistry();
        r.addPlugin(plugin("acme", "acme>Cube"));
        assertTrue(r.create(ComponentKind.LOSS, "cube", Map.of(), Loss.class) instanceof Cube);
        assertTrue(r.create(ComponentKind.LOSS, "ACME>cube", Map.of(), Loss.class) instanceof Cube);
        assertEquals("acme", r.lookup(ComponentKind.LOSS, "cube").orElseThrow().plugin());
        assertEquals(Map.of("class_name", "acme>Cube", "config", Map.of("name", "cube", "reduction", "sum_over_batch_size")),
                r.serialize(ComponentKind.LOSS, new Cube()));
        InvalidArgumentException clash = assertThrows(InvalidArgumentException.class, () -> r.addPlugin(plugin("other", "acme>Cube")));
        assertTrue(clash.getMessage().contains("already registered by plugin `acme`"), clash.getMessage());
        r.removePlugin("acme");
        assertTrue(r.lookup(ComponentKind.LOSS, "cube").isEmpty());
        assertTrue(r.list(ComponentKind.LOSS).isEmpty());
        r.addPlugin(plugin("other", "acme>Cube"));
        assertEquals("other", r.lookup(ComponentKind.LOSS, "acme>Cube").orElseThrow().plugin());
    }

    @Test
    void unknownIdentifiersListWhatIsRegistered() {
        DefaultRegistry r = new DefaultRegistry();
        r.addPlugin(plugin("acme", "acme>Cube"));
        UnknownIdentifierException e = assertThrows(UnknownIdentifierException.class,
                () -> r.create(ComponentKind.LOSS, "cubes", Map.of(), Loss.class));
        assertEquals("Unknown loss: 'cubes'. Expected one of the registered losses: cube. Received: 'cubes'. To fix: check the "
                + "spelling, or add the plugin that provides losses (usually kiln-losses-core).", e.getMessage());
        UnknownIdentifierException none = assertThrows(UnknownIdentifierException.class,
                () -> r.create(ComponentKind.OPTIMIZER, "rmsprop", Map.of(), Object.class));
        assertTrue(none.getMessage().contains("kiln-optimizers-core"), none.getMessage());
    }
}
