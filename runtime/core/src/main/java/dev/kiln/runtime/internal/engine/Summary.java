package dev.kiln.runtime.internal.engine;

import dev.kiln.api.Shape;
import dev.kiln.api.layers.Input;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.layers.SymbolicTensor;
import dev.kiln.api.models.Model;
import dev.kiln.api.models.Sequential;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Keras's {@code model.summary()} table. */
final class Summary {
    private static final int[] COLS = {29, 26, 10};
    private static final int WIDTH = 65;

    private Summary() {}

    static String of(Model model) {
        List<String[]> rows = new ArrayList<>();
        if (model instanceof FunctionalModel f) {
            for (Input in : f.graphInputs()) {
                rows.add(new String[] {in.name() + " (InputLayer)", "[" + in.shape() + "]", "0"});
            }
            Map<Layer, Shape> shapes = new LinkedHashMap<>();
            for (SymbolicTensor node : f.nodes()) {
                shapes.putIfAbsent(node.producer(), node.shape());
            }
            shapes.forEach((l, s) -> rows.add(row(l, s.toString())));
        } else if (model instanceof Sequential s && s.input() != null) {
            Tensor t = s.input();
            for (Layer l : s.stack()) {
                t = l.apply(t);
                rows.add(row(l, t.shape().toString()));
            }
        } else {
            for (Layer l : model.layers()) {
                rows.add(row(l, l.isBuilt() ? "multiple" : "(unbuilt)"));
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append("_".repeat(WIDTH)).append('\n');
        sb.append(line(new String[] {"Layer (type)", "Output Shape", "Param #"})).append('\n');
        sb.append("=".repeat(WIDTH)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(line(rows.get(i))).append('\n');
            if (i < rows.size() - 1) {
                sb.append(" ".repeat(WIDTH)).append('\n');
            }
        }
        sb.append("=".repeat(WIDTH)).append('\n');
        long total = count(model.weights());
        long trainable = count(model.trainableWeights());
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
        sb.append("_".repeat(WIDTH)).append('\n');
        return sb.toString();
    }

    private static String[] row(Layer l, String shape) {
        return new String[] {l.name() + " (" + l.getClass().getSimpleName() + ")", shape, Long.toString(l.isBuilt() ? l.countParams() : 0)};
    }

    private static long count(List<Variable> vars) {
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long n = 0;
        for (Variable v : vars) {
            if (seen.add(v)) {
                n += v.shape().size();
            }
        }
        return n;
    }

    private static String line(String[] cells) {
        StringBuilder sb = new StringBuilder(" ");
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            int w = COLS[i] - (i == 0 ? 1 : 0);
            sb.append(c.length() >= w ? c.substring(0, w - 1) + " " : c + " ".repeat(w - c.length()));
        }
        return sb.toString();
    }
}
