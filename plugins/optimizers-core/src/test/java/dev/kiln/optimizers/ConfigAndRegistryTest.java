package dev.kiln.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.optimizers.LearningRateSchedule;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import dev.kiln.optimizers.schedules.CosineDecay;
import dev.kiln.optimizers.schedules.ExponentialDecay;
import dev.kiln.optimizers.schedules.InverseTimeDecay;
import dev.kiln.optimizers.schedules.PiecewiseConstantDecay;
import dev.kiln.optimizers.schedules.PolynomialDecay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration under core> names and Keras aliases, and config round trips through the registry. */
class ConfigAndRegistryTest {

    @Test
    void aliasesResolveWithKerasDefaults() {
        Map<String, Class<?>> aliases = Map.of("sgd", SGD.class, "rmsprop", RMSprop.class, "adam", Adam.class, "adamw", AdamW.class,
                "adagrad", Adagrad.class, "adadelta", Adadelta.class, "adamax", Adamax.class, "nadam", Nadam.class);
        for (Map.Entry<String, Class<?>> e : aliases.entrySet()) {
            Optimizer o = Optimizer.get(e.getKey());
            assertEquals(e.getValue(), o.getClass(), e.getKey());
            assertEquals(e.getKey().equals("sgd") ? 0.01 : 0.001, o.learningRate(), 0, e.getKey());
            assertEquals(o.getClass(), Optimizer.get("core>" + o.getClass().getSimpleName()).getClass());
            assertEquals("core>" + o.getClass().getSimpleName(), Registry.get().nameOf(ComponentKind.OPTIMIZER, o).orElseThrow());
        }
        assertInstanceOf(RMSprop.class, Optimizer.get("RMSprop"));
        RMSprop r = (RMSprop) Optimizer.get("rmsprop");
        assertEquals(0.9, r.rho(), 0);
        assertEquals(1e-7, r.epsilon(), 0);
        assertEquals("rmsprop", r.name());
        assertEquals("SGD", Optimizer.get("sgd").name());
        assertEquals(0.004, Optimizer.get("adamw").weightDecayValue(), 0);
        assertNull(Optimizer.get("adam").weightDecayValue());
        assertEquals(0.1, ((Adagrad) Optimizer.get("adagrad")).initialAccumulatorValue(), 0);
        assertEquals(0.95, ((Adadelta) Optimizer.get("adadelta")).rho(), 0);
        UnknownIdentifierException e = assertThrows(UnknownIdentifierException.class, () -> Optimizer.get("adamz"));
        assertTrue(e.getMessage().contains("adamz") && e.getMessage().contains("adamw"), e.getMessage());
    }

    @Test
    void scheduleAliasesAndKerasClassNames() {
        Map<String, Object> cfg = Map.of("initial_learning_rate", 0.1, "decay_steps", 10, "decay_rate", 0.5);
        for (String id : List.of("exponential_decay", "ExponentialDecay", "core>ExponentialDecay")) {
            assertInstanceOf(ExponentialDecay.class, LearningRateSchedule.get(id, cfg));
        }
        assertInstanceOf(InverseTimeDecay.class, LearningRateSchedule.get("inverse_time_decay", cfg));
        assertInstanceOf(PolynomialDecay.class, LearningRateSchedule.get("polynomial_decay", Map.of("initial_learning_rate", 0.1,
                "decay_steps", 10)));
        assertInstanceOf(CosineDecay.class, LearningRateSchedule.get("cosine_decay", Map.of("initial_learning_rate", 0.1, "decay_steps", 10)));
        assertInstanceOf(PiecewiseConstantDecay.class, LearningRateSchedule.get("piecewise_constant_decay",
                Map.of("boundaries", List.of(5), "values", List.of(0.1, 0.01))));
    }

    @Test
    void optimizersRoundTripThroughTheRegistry() {
        List<Optimizer> all = List.of(new SGD(0.2).momentum(0.5).nesterov(true), new SGD(),
                new RMSprop(0.01).rho(0.8).centered(true).momentum(0.3).epsilon(1e-6).clipnorm(2),
                new Adam(0.003).beta1(0.8).beta2(0.99).amsgrad(true).clipvalue(0.5), new AdamW(0.01).weightDecay(0.02),
                new Adagrad(0.1).initialAccumulatorValue(0.2).globalClipnorm(1), new Adadelta(1.0).rho(0.9),
                new Adamax(0.002).beta2(0.99), new Nadam(0.002).epsilon(1e-5).weightDecay(0.01),
                new SGD(new ExponentialDecay(0.1, 100, 0.9, true)).momentum(0.9),
                new Adam(new CosineDecay(0.0, 1000, 0.0, 0.01, 100)),
                new RMSprop(new PiecewiseConstantDecay(new double[] {10, 20}, new double[] {1e-3, 1e-4, 1e-5})),
                new AdamW(new PolynomialDecay(0.1, 100)), new Adagrad(new InverseTimeDecay(0.1, 10, 0.5)));
        for (Optimizer o : all) {
            Map<String, Object> saved = Registry.get().serialize(ComponentKind.OPTIMIZER, o);
            assertEquals("core>" + o.getClass().getSimpleName(), saved.get("class_name"));
            Optimizer back = Registry.get().deserialize(ComponentKind.OPTIMIZER, saved, Optimizer.class);
            assertEquals(o.getClass(), back.getClass());
            assertEquals(o.getConfig(), back.getConfig());
            assertEquals(o.learningRate(), back.learningRate(), 0);
            if (o.schedule() != null) {
                assertEquals(o.schedule().getClass(), back.schedule().getClass());
                for (long step : new long[] {0, 5, 15, 50, 500}) {
                    assertEquals(o.schedule().at(step), back.schedule().at(step), 0);
                }
            }
            // and it updates the same way
            Reference.assertClose(Reference.actual(o), Reference.actual(back), 0);
        }
    }

