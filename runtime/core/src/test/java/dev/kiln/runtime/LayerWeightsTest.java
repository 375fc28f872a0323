package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.runtime.TinyComponents.Linear;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which weights a layer tree gives an optimizer, and in which order. */
class LayerWeightsTest {
    /** A layer whose only content is the sub-layers it tracks, in that order. */
    static final class Group extends Layer {
        Group(Layer... children) {
            for (Layer c : children) {
                track(c);
            }
        }

        @Override
        protected Tensor call(Tensor input, CallContext ctx) { return input; }

        @Override
        public Shape computeOutputShape(List<Shape> shapes) { return shapes.get(0); }
    }

    private static Linear built() {
        Linear l = new Linear(2);
        l.apply(Tensor.zeros(Shape.of(1, 2), DType.FLOAT32));
        return l;
    }

    @Test
    void trainableWeightsComeDepthFirstOnceEachWithoutFrozenLayers() {
        Linear a = built();
        Linear b = built();
        Linear c = built();
        Linear frozen = built();
        frozen.setTrainable(false);
        Group inner = new Group(b, a, frozen); // a again: shared, listed once
        Group outer = new Group(a, inner, c);
        assertEquals(List.of(a.kernel, a.bias, b.kernel, b.bias, c.kernel, c.bias), outer.trainableWeights());
        inner.setTrainable(false); // a frozen layer freezes what it holds, even a trainable sub-layer
        assertEquals(List.of(a.kernel, a.bias, c.kernel, c.bias), outer.trainableWeights());
        List<Variable> all = outer.weights();
        assertEquals(8, all.size(), "weights() still lists every weight once: " + all);
    }
}
