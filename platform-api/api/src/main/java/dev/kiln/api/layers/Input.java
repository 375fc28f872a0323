package dev.kiln.api.layers;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import java.util.List;

/**
 * An input of a functional model: the shape of one sample (the batch dimension is added, unknown) and a name
 * by which data is passed to {@code fit}, {@code evaluate} and {@code predict}.
 *
 * <pre>{@code
 * Input digits = Input.of(784).named("digits");      // shape (None, 784)
 * Input image = Input.of(DType.FLOAT32, 28, 28, 1);
 * }</pre>
 */
public final class Input extends SymbolicTensor {
    private final String name;

    private Input(Shape shape, DType dtype, String name) {
        super(shape, dtype, null, List.of());
        this.name = name;
    }

    /** A float32 input whose samples have shape {@code sampleShape}. */
    public static Input of(int... sampleShape) { return of(DType.FLOAT32, sampleShape); }

    /** An input of the given dtype. */
    public static Input of(DType dtype, int... sampleShape) {
        return new Input(Shape.batchOf(sampleShape), dtype, Names.unique("input"));
    }

    /** An input whose full shape, batch dimension included, is given. */
    public static Input ofShape(Shape shape, DType dtype) {
        if (shape.rank() == 0) {
            throw new InvalidArgumentException(KilnException.message("An input needs at least a batch dimension.",
                    "a shape such as (None, 784)", shape, "use Input.of(784)"));
        }
        return new Input(shape, dtype, Names.unique("input"));
    }

    /** This input under another name (the name data is matched by). */
    public Input named(String newName) {
        Names.check(newName);
        return new Input(shape(), dtype(), newName);
    }

    public String name() { return name; }

    @Override
    public String describe() { return "input `" + name + "` " + shape(); }
}
