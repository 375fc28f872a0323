package dev.kiln.backend.java.internal;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Attributes;
import dev.kiln.backend.spi.OptimizerOps;
import java.util.Arrays;
import java.util.Map;

/**
 * The fused optimizer updates of {@link OptimizerOps}: one loop over a variable and its slots. Each step of the rule
 * is rounded to the variable's dtype as the separate operators would round it, so a fused update gives the same
 * values as the rule written with Mul, Add, Sqrt and Div.
 */
final class OptimizerKernels {
    private OptimizerKernels() {}

    /** RMSpropUpdate(W, G, V) &rarr; W', V'. */
    static JavaArray[] rmsprop(Map<String, Object> attrs, JavaArray[] in) {
        String op = OptimizerOps.RMSPROP_UPDATE;
        check(op, in, "W", "G", "V");
        double lr = required(op, attrs, "learning_rate");
        double rho = required(op, attrs, "rho");
        double eps = required(op, attrs, "epsilon");
        JavaArray w2 = JavaArray.allocateDirty(in[0].dtype(), in[0].shape());
        JavaArray v2 = JavaArray.allocateDirty(in[0].dtype(), in[0].shape());
        if (in[0].data() instanceof float[] w) {
            rmsprop(w, in[1].floats(), in[2].floats(), w2.floats(), v2.floats(), (float) lr, (float) rho, (float) (1 - rho), (float) eps);
        } else {
            rmsprop((double[]) in[0].data(), (double[]) in[1].data(), (double[]) in[2].data(), (double[]) w2.data(),
                    (double[]) v2.data(), lr, rho, eps);
        }
        return new JavaArray[] {w2, v2};
    }

    // The update loops are methods of their own, apart from the allocations: a branch of the buffer pool taken for the
    // first time (a new size) sends the method it is inlined in back to the JIT, and with the loop inside, RMSprop's
    // recompiles took up to 0.5 s of the compiler's time in W1's first epochs.

    private static void rmsprop(float[] w, float[] g, float[] v, float[] wo, float[] vo, float lr, float rho, float oneMinusRho,
                                float eps) {
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float vi = v[i] * rho + gi * gi * oneMinusRho;
            vo[i] = vi;
            wo[i] = w[i] - gi * lr / (float) Math.sqrt(vi + eps);
        }
    }

    private static void rmsprop(double[] w, double[] g, double[] v, double[] wo, double[] vo, double lr, double rho, double eps) {
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            double vi = v[i] * rho + gi * gi * (1 - rho);
            vo[i] = vi;
            wo[i] = w[i] - gi * lr / Math.sqrt(vi + eps);
        }
    }

    /** AdamUpdate(W, G, M, V) &rarr; W', M', V'. */
    static JavaArray[] adam(Map<String, Object> attrs, JavaArray[] in) {
        String op = OptimizerOps.ADAM_UPDATE;
        check(op, in, "W", "G", "M", "V");
        double alpha = required(op, attrs, "alpha");
        double b1 = required(op, attrs, "beta_1");
        double b2 = required(op, attrs, "beta_2");
        double eps = required(op, attrs, "epsilon");
        JavaArray w2 = JavaArray.allocateDirty(in[0].dtype(), in[0].shape());
        JavaArray m2 = JavaArray.allocateDirty(in[0].dtype(), in[0].shape());
        JavaArray v2 = JavaArray.allocateDirty(in[0].dtype(), in[0].shape());
        if (in[0].data() instanceof float[] w) {
            adam(w, in[1].floats(), in[2].floats(), in[3].floats(), w2.floats(), m2.floats(), v2.floats(), (float) alpha,
                    (float) (1 - b1), (float) (1 - b2), (float) eps);
        } else {
            adam((double[]) in[0].data(), (double[]) in[1].data(), (double[]) in[2].data(), (double[]) in[3].data(),
                    (double[]) w2.data(), (double[]) m2.data(), (double[]) v2.data(), alpha, b1, b2, eps);
        }
        return new JavaArray[] {w2, m2, v2};
    }

    private static void adam(float[] w, float[] g, float[] m, float[] v, float[] wo, float[] mo, float[] vo, float alpha,
                             float oneMinusB1, float oneMinusB2, float eps) {
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * oneMinusB1;
            float vi = v[i] + (gi * gi - v[i]) * oneMinusB2;
            mo[i] = mi;
            vo[i] = vi;
            wo[i] = w[i] - mi * alpha / ((float) Math.sqrt(vi) + eps);
        }
    }

    private static void adam(double[] w, double[] g, double[] m, double[] v, double[] wo, double[] mo, double[] vo, double alpha,
                             double b1, double b2, double eps) {
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            double mi = m[i] + (gi - m[i]) * (1 - b1);
            double vi = v[i] + (gi * gi - v[i]) * (1 - b2);
            mo[i] = mi;
            vo[i] = vi;
            wo[i] = w[i] - mi * alpha / (Math.sqrt(vi) + eps);
        }
    }

    /** Every input present, floating, of the first one's dtype and shape. */
    private static void check(String op, JavaArray[] in, String... names) {
        if (in.length != names.length) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` takes " + String.join(", ", names) + ".",
                    names.length + " inputs", in.length, null));
        }
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) {
                throw new InvalidArgumentException(KilnException.message("Operator `" + op + "`: input " + names[i] + " is missing.",
                        "an array", "null", null));
            }
            if (!in[i].dtype().isFloating() || in[i].dtype() != in[0].dtype()) {
                throw new InvalidArgumentException(KilnException.message("Operator `" + op + "`: " + names[i] + " has another dtype.",
                        in[0].dtype().isFloating() ? in[0].dtype() : "float32 or float64", in[i].dtype(), "cast it to the variable's dtype"));
            }
            if (!Arrays.equals(in[i].shape(), in[0].shape())) {
                throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: " + names[i] + " is not shaped like W.",
                        Nd.str(in[0].shape()), Nd.str(in[i].shape()), "pass the variable, its gradient and its slots"));
            }
        }
    }

    private static double required(String op, Map<String, Object> attrs, String name) {
        if (!attrs.containsKey(name)) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "`: attribute `" + name + "` is required.",
                    "a number", "none", null));
        }
        double v = Attributes.getFloat(attrs, name, Double.NaN);
        if (!Double.isFinite(v)) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "`: attribute `" + name + "` is not finite.",
                    "a finite number", v, null));
        }
        return v;
    }
}