    @Test
    void configsUseKerasKeys() {
        assertEquals(List.of("name", "learning_rate", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "momentum", "nesterov"),
                List.copyOf(new SGD().getConfig().keySet()));
        assertEquals(List.of("rho", "momentum", "epsilon", "centered"), specific(new RMSprop()));
        assertEquals(List.of("beta_1", "beta_2", "epsilon", "amsgrad"), specific(new Adam()));
        assertEquals(List.of("beta_1", "beta_2", "epsilon", "amsgrad"), specific(new AdamW()));
        assertEquals(List.of("initial_accumulator_value", "epsilon"), specific(new Adagrad()));
        assertEquals(List.of("rho", "epsilon"), specific(new Adadelta()));
        assertEquals(List.of("beta_1", "beta_2", "epsilon"), specific(new Adamax()));
        assertEquals(List.of("beta_1", "beta_2", "epsilon"), specific(new Nadam()));
        Map<String, Object> c = new Adam(new ExponentialDecay(0.1, 10, 0.5)).getConfig();
        @SuppressWarnings("unchecked")
        Map<String, Object> lr = (Map<String, Object>) c.get("learning_rate");
        assertEquals("core>ExponentialDecay", lr.get("class_name"));
    }

    private static List<String> specific(Optimizer o) {
        List<String> keys = new java.util.ArrayList<>(o.getConfig().keySet());
        keys.removeAll(List.of("name", "learning_rate", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm"));
        return keys;
    }

    @Test
    void kerasSavedConfigsLoad() {
        // keras.optimizers.serialize(RMSprop(...)) config, with Keras-only keys this port ignores
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", "rmsprop");
        cfg.put("learning_rate", 0.0005);
        cfg.put("weight_decay", null);
        cfg.put("clipnorm", null);
        cfg.put("global_clipnorm", null);
        cfg.put("clipvalue", null);
        cfg.put("use_ema", false);
        cfg.put("ema_momentum", 0.99);
        cfg.put("ema_overwrite_frequency", null);
        cfg.put("loss_scale_factor", null);
        cfg.put("gradient_accumulation_steps", null);
        cfg.put("rho", 0.8);
        cfg.put("momentum", 0.0);
        cfg.put("epsilon", 1e-07);
        cfg.put("centered", true);
        RMSprop r = (RMSprop) Registry.get().deserialize(ComponentKind.OPTIMIZER, Map.of("class_name", "RMSprop", "config", cfg),
                Optimizer.class);
        assertEquals(0.0005, r.learningRate(), 0);
        assertEquals(0.8, r.rho(), 0);
        assertTrue(r.centered());

        // a Keras-serialized schedule as the learning rate
        Map<String, Object> sched = new LinkedHashMap<>();
        sched.put("module", "keras.optimizers.schedules");
        sched.put("class_name", "ExponentialDecay");
        sched.put("config", Map.of("initial_learning_rate", 0.1, "decay_steps", 100, "decay_rate", 0.5, "staircase", true,
                "name", "ExponentialDecay"));
        sched.put("registered_name", null);
        Map<String, Object> adam = new LinkedHashMap<>();
        adam.put("learning_rate", sched);
        adam.put("beta_1", 0.85);
        Adam a = Adam.fromConfig(adam);
        assertInstanceOf(ExponentialDecay.class, a.schedule());
        assertEquals(0.1, a.learningRate(), 0);
        a.setIterations(100);
        assertEquals(0.05, a.learningRate(), 1e-15);
        assertEquals(0.85, a.beta1(), 0);
        assertEquals("adam", a.name());

        // AdamW without weight_decay gets Keras's default; an explicit one wins
        assertEquals(0.004, AdamW.fromConfig(Map.of()).weightDecayValue(), 0);
        assertEquals(0.1, AdamW.fromConfig(Map.of("weight_decay", 0.1)).weightDecayValue(), 0);
        assertEquals(0.01, SGD.fromConfig(Map.of()).learningRate(), 0);
        assertEquals("my_sgd", SGD.fromConfig(Map.of("name", "my_sgd")).name());
    }
}
