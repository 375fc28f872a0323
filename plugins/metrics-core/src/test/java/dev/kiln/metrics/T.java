package dev.kiln.metrics;

import dev.kiln.api.Tensor;

/** Small tensor helpers for the tests. */
final class T {
    private T() {}

    /** A float32 vector. */
    static Tensor v(double... x) {
        float[] f = new float[x.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[i];
        }
        return Tensor.of(f, f.length);
    }

    /** A float32 matrix. */
    static Tensor m(int rows, int cols, double... x) { return v(x).reshape(rows, cols); }

    static Tensor ints(int... x) { return Tensor.of(x, x.length); }
}
