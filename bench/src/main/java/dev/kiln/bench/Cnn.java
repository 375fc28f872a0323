package dev.kiln.bench;

import dev.kiln.api.Tensor;
import dev.kiln.api.layers.Input;
import dev.kiln.api.models.Model;
import dev.kiln.layers.Conv2D;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Flatten;
import dev.kiln.layers.MaxPooling2D;

/**
 * The W2 convolutional network: Conv2D(32,3,relu)-MaxPooling2D(2)-Conv2D(64,3,relu)-MaxPooling2D(2)-Flatten-
 * Dense(128,relu)-Dense(10,softmax) on (28, 28, 1) channels-last images (Keras defaults: strides 1, "valid").
 * The anchor's {@code cnn} is the same network in NCHW.
 */
final class Cnn {
    private Cnn() {}

    static Model build() {
        Input in = Input.of(28, 28, 1).named("images");
        Tensor x = new Conv2D(32, 3, "relu").apply(in);
        x = new MaxPooling2D(2).apply(x);
        x = new Conv2D(64, 3, "relu").apply(x);
        x = new MaxPooling2D(2).apply(x);
        x = new Flatten().apply(x);
        x = new Dense(128, "relu").apply(x);
        return Model.of(in, new Dense(10, "softmax").apply(x));
    }
}
