package dev.kiln.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Kiln;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.Input;
import dev.kiln.api.layers.Layer;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Registry;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Conv2D and the pooling layers against plain loops written in Keras's NHWC layout. */
class ConvLayersTest {
    private static double[] random(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    /** Keras-layout reference: x (n,h,w,c), kernel (kh,kw,c/g,f), "same" padding as TensorFlow (odd pixel after). */
    private static double[] referenceConv(double[] x, int n, int h, int w, int c, double[] k, int kh, int kw, int f,
            int[] s, int[] d, boolean same, int groups, double[] bias, int oh, int ow) {
        int padTop = 0;
        int padLeft = 0;
        if (same) {
            padTop = Math.max((oh - 1) * s[0] + (kh - 1) * d[0] + 1 - h, 0) / 2;
            padLeft = Math.max((ow - 1) * s[1] + (kw - 1) * d[1] + 1 - w, 0) / 2;
        }
        int cg = c / groups;
        int fg = f / groups;
        double[] y = new double[n * oh * ow * f];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < f; o++) {
                        int g = o / fg;
                        double acc = bias == null ? 0 : bias[o];
                        for (int p = 0; p < kh; p++) {
                            for (int q = 0; q < kw; q++) {
                                int yy = i * s[0] + p * d[0] - padTop;
                                int xx = j * s[1] + q * d[1] - padLeft;
                                if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                                    continue;
                                }
                                for (int ci = 0; ci < cg; ci++) {
                                    acc += x[((b * h + yy) * w + xx) * c + g * cg + ci] * k[((p * kw + q) * cg + ci) * f + o];
                                }
                            }
                        }
                        y[((b * oh + i) * ow + j) * f + o] = acc;
                    }
                }
            }
        }
        return y;
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.max(1, Math.abs(expected[i])), "at " + i);
        }
    }

    private static void checkConv(int n, int h, int w, int c, int f, int kh, int kw, int[] s, int[] d, String padding, int groups) {
        Conv2D conv = new Conv2D(Map.of("filters", f, "kernel_size", java.util.List.of(kh, kw), "strides", java.util.List.of(s[0], s[1]),
                "dilation_rate", java.util.List.of(d[0], d[1]), "padding", padding, "groups", groups, "dtype", "float64",
                "bias_initializer", "random_normal"));
        double[] x = random(n * h * w * c, 7);
        Tensor out = conv.apply(Tensor.of(x, n, h, w, c));
        Shape expectedShape = conv.computeOutputShape(java.util.List.of(Shape.of(n, h, w, c)));
        assertEquals(expectedShape, out.shape());
        double[] ref = referenceConv(x, n, h, w, c, conv.kernel().toDoubleArray(), kh, kw, f, s, d, padding.equals("same"), groups,
                conv.bias().toDoubleArray(), out.shape().dim(1), out.shape().dim(2));
        assertClose(ref, out.toDoubleArray());
    }

    @Test
    void conv2dMatchesKerasLayoutReference() {
        Kiln.setSeed(3);
        checkConv(2, 7, 6, 3, 4, 3, 3, new int[] {1, 1}, new int[] {1, 1}, "valid", 1);
        checkConv(2, 7, 6, 3, 4, 3, 2, new int[] {2, 2}, new int[] {1, 1}, "same", 1);
        checkConv(1, 8, 8, 2, 2, 3, 3, new int[] {1, 1}, new int[] {2, 2}, "same", 1);
        checkConv(1, 6, 5, 4, 6, 2, 2, new int[] {1, 2}, new int[] {1, 1}, "valid", 2);
    }

    @Test
    void conv2dShapesActivationAndChannelsFirst() {
        Tensor x = Input.of(28, 28, 1);
        Tensor h = new Conv2D(32, 3, "relu").apply(x);
        assertEquals(Shape.of(Shape.UNKNOWN, 26, 26, 32), h.shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 13, 13, 32), new MaxPooling2D(2).apply(h).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 14, 14, 8), new Conv2D(8, 3).padding("same").strides(2).apply(x).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 32), new GlobalAveragePooling2D().apply(h).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 1, 1, 32), new GlobalMaxPooling2D("channels_last", true).apply(h).shape());

        Kiln.setSeed(5);
        Conv2D last = new Conv2D(Map.of("filters", 3, "kernel_size", 2, "dtype", "float64", "activation", "relu"));
        Conv2D first = new Conv2D(Map.of("filters", 3, "kernel_size", 2, "dtype", "float64", "activation", "relu",
                "data_format", "channels_first"));
        double[] xs = random(2 * 5 * 4 * 3, 11);
        Tensor nhwc = Tensor.of(xs, 2, 5, 4, 3);
        Tensor a = last.apply(nhwc);
        first.apply(nhwc.transpose(0, 3, 1, 2));
        first.setWeights(last.getWeights());
        Tensor b = first.apply(nhwc.transpose(0, 3, 1, 2)).transpose(0, 2, 3, 1);
        assertClose(a.toDoubleArray(), b.toDoubleArray());
        for (double v : a.toDoubleArray()) {
            assertTrue(v >= 0, "relu applied");
        }
    }

    @Test
    void poolingMatchesLoops() {
        int n = 2;
        int h = 5;
        int w = 5;
        int c = 3;
        double[] x = random(n * h * w * c, 13);
        Tensor t = Tensor.of(x, n, h, w, c);
        Tensor max = new MaxPooling2D(2).apply(t);
        Tensor avgSame = new AveragePooling2D(new int[] {2, 2}, null, "same", "channels_last").apply(t);
        assertEquals(Shape.of(2, 2, 2, 3), max.shape());
        assertEquals(Shape.of(2, 3, 3, 3), avgSame.shape());
        double[] m = max.toDoubleArray();
        double[] a = avgSame.toDoubleArray();
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double best = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        int count = 0;
                        for (int p = 0; p < 2; p++) {
                            for (int q = 0; q < 2; q++) {
                                int yy = 2 * i + p;
                                int xx = 2 * j + q;
                                if (yy < h && xx < w) {
                                    double v = x[((b * h + yy) * w + xx) * c + ch];
                                    best = Math.max(best, v);
                                    sum += v;
                                    count++;
                                }
                            }
                        }
                        // "same" average leaves padded positions out of the mean, as Keras.
                        assertEquals(sum / count, a[((b * 3 + i) * 3 + j) * c + ch], 1e-12);
                        if (i < 2 && j < 2) {
                            assertEquals(best, m[((b * 2 + i) * 2 + j) * c + ch], 0);
                        }
                    }
                }
                double mean = 0;
                for (int k = 0; k < h * w; k++) {
                    mean += x[(b * h * w + k) * c + ch];
                }
                assertEquals(mean / (h * w), new GlobalAveragePooling2D().apply(t).toDoubleArray()[b * c + ch], 1e-12);
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Kiln.setSeed(9);
        Tensor x = Tensor.of(random(2 * 6 * 5 * 4, 17), 2, 6, 5, 4);
        TestSupport.checkWeightGradients(new Conv2D(Map.of("filters", 4, "kernel_size", 3, "dtype", "float64",
                "padding", "same", "strides", 2, "bias_initializer", "random_normal")), x);
        TestSupport.checkWeightGradients(new Conv2D(Map.of("filters", 4, "kernel_size", 2, "dtype", "float64",
                "groups", 2, "dilation_rate", 2)), x);
        // Pooling layers have no weights: check the input gradient through a conv placed before them.
        for (Layer pool : new Layer[] {new MaxPooling2D(2), new AveragePooling2D(new int[] {2, 2}, null, "same", "channels_last"),
                new GlobalMaxPooling2D(), new GlobalAveragePooling2D()}) {
            Conv2D conv = new Conv2D(Map.of("filters", 3, "kernel_size", 2, "dtype", "float64"));
            Layer stack = new Stack(conv, pool);
            TestSupport.checkWeightGradients(stack, x);
        }
    }

    /** Two layers applied in turn, so weight gradients flow through the second. */
    private static final class Stack extends Layer {
        private final Layer first;
        private final Layer second;

        Stack(Layer first, Layer second) {
            this.first = track(first);
            this.second = track(second);
        }

        @Override
        protected Tensor call(Tensor input, dev.kiln.api.layers.CallContext ctx) { return second.apply(first.apply(input)); }
    }

    @Test
    void configsRoundTripWithKerasKeys() {
        Layer[] layers = {new Conv2D(8, 3, "relu").strides(2).padding("same"), new Conv2D(4, 2).dilationRate(2).groups(2).useBias(false),
                new Conv2D(2, 3).dataFormat("channels_first"), new MaxPooling2D(3), new AveragePooling2D(new int[] {2, 3}, new int[] {1, 1}, "same",
                "channels_first"), new GlobalAveragePooling2D(), new GlobalMaxPooling2D("channels_first", true)};
        for (Layer l : layers) {
            Map<String, Object> saved = Registry.get().serialize(ComponentKind.LAYER, l);
            Layer back = Registry.get().deserialize(ComponentKind.LAYER, saved, Layer.class);
            assertSame(l.getClass(), back.getClass());
            assertEquals(l.getConfig(), back.getConfig(), saved.toString());
        }
        Map<String, Object> c = new Conv2D(8, 3, "relu").getConfig();
        assertEquals(java.util.List.of(3, 3), c.get("kernel_size"));
        assertEquals("valid", c.get("padding"));
        assertEquals(java.util.List.of(2, 2), new MaxPooling2D(2).getConfig().get("strides"));
        assertSame(MaxPooling2D.class, Registry.get().create(ComponentKind.LAYER, "max_pooling2d", Map.of("pool_size", 2), Layer.class)
                .getClass());
    }

    @Test
    void badInputGetsKerasStyleErrors() {
        assertThrows(InvalidArgumentException.class, () -> new Conv2D(0, 3));
        assertThrows(InvalidArgumentException.class, () -> new Conv2D(4, -1));
        assertThrows(InvalidArgumentException.class, () -> new Conv2D(4, 3).padding("full"));
        assertThrows(InvalidArgumentException.class, () -> new Conv2D(4, 3).groups(3));
        assertThrows(InvalidArgumentException.class, () -> new Conv2D(4, 3).strides(2).dilationRate(2));
        assertThrows(InvalidArgumentException.class, () -> new MaxPooling2D(0));
        InvalidArgumentException rank = assertThrows(InvalidArgumentException.class, () -> new Conv2D(4, 3).apply(Input.of(28, 28)));
        assertTrue(rank.getMessage().contains("expected ndim=4"), rank.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new Conv2D(4, 5).apply(Tensor.zeros(Shape.of(1, 3, 3, 1), dev.kiln.api.DType.FLOAT32)));
        Conv2D built = new Conv2D(4, 3);
        built.apply(Tensor.zeros(Shape.of(1, 5, 5, 2), dev.kiln.api.DType.FLOAT32));
        ShapeMismatchException channels = assertThrows(ShapeMismatchException.class,
                () -> built.apply(Tensor.zeros(Shape.of(1, 5, 5, 3), dev.kiln.api.DType.FLOAT32)));
        assertTrue(channels.getMessage().contains("2 channels"), channels.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new MaxPooling2D(4).apply(Tensor.zeros(Shape.of(1, 3, 3, 1), dev.kiln.api.DType.FLOAT32)));
    }

    @Test
    void softmaxActivationNormalisesChannels() {
        Kiln.setSeed(4);
        Tensor y = new Conv2D(Map.of("filters", 5, "kernel_size", 2, "activation", "softmax", "dtype", "float64"))
                .apply(Tensor.of(random(2 * 4 * 4 * 3, 5), 2, 4, 4, 3));
        double[] v = y.toDoubleArray();
        for (int p = 0; p < v.length; p += 5) {
            double sum = 0;
            for (int c = 0; c < 5; c++) {
                sum += v[p + c];
            }
            assertEquals(1.0, sum, 1e-12, "channels at position " + p / 5);
        }
    }

    @Test
    void aTransposeUndoneIsSkippedAndGradientsStillFlow() {
        Tensor x = Tensor.of(random(2 * 3 * 4, 8), 2, 3, 4);
        Tensor back = x.transpose(0, 2, 1).transpose(0, 2, 1);
        assertEquals(x.shape(), back.shape());
        org.junit.jupiter.api.Assertions.assertArrayEquals(x.toDoubleArray(), back.toDoubleArray(), 0);
        dev.kiln.api.Variable v = dev.kiln.api.Variable.of(x, "v", true);
        java.util.List<Tensor> g;
        try (dev.kiln.api.GradientTape tape = dev.kiln.api.GradientTape.open()) {
            Tensor loss = v.mul(2.0).transpose(1, 2, 0).mul(Tensor.of(random(24, 9), 3, 4, 2)).transpose(2, 0, 1).sum();
            g = tape.gradient(loss, java.util.List.of(v));
        }
        double[] w = random(24, 9);
        double[] got = g.get(0).toDoubleArray();
        // d/dv of sum(2 v^T(1,2,0) * w) = 2 * w transposed back to v's layout (2, 3, 4)
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(2 * w[(i * 4 + j) * 2 + b], got[(b * 3 + i) * 4 + j], 1e-12);
                }
            }
        }
    }
}
