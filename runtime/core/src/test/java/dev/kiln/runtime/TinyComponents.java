package dev.kiln.runtime;

import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.layers.CallContext;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.losses.Loss;
import dev.kiln.api.losses.Reduction;
import dev.kiln.api.metrics.MeanMetricWrapper;
import dev.kiln.api.optimizers.Optimizer;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendProvider;
import java.util.List;
import java.util.ServiceLoader;

/** Minimal components written against the api only, so runtime tests need no plugin. */
final class TinyComponents {
    private TinyComponents() {}

    /** A new java (reference) backend, found as the runtime finds backends: for tests that decorate it. */
    static Backend javaBackend() {
        return ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("java")).findFirst().orElseThrow().create();
    }

    /** y = x W + b, initialised to fixed values so runs are comparable. */
    static final class Linear extends Layer {
        private final int units;
        Variable kernel;
        Variable bias;

        Linear(int units) { this.units = units; }

        @Override
        protected void build(Shape inputShape) {
            int in = inputShape.dim(-1);
            kernel = addWeight("kernel", Shape.of(in, units), (s, d) -> Tensor.full(s, 0.1, d), null, true);
            bias = addWeight("bias", Shape.of(units), (s, d) -> Tensor.zeros(s, d), null, true);
        }

        @Override
        protected Tensor call(Tensor input, CallContext ctx) { return input.matmul(kernel).add(bias); }

        @Override
        public Shape computeOutputShape(List<Shape> shapes) { return shapes.get(0).withDim(-1, units); }
    }

    static final class Mse extends Loss {
        Mse() { super("mse", Reduction.SUM_OVER_BATCH_SIZE); }

        @Override
        public Tensor call(Tensor yTrue, Tensor yPred) { return yPred.sub(yTrue).square().mean(-1, false); }
    }

    static final class Sgd extends Optimizer {
        Sgd(double lr) { super("sgd", lr); }

        @Override
        protected void build(List<Variable> variables) {}

        @Override
        protected void updateStep(Tensor gradient, Variable variable, double learningRate) {
            variable.assign(variable.sub(gradient.mul(learningRate)));
        }
    }

    /** (x, y) with y = 2 x0 - x1 + 0.5 on {@code n} samples: what {@link Linear} learns. */
    static Tensor[] linearData(int n) {
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (i % 7) / 7f;
            x[2 * i + 1] = (i % 5) / 5f;
            y[i] = 2 * x[2 * i] - x[2 * i + 1] + 0.5f;
        }
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y, n, 1)};
    }

    static MeanMetricWrapper mae() { return new MeanMetricWrapper("mae", (t, p) -> p.sub(t).abs().mean(-1, false)); }
}
