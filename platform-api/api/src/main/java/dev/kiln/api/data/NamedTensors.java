package dev.kiln.api.data;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One or more tensors, given by position or by name: the inputs, targets or sample weights of a batch.
 * Names are matched to a model's input and output names; positions to their order.
 *
 * <pre>{@code
 * NamedTensors x = NamedTensors.of(Map.of("digits", images));
 * NamedTensors y = NamedTensors.of(labels);            // positional, one tensor
 * }</pre>
 */
public final class NamedTensors {
    private final List<String> names; // null when positional
    private final List<Tensor> tensors;

    private NamedTensors(List<String> names, List<Tensor> tensors) {
        this.names = names;
        this.tensors = tensors;
    }

    /** One positional tensor. */
    public static NamedTensors of(Tensor tensor) { return of(List.of(require(tensor, "tensor"))); }

    /** Positional tensors. */
    public static NamedTensors of(List<Tensor> tensors) {
        List<Tensor> copy = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            copy.add(require(tensors.get(i), "tensor " + i));
        }
        return new NamedTensors(null, Collections.unmodifiableList(copy));
    }

    /** Tensors by name, in the map's iteration order. */
    public static NamedTensors of(Map<String, Tensor> byName) {
        List<String> n = new ArrayList<>();
        List<Tensor> t = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : byName.entrySet()) {
            n.add(e.getKey());
            t.add(require(e.getValue(), "`" + e.getKey() + "`"));
        }
        return new NamedTensors(Collections.unmodifiableList(n), Collections.unmodifiableList(t));
    }

    /** Tensors with given names (or {@code null} names for positional). */
    public static NamedTensors of(List<String> names, List<Tensor> tensors) {
        if (names == null) {
            return of(tensors);
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), tensors.get(i));
        }
        return of(m);
    }

    private static Tensor require(Tensor t, String what) {
        if (t == null) {
            throw new InvalidArgumentException(KilnException.message("Data " + what + " is null.", "a tensor", "null", "pass every array"));
        }
        return t;
    }

    public boolean isNamed() { return names != null; }

    /** The names, or {@code null} when positional. */
    public List<String> names() { return names; }

    public List<Tensor> tensors() { return tensors; }

    public int size() { return tensors.size(); }

    public Tensor get(int index) { return tensors.get(index); }

    /** The tensor named {@code name}, or {@code null}. */
    public Tensor get(String name) {
        if (names == null) {
            return null;
        }
        int i = names.indexOf(name);
        return i < 0 ? null : tensors.get(i);
    }

    /** A copy holding other tensors under the same names (or positions). */
    public NamedTensors withTensors(List<Tensor> replacement) { return of(names, replacement); }
}
