package dev.kiln.api.initializers;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configurable;
import dev.kiln.api.registry.Registry;
import java.util.Map;

/**
 * Produces the initial value of a weight. Random initializers draw from Kiln's seeded generator, so
 * {@code Kiln.setSeed} makes them repeat.
 *
 * <pre>{@code
 * Initializer init = Initializer.get("glorot_uniform");
 * Tensor kernel = init.initialize(Shape.of(784, 64), DType.FLOAT32);
 * }</pre>
 */
@FunctionalInterface
public interface Initializer extends Configurable {

    Tensor initialize(Shape shape, DType dtype);

    static Initializer get(String id) {
        return Registry.get().create(ComponentKind.INITIALIZER, id, Map.of(), Initializer.class);
    }

    /**
     * Fan-in and fan-out of a weight shape as Keras computes them: a dense kernel {@code (in, out)} gives
     * {@code (in, out)}; a convolution kernel {@code (h, w, in, out)} multiplies both by {@code h*w}.
     */
    static double[] fans(Shape shape) {
        int r = shape.rank();
        if (r == 0) {
            return new double[] {1, 1};
        }
        if (r == 1) {
            return new double[] {shape.dim(0), shape.dim(0)};
        }
        if (r == 2) {
            return new double[] {shape.dim(0), shape.dim(1)};
        }
        double receptive = 1;
        for (int i = 0; i < r - 2; i++) {
            receptive *= shape.dim(i);
        }
        return new double[] {shape.dim(r - 2) * receptive, shape.dim(r - 1) * receptive};
    }
}
