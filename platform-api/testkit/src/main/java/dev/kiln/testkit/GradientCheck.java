package dev.kiln.testkit;

import dev.kiln.api.DType;
import dev.kiln.api.GradientTape;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.opentest4j.AssertionFailedError;

/**
 * Finite-difference gradient checks in float64: compares the gradients the tape computes for {@code f} with central
 * differences. A non-scalar output is projected on fixed random weights so every output element is checked.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {0.3, -1.2, 2.0}, 3);
 * GradientCheck.check(in -> in.get(0).tanh(), List.of(x));
 * }</pre>
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** Checks with step 1e-6 and tolerance 1e-6 (relative to max(1, |gradient|)). */
    public static void check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) { check(f, inputs, 1e-6, 1e-6); }

    /** Checks the gradient of {@code f} with respect to every floating input. */
    public static void check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, double tolerance) {
        for (Tensor t : inputs) {
            if (t.dtype().isFloating() && t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("Gradient checks need float64 inputs; received " + t.dtype());
            }
        }
        Tensor probe = f.apply(inputs);
        double[] weights = new double[(int) probe.shape().size()];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 0.5 + rng.nextDouble();
        }
        Tensor w = Tensor.of(weights, probe.shape().dims());
        Function<List<Tensor>, Tensor> scalar = in -> {
            Tensor out = f.apply(in);
            return out.cast(DType.FLOAT64).mul(w).sum();
        };
        List<Tensor> analytic;
        try (GradientTape tape = GradientTape.open()) {
            for (Tensor t : inputs) {
                tape.watch(t);
            }
            Tensor y = scalar.apply(inputs);
            analytic = tape.gradient(y, inputs);
        }
        for (int k = 0; k < inputs.size(); k++) {
            Tensor in = inputs.get(k);
            if (!in.dtype().isFloating()) {
                continue;
            }
            double[] base = in.toDoubleArray();
            double[] got = analytic.get(k).toDoubleArray();
            for (int j = 0; j < base.length; j++) {
                double numeric = (eval(scalar, inputs, k, base, j, eps) - eval(scalar, inputs, k, base, j, -eps)) / (2 * eps);
                double err = Math.abs(numeric - got[j]) / Math.max(1, Math.abs(numeric));
                if (!(err <= tolerance)) {
                    throw new AssertionFailedError("Gradient mismatch for input " + k + " element " + j + ": tape " + got[j]
                            + ", finite difference " + numeric + " (relative error " + err + " > " + tolerance + ")");
                }
            }
        }
    }

    private static double eval(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int k, double[] base, int j, double delta) {
        double[] moved = base.clone();
        moved[j] += delta;
        List<Tensor> args = new ArrayList<>(inputs);
        Shape s = inputs.get(k).shape();
        args.set(k, Tensor.of(moved, s.dims()));
        return f.apply(args).item();
    }
}
