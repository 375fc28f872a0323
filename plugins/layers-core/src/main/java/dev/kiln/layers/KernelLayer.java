package dev.kiln.layers;

import dev.kiln.api.Shape;
import dev.kiln.api.Variable;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.regularizers.Regularizer;
import dev.kiln.initializers.GlorotUniform;
import dev.kiln.initializers.Zeros;
import dev.kiln.layers.internal.Specs;
import java.util.Map;

/**
 * What {@link Dense} and {@link Conv2D} share: a kernel and an optional bias, their initializers (Glorot-uniform and
 * zeros, as Keras) and regularizers, set fluently until the layer is built and read from and written to a config
 * under Keras's keys ({@code use_bias}, {@code kernel_initializer}, {@code bias_initializer},
 * {@code kernel_regularizer}, {@code bias_regularizer}, {@code activity_regularizer}).
 *
 * @param <L> the layer itself, which the setters return
 */
abstract class KernelLayer<L extends KernelLayer<L>> extends Layer {
    private boolean useBias = true;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = new Zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Variable kernel;
    private Variable bias;

    KernelLayer() {}

    KernelLayer(Map<String, Object> config) { super(config); }

    @SuppressWarnings("unchecked")
    private L self() { return (L) this; }

    /** Reads the shared keys of a config (the subclass calls it where its own checks put it). */
    void readKernelConfig(Map<String, Object> config) {
        this.useBias = Configs.bool(config, "use_bias", true);
        if (config.get("kernel_initializer") != null) {
            this.kernelInitializer = Specs.initializer(config.get("kernel_initializer"), "kernel_initializer");
        }
        if (config.get("bias_initializer") != null) {
            this.biasInitializer = Specs.initializer(config.get("bias_initializer"), "bias_initializer");
        }
        this.kernelRegularizer = Specs.regularizer(config.get("kernel_regularizer"));
        this.biasRegularizer = Specs.regularizer(config.get("bias_regularizer"));
        Regularizer activity = Specs.regularizer(config.get("activity_regularizer"));
        if (activity != null) {
            activityRegularizer(activity);
        }
    }

    /** Writes the shared keys, after the subclass's own. */
    void writeKernelConfig(Map<String, Object> c) {
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Specs.write(ComponentKind.INITIALIZER, kernelInitializer));
        c.put("bias_initializer", Specs.write(ComponentKind.INITIALIZER, biasInitializer));
        c.put("kernel_regularizer", Specs.write(ComponentKind.REGULARIZER, kernelRegularizer));
        c.put("bias_regularizer", Specs.write(ComponentKind.REGULARIZER, biasRegularizer));
        c.put("activity_regularizer", Specs.write(ComponentKind.REGULARIZER, activityRegularizer()));
    }

    /** Adds the kernel of {@code kernelShape} and, with a bias, the bias of {@code (outputs,)} (from build). */
    void addKernelAndBias(Shape kernelShape, int outputs) {
        kernel = addWeight("kernel", kernelShape, kernelInitializer, kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", Shape.of(outputs), biasInitializer, biasRegularizer, true);
        }
    }

    /** Whether to add a bias (default true). */
    public L useBias(boolean use) {
        Specs.requireUnbuilt(this, "use_bias");
        this.useBias = use;
        return self();
    }

    public L kernelInitializer(Initializer init) {
        Specs.requireUnbuilt(this, "kernel_initializer");
        this.kernelInitializer = Specs.initializer(init, "kernel_initializer");
        return self();
    }

    /** By Keras name, e.g. {@code "he_normal"}. */
    public L kernelInitializer(String id) { return kernelInitializer(Specs.initializer(id, "kernel_initializer")); }

    public L biasInitializer(Initializer init) {
        Specs.requireUnbuilt(this, "bias_initializer");
        this.biasInitializer = Specs.initializer(init, "bias_initializer");
        return self();
    }

    /** By Keras name, e.g. {@code "ones"}. */
    public L biasInitializer(String id) { return biasInitializer(Specs.initializer(id, "bias_initializer")); }

    /** A penalty on the kernel; {@code null} for none. */
    public L kernelRegularizer(Regularizer r) {
        Specs.requireUnbuilt(this, "kernel_regularizer");
        this.kernelRegularizer = r;
        return self();
    }

    /** By Keras name, e.g. {@code "l2"}. */
    public L kernelRegularizer(String id) { return kernelRegularizer(Specs.regularizer(id)); }

    /** A penalty on the bias; {@code null} for none. */
    public L biasRegularizer(Regularizer r) {
        Specs.requireUnbuilt(this, "bias_regularizer");
        this.biasRegularizer = r;
        return self();
    }

    /** By Keras name, e.g. {@code "l2"}. */
    public L biasRegularizer(String id) { return biasRegularizer(Specs.regularizer(id)); }

    public boolean useBias() { return useBias; }

    public Initializer kernelInitializer() { return kernelInitializer; }

    public Initializer biasInitializer() { return biasInitializer; }

    public Regularizer kernelRegularizer() { return kernelRegularizer; }

    public Regularizer biasRegularizer() { return biasRegularizer; }

    /** The kernel, in the layout the layer documents; {@code null} before the layer is built. */
    public Variable kernel() { return kernel; }

    /** The bias, shape {@code (outputs,)}; {@code null} without one or before the layer is built. */
    public Variable bias() { return bias; }
}
