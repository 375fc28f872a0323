package dev.kiln.api.layers;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.initializers.Initializer;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.registry.Configurable;
import dev.kiln.api.regularizers.Regularizer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layer: {@link #build} creates weights once the input shape is known, {@link #call} computes the output.
 * Everything else (naming, lazy building, the functional API on symbolic tensors, weight tracking, sub-layer
 * tracking, losses added during {@code call}, regularization) is done here.
 *
 * <pre>{@code
 * public final class Scale extends Layer {
 *     private Variable factor;
 *
 *     protected void build(Shape inputShape) {
 *         factor = addWeight("factor", Shape.of(inputShape.dim(-1)), Initializer.get("ones"), null, true);
 *     }
 *
 *     protected Tensor call(Tensor input, CallContext ctx) {
 *         return input.mul(factor);
 *     }
 * }
 * }</pre>
 *
 * <p>Sub-layers held in fields (directly, in arrays or in collections) are tracked automatically, as Keras
 * tracks attributes, so a subclassed model's weights are found without registration.
 */
public abstract class Layer implements Configurable {
    private String name;
    private boolean trainable = true;
    private boolean built;
    private DType dtype = DType.FLOAT32;
    private Regularizer activityRegularizer;
    private final List<Variable> ownWeights = new ArrayList<>();
    private final Map<Variable, Regularizer> weightRegularizers = new LinkedHashMap<>();
    private final List<Layer> explicitlyTracked = new ArrayList<>();
    private final List<Tensor> callLosses = new ArrayList<>();
    private List<Shape> buildShapes;

    protected Layer() { this.name = Names.unique(Names.snakeCase(getClass().getSimpleName())); }

    /** Reads the base settings ({@code name}, {@code trainable}, {@code dtype}) from a config. */
    protected Layer(Map<String, Object> config) {
        this();
        String n = Configs.string(config, "name", null);
        if (n != null) {
            named(n);
        }
        trainable = Configs.bool(config, "trainable", true);
        dtype = DType.of(Configs.string(config, "dtype", "float32"));
    }

    // ----------------------------------------------------------------------------------------- contract

    /** Creates weights for inputs of this shape. Single-input layers override this one. */
    protected void build(Shape inputShape) {}

    /** Creates weights for several inputs; by default delegates to {@link #build(Shape)} for one input. */
    protected void build(List<Shape> inputShapes) {
        if (inputShapes.size() == 1) {
            build(inputShapes.get(0));
        }
    }

    /** Computes the output for one input. */
    protected Tensor call(Tensor input, CallContext ctx) {
        throw new KilnException("Layer `" + name + "` (" + getClass().getName() + ") does not implement call. "
                + "Expected an override of call(Tensor, CallContext) or call(List<Tensor>, CallContext).");
    }

    /** Computes the output for several inputs; by default delegates to {@link #call(Tensor, CallContext)}. */
    protected Tensor call(List<Tensor> inputs, CallContext ctx) {
        if (inputs.size() != 1) {
            throw new InvalidArgumentException(KilnException.message("Layer `" + name + "` takes one input.", "1 input",
                    inputs.size() + " inputs", "apply it to a single tensor, or merge inputs first with Concatenate or Add"));
        }
        return call(inputs.get(0), ctx);
    }

    /**
     * The output shape for these input shapes, or {@code null} to let Kiln infer it by running {@code call} on a
     * batch of one.
     */
    public Shape computeOutputShape(List<Shape> inputShapes) { return null; }

    // ----------------------------------------------------------------------------------------- calling

    /** Applies the layer to one or more tensors (eager or symbolic). */
    public final Tensor apply(Tensor... inputs) {
        if (inputs == null) {
            throw nullInput();
        }
        return apply(List.of(inputs.clone()));
    }

    /** Applies the layer to a list of tensors (eager or symbolic). */
    public final Tensor apply(List<Tensor> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw nullInput();
        }
        boolean symbolic = false;
        List<Shape> shapes = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            if (t == null) {
                throw nullInput();
            }
            symbolic |= t.isSymbolic();
            shapes.add(t.shape());
        }
        ensureBuilt(shapes);
        if (symbolic) {
            Shape out = computeOutputShape(shapes);
            DType outType = dtype;
            if (out == null) {
                Object[] probe = inferOutput(inputs);
                out = (Shape) probe[0];
                outType = (DType) probe[1];
                if (shapes.get(0).rank() > 0 && shapes.get(0).dim(0) == Shape.UNKNOWN && out.rank() > 0) {
                    out = out.withDim(0, Shape.UNKNOWN);
                }
            }
            return new SymbolicTensor(out, outType, this, inputs);
        }
        Tensor out = call(inputs, CallContext.current());
        if (activityRegularizer != null) {
            int batch = out.shape().rank() == 0 ? 1 : out.shape().dim(0);
            addLoss(activityRegularizer.apply(out).div(Math.max(1, batch)));
        }
        return out;
    }

    /** Builds the layer for these input shapes unless already built. */
    public final void ensureBuilt(List<Shape> inputShapes) {
        if (!built) {
            build(inputShapes);
            buildShapes = List.copyOf(inputShapes);
            built = true;
        }
    }

    /** The output's shape and dtype, from a call on zeros (read before the zeros are freed: an identity layer returns them). */
    private Object[] inferOutput(List<Tensor> inputs) {
        List<Tensor> probes = new ArrayList<>();
        for (Tensor t : inputs) {
            int[] d = t.shape().dims();
            for (int i = 0; i < d.length; i++) {
                if (d[i] == Shape.UNKNOWN) {
                    d[i] = 1;
                }
            }
            probes.add(Tensor.zeros(Shape.of(d), t.dtype()));
        }
        try (CallContext.Scope s = CallContext.enter(false)) {
            Tensor out = call(probes, CallContext.current());
            callLosses.clear();
            Object[] shapeAndType = {out.shape(), out.dtype()};
            if (!probes.contains(out)) {
                out.close();
            }
            return shapeAndType;
        } finally {
            probes.forEach(Tensor::close);
        }
    }

    private InvalidArgumentException nullInput() {
        return new InvalidArgumentException(KilnException.message("Layer `" + name + "` was called with a null input.",
                "a tensor", "null", "pass the output of an Input or of another layer"));
    }

    // ----------------------------------------------------------------------------------------- weights

    /**
     * Creates a weight of this layer.
     *
     * @param regularizer a penalty added to the model's losses, or {@code null}
     */
    protected final Variable addWeight(String weightName, Shape shape, Initializer initializer, Regularizer regularizer,
                                       boolean trainableWeight) {
        Names.check(weightName);
        Tensor init = initializer.initialize(shape, dtype);
        Variable v = Variable.of(init, name + "/" + weightName, trainableWeight);
        init.close();
        ownWeights.add(v);
        if (regularizer != null) {
            weightRegularizers.put(v, regularizer);
        }
        return v;
    }

    /** All weights of this layer and its sub-layers, in creation order. */
    public List<Variable> weights() {
        List<Variable> all = new ArrayList<>();
        for (Layer l : flattenLayers()) {
            all.addAll(l.ownWeights);
        }
        return all;
    }

    /** Weights an optimizer updates: none of a frozen layer or of anything nested in it. */
    public List<Variable> trainableWeights() {
        // Depth first, a layer's own weights before its sub-layers', with a stack: every training step asks, and the
        // JIT compiled the recursive walk (inlined into itself) into 0.2-0.3 s of work in the first seconds of training.
        List<Variable> out = new ArrayList<>();
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Layer> todo = new ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            Layer l = todo.pop();
            if (!l.trainable || !seen.add(l)) {
                continue;
            }
            for (Variable v : l.ownWeights) {
                if (v.trainable()) {
                    out.add(v);
                }
            }
            List<Layer> children = l.layers();
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(children.get(i));
            }
        }
        return out;
    }

    /** Weights an optimizer does not update. */
    public List<Variable> nonTrainableWeights() {
        Set<Variable> t = Collections.newSetFromMap(new IdentityHashMap<>());
        t.addAll(trainableWeights());
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) {
            if (!t.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Copies of all weight values, in {@link #weights()} order. */
    public final List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : weights()) {
            out.add(v.value());
        }
        return out;
    }

    /** Sets all weights from values in {@link #weights()} order; shapes must match. */
    public final void setWeights(List<Tensor> values) {
        List<Variable> vars = weights();
        if (values == null || values.size() != vars.size()) {
            throw new InvalidArgumentException(KilnException.message("setWeights got the wrong number of arrays for `" + name() + "`.",
                    vars.size() + " arrays", values == null ? "null" : values.size() + " arrays", "pass getWeights() of an identical model"));
        }
        for (int i = 0; i < vars.size(); i++) {
            Tensor v = values.get(i);
            if (v == null || !v.shape().equals(vars.get(i).shape())) {
                throw new ShapeMismatchException(KilnException.message("Weight `" + vars.get(i).name() + "` has another shape.",
                        vars.get(i).shape(), v == null ? "null" : v.shape(), "pass getWeights() of an identical model"));
            }
        }
        for (int i = 0; i < vars.size(); i++) {
            vars.get(i).assign(values.get(i));
        }
    }

    /** Number of scalar parameters in {@link #weights()}. */
    public long countParams() {
        long n = 0;
        for (Variable v : weights()) {
            n += v.shape().size();
        }
        return n;
    }

    // ----------------------------------------------------------------------------------------- sub-layers

    /** Tracks a sub-layer not held in a field. Returns it for chaining. */
    protected final <L extends Layer> L track(L layer) {
        explicitlyTracked.add(layer);
        return layer;
    }

    /** Direct sub-layers: those held in fields (also in arrays and collections) and those tracked explicitly. */
    public List<Layer> layers() {
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Layer> out = new ArrayList<>();
        for (Layer l : explicitlyTracked) {
            if (l != this && seen.add(l)) {
                out.add(l);
            }
        }
        for (Field f : SUBLAYER_FIELDS.get(getClass())) {
            Object value;
            try {
                value = f.get(this);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            collect(value, seen, out);
        }
        return out;
    }

    /**
     * Per layer class, the instance fields that can hold sub-layers (layers, collections, object arrays), made
     * accessible once: listing a class's fields on every call cost more than the rest of a batch-1 predict step.
     */
    private static final ClassValue<Field[]> SUBLAYER_FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Layer.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    Class<?> t = f.getType();
                    boolean holder = Layer.class.isAssignableFrom(t) || Collection.class.isAssignableFrom(t)
                            || t.isArray() && !t.getComponentType().isPrimitive();
                    if (Modifier.isStatic(f.getModifiers()) || !holder) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        fields.add(f);
                    } catch (RuntimeException e) {
                        // a field this module cannot open is not followed, as before
                    }
                }
            }
            return fields.toArray(new Field[0]);
        }
    };

    private void collect(Object value, Set<Layer> seen, List<Layer> out) {
        if (value instanceof Layer l) {
            if (l != this && seen.add(l)) {
                out.add(l);
            }
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                collect(o, seen, out);
            }
        } else if (value instanceof Object[] a) {
            for (Object o : a) {
                collect(o, seen, out);
            }
        }
    }

    /** This layer and all nested sub-layers, depth first, each once; a frozen layer hides nothing here. */
    public final List<Layer> flattenLayers() {
        List<Layer> out = new ArrayList<>();
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        flatten(this, seen, out);
        return out;
    }

    private static void flatten(Layer l, Set<Layer> seen, List<Layer> out) {
        if (!seen.add(l)) {
            return;
        }
        out.add(l);
        for (Layer c : l.layers()) {
            flatten(c, seen, out);
        }
    }

    // ----------------------------------------------------------------------------------------- losses

    /** Adds a scalar loss computed during {@code call} (Keras's {@code add_loss}); the trainer adds it to the total. */
    public final void addLoss(Tensor loss) {
        if (loss == null) {
            throw new InvalidArgumentException(KilnException.message("addLoss got null.", "a scalar tensor", "null", null));
        }
        callLosses.add(loss.shape().rank() == 0 ? loss : loss.sum());
    }

    /** Losses added during the last call plus weight regularization penalties, of this layer and its sub-layers. */
    public List<Tensor> losses() {
        List<Tensor> out = new ArrayList<>();
        for (Layer l : flattenLayers()) {
            out.addAll(l.callLosses);
            for (Map.Entry<Variable, Regularizer> e : l.weightRegularizers.entrySet()) {
                out.add(e.getValue().apply(e.getKey()));
            }
        }
        return out;
    }

    /** Forgets losses added by previous calls; models call this before each forward pass. */
    public final void clearCallLosses() {
        for (Layer l : flattenLayers()) {
            l.callLosses.clear();
        }
    }

    // ----------------------------------------------------------------------------------------- properties

    public final String name() { return name; }

    /** Renames the layer (before it is used in a model); returns it for chaining. */
    @SuppressWarnings("unchecked")
    public final <T extends Layer> T named(String newName) {
        Names.check(newName);
        this.name = newName;
        return (T) this;
    }

    public final boolean trainable() { return trainable; }

    /** Freezes ({@code false}) or unfreezes the layer and its sub-layers. */
    public void setTrainable(boolean trainable) { this.trainable = trainable; }

    public final boolean isBuilt() { return built; }

    /** Input shapes the layer was built for, or {@code null}. */
    public final List<Shape> buildShapes() { return buildShapes; }

    /** The dtype of weights and outputs. */
    public final DType dtype() { return dtype; }

    /** Sets an activity regularizer: a penalty on this layer's output added to the loss. */
    @SuppressWarnings("unchecked")
    public final <T extends Layer> T activityRegularizer(Regularizer regularizer) {
        this.activityRegularizer = regularizer;
        return (T) this;
    }

    public final Regularizer activityRegularizer() { return activityRegularizer; }

    /** {@code name}, {@code trainable}, {@code dtype}; subclasses add their constructor arguments. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("trainable", trainable);
        c.put("dtype", dtype.kerasName());
        return c;
    }

    @Override
    public String toString() { return getClass().getSimpleName() + "(" + name + ")"; }
}
