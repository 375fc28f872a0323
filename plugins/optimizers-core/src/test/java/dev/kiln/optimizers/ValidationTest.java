package dev.kiln.optimizers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments fail with Keras-form messages naming the argument, what was expected and what was received. */
class ValidationTest {

    private static void fails(String arg, Executable e) {
        InvalidArgumentException ex = assertThrows(InvalidArgumentException.class, e);
        String m = ex.getMessage();
        assertTrue(m.contains(arg) && m.contains("Expected") && m.contains("Received"), m);
    }

    @Test
    void optimizerArguments() {
        fails("momentum", () -> new SGD().momentum(1.5));
        fails("momentum", () -> new SGD().momentum(-0.1));
        fails("momentum", () -> new SGD().momentum(Double.NaN));
        fails("momentum", () -> new RMSprop().momentum(2));
        fails("rho", () -> new RMSprop().rho(1.0));
        fails("rho", () -> new RMSprop().rho(-0.5));
        fails("rho", () -> new Adadelta().rho(1.0));
        fails("epsilon", () -> new RMSprop().epsilon(0));
        fails("epsilon", () -> new Adam().epsilon(-1e-7));
        fails("epsilon", () -> new Adagrad().epsilon(0));
        fails("epsilon", () -> new Adadelta().epsilon(0));
        fails("epsilon", () -> new Adamax().epsilon(0));
        fails("epsilon", () -> new Nadam().epsilon(Double.POSITIVE_INFINITY));
        fails("beta_1", () -> new Adam().beta1(1.0));
        fails("beta_2", () -> new AdamW().beta2(1.2));
        fails("beta_1", () -> new Adamax().beta1(-0.1));
        fails("beta_2", () -> new Nadam().beta2(1));
        fails("initial_accumulator_value", () -> new Adagrad().initialAccumulatorValue(-1));
        fails("learning rate", () -> new SGD(-0.1));
        fails("learning rate", () -> new Adam(0));
        fails("weight_decay", () -> new AdamW().weightDecay(-0.1));
        fails("clipnorm", () -> new SGD().clipnorm(-1));
        fails("clipvalue", () -> new SGD().clipvalue(0));
        fails("clipnorm", () -> new SGD().clipnorm(1).globalClipnorm(1));
        fails("schedule", () -> new SGD((dev.kiln.api.optimizers.LearningRateSchedule) null));
    }

    @Test
    void configArguments() {
        fails("rho", () -> RMSprop.fromConfig(Map.of("rho", 1.5)));
        fails("momentum", () -> SGD.fromConfig(Map.of("momentum", "a lot")));
        fails("nesterov", () -> SGD.fromConfig(Map.of("nesterov", "yes")));
        fails("learning_rate", () -> Adam.fromConfig(Map.of("learning_rate", "fast")));
        fails("beta_1", () -> Nadam.fromConfig(Map.of("beta_1", 1.0)));
        fails("epsilon", () -> Adamax.fromConfig(Map.of("epsilon", 0)));
        fails("clipnorm", () -> Adagrad.fromConfig(Map.of("clipnorm", -2)));
    }
}
