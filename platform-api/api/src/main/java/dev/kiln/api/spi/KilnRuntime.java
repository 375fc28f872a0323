package dev.kiln.api.spi;

import dev.kiln.api.DType;
import dev.kiln.api.GradientTape;
import dev.kiln.api.IllegalStateKilnException;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.registry.Registry;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine behind the api: implemented once, by {@code kiln-runtime}. Plugin authors never implement it;
 * they reach it through {@link Tensor}, {@link GradientTape}, {@code Model} and {@link Registry}.
 *
 * <pre>{@code
 * KilnRuntime rt = KilnRuntime.get();        // found with ServiceLoader, or installed by the host
 * Tensor y = rt.op("Relu", Map.of(), Tensor.of(new float[] {-1, 2}, 2));
 * }</pre>
 */
@ProviderType
public interface KilnRuntime {

    /** Distributions for {@link #random}. */
    enum Distribution { UNIFORM, NORMAL, TRUNCATED_NORMAL }

    /** The runtime: the one installed with {@link #install}, else the first found by ServiceLoader. */
    static KilnRuntime get() { return Holder.get(); }

    /** Installs the runtime explicitly (the OSGi host does this; tests may too). */
    static void install(KilnRuntime runtime) { Holder.installed = runtime; }

    /** Runs an ONNX-semantics operator and returns all its outputs, recording it on active tapes. */
    Tensor[] execute(String opType, Map<String, Object> attributes, Tensor... inputs);

    /**
     * The logits that {@code probabilities} was computed from, when it is the output of a Softmax over {@code axis} of
     * a tensor still live (what Keras keeps as {@code _keras_logits}); else {@code null}. Cross-entropy losses given
     * such probabilities compute from the logits, as Keras does: exact where a probability underflows to 0, and fewer
     * operators than normalizing, clipping and taking the log.
     */
    default Tensor softmaxLogits(Tensor probabilities, int axis) { return null; }

    /**
     * Runs {@code callback} on {@code value}'s values on the host: at once in an eager step, and at the same point of
     * every replay in a compiled one (as {@code jax.debug.callback} or a TensorFlow assertion op runs each time its graph
     * does). Use it where Java code must see values computed in a step: to check them and throw, or to add them to
     * Java-side state. Reading values any other way inside a compiled step makes it run eagerly, since the Java code
     * that read them could decide what runs next. The callback's own tensor operations are not part of the step.
     *
     * <pre>{@code
     * KilnRuntime.get().hostCallback(labels, l -> {
     *     if (l.toDoubleArray()[0] < 0) throw new InvalidArgumentException("negative label");
     * });
     * }</pre>
     */
    default void hostCallback(Tensor value, java.util.function.Consumer<Tensor> callback) { callback.accept(value); }

    /**
     * Whether the execution backend runs {@code opType} itself, rather than through the reference backend's fallback.
     * Fused kernels that a composition of other operators also covers (an optimizer's update, {@code ReluGrad}) are
     * used only then, so that a backend without them keeps its work on its own device.
     */
    default boolean hasKernel(String opType) { return false; }

    /**
     * Runs an operator whose outputs become the new values of {@code targets}, in order: what
     * {@code targets.get(i).assign(execute(opType, attributes, inputs)[i])} does, without recording on tapes and, where
     * the runtime can, without copying the outputs (no one else can hold them). Fused optimizer updates use it.
     */
    default void assignOutputs(String opType, Map<String, Object> attributes, List<? extends Variable> targets,
            Tensor... inputs) {
        Tensor[] out = execute(opType, attributes, inputs);
        if (out.length < targets.size()) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + opType
                    + "` has fewer outputs than variables to assign.", targets.size() + " outputs", out.length, null));
        }
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).assign(out[i]);
        }
    }

    /** Runs an operator with one output. */
    default Tensor op(String opType, Map<String, Object> attributes, Tensor... inputs) {
        return execute(opType, attributes, inputs)[0];
    }

    /** A tensor holding a copy of {@code data}, a primitive array matching {@code dtype}. */
    Tensor create(Object data, Shape shape, DType dtype);

    /**
     * {@link #create} for data the caller hands over: the backend may keep {@code data} itself instead of a copy, so
     * the caller never reads or writes the array again. Dataset readers use it for arrays decoded only to become a
     * tensor (Fashion-MNIST's 188 MB of pixels: one copy less at start-up). The default copies.
     */
    default Tensor adopt(Object data, Shape shape, DType dtype) { return create(data, shape, dtype); }

    /** A tensor filled with one value. */
    Tensor full(Shape shape, double value, DType dtype);

    /** Samples from the seeded generator; {@code a, b} are low/high or mean/stddev. */
    Tensor random(Distribution distribution, Shape shape, double a, double b, DType dtype);

    /** A new variable holding a copy of {@code initial}. */
    Variable variable(Tensor initial, String name, boolean trainable);

    GradientTape openTape(boolean persistent);

    void setSeed(long seed);

    /** A seed for one random consumer (a layer's dropout, a shuffle), drawn from the global generator. */
    long nextSeed();

    String backendName();

    Registry registry();

    /** Runs compile, fit, evaluate and predict for models. */
    ModelEngine modelEngine();

    /** Lazily loads the runtime once. */
    final class Holder {
        static volatile KilnRuntime installed;

        private Holder() {}

        static KilnRuntime get() {
            KilnRuntime r = installed;
            if (r == null) {
                synchronized (Holder.class) {
                    if (installed == null) {
                        Iterator<KilnRuntime> it = ServiceLoader.load(KilnRuntime.class, KilnRuntime.class.getClassLoader()).iterator();
                        if (!it.hasNext()) {
                            throw new IllegalStateKilnException("No Kiln runtime found. Expected dev.kiln:kiln-runtime on the class path. "
                                    + "Received: none registered for dev.kiln.api.spi.KilnRuntime. To fix: add the kiln-runtime "
                                    + "dependency (and a backend such as kiln-backend-java).");
                        }
                        installed = it.next();
                    }
                    r = installed;
                }
            }
            return r;
        }
    }
}
