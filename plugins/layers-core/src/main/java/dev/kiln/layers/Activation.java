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
 * Applies an activation function as a layer (Keras's {@code layers.Activation}); the function itself is a
 * {@link dev.kiln.api.activations.Activation}.
 *
 * <pre>{@code
 * Tensor probs = new Activation("softmax").apply(new Dense(10).apply(h));
 * Tensor y = new Activation(Activations.leakyRelu(0.1)).apply(x);
 * }</pre>
 */
public final class Activation extends Layer {
    private final dev.kiln.api.activations.Activation fn;

    /** By Keras name ({@code "relu"}); an unknown name fails listing the registered activations. */
    public Activation(String activation) { this.fn = Specs.activation(activation); }

    /** With a function; {@code null} means linear. */
    public Activation(dev.kiln.api.activations.Activation fn) { this.fn = Specs.activation(fn); }

    /** From a config with key {@code activation}. */
    public Activation(Map<String, Object> config) {
        super(config);
        this.fn = Specs.activation(config.get("activation"));
    }

    /** The registered factory: the same as {@link #Activation(Map)}. */
    public static Activation fromConfig(Map<String, Object> config) { return new Activation(config); }

    /** The function applied. */
    public dev.kiln.api.activations.Activation function() { return fn; }

    @Override
    protected Tensor call(Tensor input, CallContext ctx) { return fn.apply(input); }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) { return inputShapes.get(0); }

    /** {@code activation}, plus name, trainable, dtype. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", Specs.write(ComponentKind.ACTIVATION, fn));
        return c;
    }
}
