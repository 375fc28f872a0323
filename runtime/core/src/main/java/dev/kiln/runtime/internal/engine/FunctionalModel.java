package dev.kiln.runtime.internal.engine;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.Input;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.layers.SymbolicTensor;
import dev.kiln.api.models.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A model defined by a graph of layers from {@link Input}s to outputs (Keras's Functional). */
public final class FunctionalModel extends Model {
    private final List<Input> inputs;
    /** The inputs' dtypes, in order (read for every batch). */
    private final List<DType> inputTypes;
    private final List<SymbolicTensor> outputs;
    /** Layer outputs in an order where every node comes after its inputs. */
    private final List<SymbolicTensor> order = new ArrayList<>();
    private final List<Layer> graphLayers = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();

    FunctionalModel(List<Tensor> ins, List<Tensor> outs) {
        named(dev.kiln.api.layers.Names.unique("functional"));
        if (ins.isEmpty() || outs.isEmpty()) {
            throw new InvalidArgumentException(KilnException.message("A functional model needs inputs and outputs.",
                    "Model.of(inputs, outputs) with at least one of each", ins.size() + " inputs, " + outs.size() + " outputs", null));
        }
        this.inputs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Tensor t : ins) {
            if (!(t instanceof Input in)) {
                throw new InvalidArgumentException(KilnException.message("Model inputs must be Input objects.", "Input.of(...)",
                        t == null ? "null" : t.getClass().getSimpleName(), "pass the Input you applied the first layer to"));
            }
            if (!names.add(in.name())) {
                throw new InvalidArgumentException(KilnException.message("Two model inputs are named `" + in.name() + "`.",
                        "unique input names", in.name(), "name inputs with Input.of(...).named(...)"));
            }
            inputs.add(in);
        }
        this.inputTypes = inputs.stream().map(Tensor::dtype).toList();
        this.outputs = new ArrayList<>();
        for (Tensor t : outs) {
            if (!(t instanceof SymbolicTensor s) || t instanceof Input) {
                throw new InvalidArgumentException(KilnException.message("Model outputs must be layer outputs computed from the inputs.",
                        "the result of layer.apply(...)", t == null ? "null" : t.getClass().getSimpleName(), null));
            }
            outputs.add(s);
        }
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Layer> seenLayers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor o : outputs) {
            visit(o, visited, seenLayers);
        }
        for (SymbolicTensor o : outputs) {
            String n = o.producer().name();
            String unique = n;
            for (int i = 1; outputNames.contains(unique); i++) {
                unique = n + "_" + i;
            }
            outputNames.add(unique);
        }
        List<Shape> shapes = new ArrayList<>();
        for (Input in : inputs) {
            shapes.add(in.shape());
        }
        ensureBuilt(shapes);
    }

    private void visit(Tensor t, Set<Tensor> visited, Set<Layer> seenLayers) {
        if (!visited.add(t)) {
            return;
        }
        if (t instanceof Input in) {
            if (!inputs.contains(in)) {
                throw new InvalidArgumentException(KilnException.message("The outputs depend on " + in.describe()
                        + ", which is not among the model's inputs.", "every Input used to be passed to Model.of",
                        in.name(), "add it to the inputs list"));
            }
            return;
        }
        if (!(t instanceof SymbolicTensor s)) {
            throw new InvalidArgumentException("A functional model graph contains an eager tensor. Expected only layer outputs "
                    + "computed from Inputs. To fix: create constants inside a layer.");
        }
        for (Tensor in : s.inputs()) {
            visit(in, visited, seenLayers);
        }
        order.add(s);
        if (seenLayers.add(s.producer())) {
            graphLayers.add(s.producer());
        }
    }

    @Override
    public List<String> inputNames() {
        List<String> n = new ArrayList<>();
        for (Input in : inputs) {
            n.add(in.name());
        }
        return n;
    }

    @Override
    public List<String> outputNames() { return List.copyOf(outputNames); }

    @Override
    public List<Shape> inputShapes() {
        List<Shape> s = new ArrayList<>();
        for (Input in : inputs) {
            s.add(in.shape());
        }
        return s;
    }

    public List<Input> graphInputs() { return List.copyOf(inputs); }

    /** The inputs' dtypes, in order. */
    public List<DType> inputDTypes() { return inputTypes; }

    /** Nodes in execution order (for summaries). */
    public List<SymbolicTensor> nodes() { return List.copyOf(order); }

    @Override
    public List<Layer> layers() { return List.copyOf(graphLayers); }

    @Override
    public List<Tensor> forward(List<Tensor> values) {
        if (values.size() != inputs.size()) {
            throw new InvalidArgumentException(KilnException.message("Model `" + name() + "` expects " + inputs.size() + " inputs.",
                    inputNames(), values.size() + " tensors", null));
        }
        clearCallLosses();
        Map<Tensor, Tensor> env = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            env.put(inputs.get(i), values.get(i));
        }
        for (SymbolicTensor node : order) {
            List<Tensor> args = new ArrayList<>();
            for (Tensor in : node.inputs()) {
                args.add(env.get(in));
            }
            env.put(node, node.producer().apply(args));
        }
        List<Tensor> out = new ArrayList<>();
        for (SymbolicTensor o : outputs) {
            out.add(env.get(o));
        }
        return out;
    }
}
