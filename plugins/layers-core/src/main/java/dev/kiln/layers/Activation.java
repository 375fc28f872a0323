package dev.kiln.layers;

import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.layers.internal.Specs;
import java.util.List;
import java.util.Map;

/**
 * Applies an activation function as a layer (Keras's {@code layers.Activation}).
 *
 * <pre>{@code
 * Tensor probs = new Activation("softmax").apply(logits);
 * }</pre>
 */
public final class Activation extends Layer {
    private final dev.kiln.api.activations.Activation fn;

    public Activation(String activation) { this(Specs.activation(activation)); }

    public Activation(dev.kiln.api.activations.Activation fn) { this.fn = Specs.activation(fn); }

    public Activation(Map<String, Object> config) {
        super(config);
        this.fn = Specs.activation(config.get("activation"));
    }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) { return fn.apply(input); }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) { return inputShapes.get(0); }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", Specs.write(ComponentKind.ACTIVATION, fn));
        return c;
    }
}
