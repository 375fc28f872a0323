package dev.kiln.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.activations.Activations;
import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.UnknownIdentifierException;
import dev.kiln.api.layers.Input;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeLayersTest {
    private static final int N = Shape.UNKNOWN;

    @Test
    void activationLayer() {
        Tensor x = Tensor.of(new double[] {-1, 0.5, 2}, 1, 3);
        assertArrayEquals(new double[] {0, 0.5, 2}, new Activation("relu").apply(x).toDoubleArray(), 0);
        assertArrayEquals(new double[] {-0.1, 0.5, 2}, new Activation(Activations.leakyRelu(0.1)).apply(x).toDoubleArray(), 1e-15);
        assertArrayEquals(x.toDoubleArray(), new Activation((dev.kiln.api.activations.Activation) null).apply(x).toDoubleArray(), 0);
        assertEquals(Shape.of(N, 4, 5), new Activation("tanh").apply(Input.of(4, 5)).shape());
        assertThrows(UnknownIdentifierException.class, () -> new Activation("nope"));
    }

    @Test
    void flatten() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2);
        Tensor y = new Flatten().apply(x);
        assertEquals(Shape.of(2, 6), y.shape());
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());
        // channels_first: (batch, C=3, L=2) is read as channels-last (batch, L, C) before flattening
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6, 7, 9, 11, 8, 10, 12}, new Flatten("channels_first").apply(x).toFloatArray());
        assertEquals(Shape.of(N, 784), new Flatten().apply(Input.of(28, 28, 1)).shape());
        assertEquals(Shape.of(N, 1), new Flatten().apply(Input.of()).shape());
        assertEquals(Shape.of(5, 1), new Flatten().apply(Tensor.zeros(Shape.of(5), DType.FLOAT32)).shape());
        assertThrows(InvalidArgumentException.class, () -> new Flatten("channels_middle"));
    }

    @Test
    void reshape() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        Tensor y = new Reshape(2, 2).apply(x);
        assertEquals(Shape.of(2, 2, 2), y.shape());
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());
        assertEquals(Shape.of(2, 4, 1), new Reshape(-1, 1).apply(x).shape());
        assertEquals(Shape.of(N, 28, 28, 1), new Reshape(28, 28, 1).apply(Input.of(784)).shape());
        assertEquals(Shape.of(N, 4, 4), new Reshape(-1, 4).apply(Input.of(2, 8)).shape());
        assertEquals(Shape.of(N, N, 4), new Reshape(-1, 4).apply(Input.of(N, 8)).shape());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new Reshape(3, 3).apply(x));
        assertTrue(e.getMessage().contains("(4,)") && e.getMessage().contains("(3, 3)") && e.getMessage().contains("4 elements"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new Reshape(-1, 3).apply(x));
        assertThrows(ShapeMismatchException.class, () -> new Reshape(5).apply(Input.of(2, 2)));
        assertThrows(InvalidArgumentException.class, () -> new Reshape(-1, -1));
        assertThrows(InvalidArgumentException.class, () -> new Reshape(0, 2));
        assertThrows(InvalidArgumentException.class, () -> new Reshape());
    }

    @Test
    void concatenate() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {5, 6}, 2, 1);
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, new Concatenate().apply(a, b).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, new Concatenate(0).apply(a, a).toFloatArray());
        assertEquals(Shape.of(4, 2), new Concatenate(0).apply(a, a).shape());
        assertEquals(Shape.of(N, 5), new Concatenate().apply(Input.of(2), Input.of(3)).shape());
        assertEquals(Shape.of(N, 3, 9), new Concatenate().apply(Input.of(3, 4), Input.of(3, 5)).shape());
        assertEquals(Shape.of(N, 7, 4), new Concatenate(1).apply(Input.of(3, 4), Input.of(4, 4)).shape());
        assertEquals(Shape.of(N, N), new Concatenate().apply(Input.of(2), Input.of(N)).shape());
        assertArrayEquals(a.toFloatArray(), new Concatenate().apply(a).toFloatArray());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new Concatenate().apply(Input.of(3, 4), Input.of(2, 4)));
        assertTrue(e.getMessage().contains("matching shapes except for the concatenation axis")
                && e.getMessage().contains("[(None, 3, 4), (None, 2, 4)]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new Concatenate(0).apply(Input.of(2), Input.of(3)));
        assertThrows(ShapeMismatchException.class, () -> new Concatenate().apply(Input.of(2), Input.of(2, 1)));
        assertThrows(ShapeMismatchException.class, () -> new Concatenate(3).apply(Input.of(2), Input.of(2)));
        assertThrows(ShapeMismatchException.class, () -> new Concatenate(0).apply(a, Tensor.zeros(Shape.of(2, 3), DType.FLOAT32)));
    }

    @Test
    void add() {
        Tensor a = Tensor.of(new float[] {1, 2}, 1, 2);
        Tensor b = Tensor.of(new float[] {10, 20}, 1, 2);
        assertArrayEquals(new float[] {12, 24}, new Add().apply(a, b, a).toFloatArray());
        assertArrayEquals(new float[] {1, 2}, new Add().apply(a).toFloatArray());
        assertEquals(Shape.of(N, 4, 2), new Add().apply(Input.of(4, 2), Input.of(4, 2)).shape());
        assertEquals(Shape.of(N, 3), new Add().computeOutputShape(List.of(Shape.of(N, N), Shape.of(N, 3))));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new Add().apply(Input.of(2), Input.of(3)));
        assertTrue(e.getMessage().contains("[(None, 2), (None, 3)]"), e.getMessage());
        // no silent broadcasting of eager tensors either
        assertThrows(ShapeMismatchException.class, () -> new Add().apply(a, Tensor.of(new float[] {1}, 1, 1)));
        assertThrows(ShapeMismatchException.class, () -> new Add().apply(Input.of(2), Input.of(2, 1)));
    }
}
