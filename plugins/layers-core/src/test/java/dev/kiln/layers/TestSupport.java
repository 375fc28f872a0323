package dev.kiln.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.api.GradientTape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers shared by the layer tests. */
final class TestSupport {
    private TestSupport() {}

    static Map<String, Object> f64(Map<String, Object> config) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(config);
        c.put("dtype", "float64");
        return c;
    }

    /** Finite-difference check of d sum(w * layer(x)) / d weight for every weight of a float64 layer. */
    static void checkWeightGradients(Layer layer, Tensor x) {
        Tensor probe = layer.apply(x);
        double[] w = new double[(int) probe.shape().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 + 0.1 * (i % 7);
        }
        Tensor weights = Tensor.of(w, probe.shape().dims());
        List<Variable> vars = layer.trainableWeights();
        List<Tensor> grads;
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = layer.apply(x).mul(weights).sum();
            grads = tape.gradient(loss, vars);
        }
        double eps = 1e-6;
        for (int k = 0; k < vars.size(); k++) {
            Variable v = vars.get(k);
            double[] base = v.toDoubleArray();
            double[] got = grads.get(k).toDoubleArray();
            for (int j = 0; j < base.length; j++) {
                double[] moved = base.clone();
                moved[j] = base[j] + eps;
                v.assign(Tensor.of(moved, v.shape().dims()));
                double up = layer.apply(x).mul(weights).sum().item();
                moved[j] = base[j] - eps;
                v.assign(Tensor.of(moved, v.shape().dims()));
                double down = layer.apply(x).mul(weights).sum().item();
                v.assign(Tensor.of(base, v.shape().dims()));
                double numeric = (up - down) / (2 * eps);
                assertEquals(numeric, got[j], 1e-6 * Math.max(1, Math.abs(numeric)), v.name() + "[" + j + "]");
            }
        }
    }

    static List<Double> boxed(double[] a) {
        List<Double> l = new ArrayList<>();
        for (double d : a) {
            l.add(d);
        }
        return l;
    }
}
