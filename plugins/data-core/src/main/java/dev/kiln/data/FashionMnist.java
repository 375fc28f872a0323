package dev.kiln.data;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.spi.KilnRuntime;
import dev.kiln.data.internal.IdxReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST, as {@code keras.datasets.fashion_mnist.load_data()} gives it and the Keras guide prepares it:
 * 60,000 training and 10,000 test images of 28x28 pixels, flattened to 784 float32 values in [0, 1]
 * ({@code reshape(60000, 784).astype("float32") / 255}), with int32 labels 0..9 ({@link #CLASS_NAMES}).
 *
 * <p>The IDX files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each raw or {@code .gz}) are looked for in the folder named by the system
 * property {@code kiln.fashionMnist.dir}, else the environment variable {@code KILN_FASHION_MNIST_DIR}, else
 * {@code /usr/share/datasets/fashion-mnist} where the Debian package {@code dataset-fashion-mnist} installs them.
 *
 * <pre>{@code
 * FashionMnist data = FashionMnist.load();
 * Tensor x = data.xTrain();                                   // (60000, 784) float32
 * Tensor y = data.yTrain();                                   // (60000,) int32
 * String first = data.className(y.toIntArray()[0]);           // "Ankle boot"
 * FashionMnist small = FashionMnist.load(FashionMnist.defaultDir(), 1000, 200, FashionMnist.Layout.IMAGES); // (1000, 28, 28, 1)
 * }</pre>
 *
 * @param xTrain training images, (n, 784) float32 in [0, 1] (or (n, 28, 28, 1) with {@link Layout#IMAGES})
 * @param yTrain training labels, (n,) int32 in 0..9
 * @param xTest  test images
 * @param yTest  test labels
 */
public record FashionMnist(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {
    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** System property naming the folder. */
    public static final String DIR_PROPERTY = "kiln.fashionMnist.dir";
    /** Environment variable naming the folder (read when the property is not set). */
    public static final String DIR_ENV = "KILN_FASHION_MNIST_DIR";
    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Image height and width. */
    public static final int SIDE = 28;

    private static final String INSTALL = "sudo apt-get install dataset-fashion-mnist";
    private static final String REINSTALL = "reinstall the dataset-fashion-mnist package (sudo apt-get install --reinstall dataset-fashion-mnist)";

    /** How images are laid out. */
    public enum Layout {
        /** (n, 784): one row of pixels per image, for dense models (the Keras guide's MLP). */
        FLAT,
        /** (n, 28, 28, 1): channels-last images, for convolutional models. */
        IMAGES
    }

    /** The class names, by label. */
    public List<String> classNames() { return CLASS_NAMES; }

    /** The name of class {@code label} ({@code 9} is {@code "Ankle boot"}). */
    public static String className(int label) {
        if (label < 0 || label >= CLASS_NAMES.size()) {
            throw new InvalidArgumentException(KilnException.message("Invalid Fashion-MNIST label.", "a label in 0..9", label, null));
        }
        return CLASS_NAMES.get(label);
    }

    /** All of it, flattened, from {@link #defaultDir()}. */
    public static FashionMnist load() { return load(defaultDir(), Integer.MAX_VALUE, Integer.MAX_VALUE, Layout.FLAT); }

    /** The first {@code trainLimit} training and {@code testLimit} test samples, flattened, from {@link #defaultDir()}. */
    public static FashionMnist load(int trainLimit, int testLimit) { return load(defaultDir(), trainLimit, testLimit, Layout.FLAT); }

    /** All of it, flattened, from {@code dir}. */
    public static FashionMnist load(Path dir) { return load(dir, Integer.MAX_VALUE, Integer.MAX_VALUE, Layout.FLAT); }

    /** The first {@code trainLimit} training and {@code testLimit} test samples, flattened, from {@code dir}. */
    public static FashionMnist load(Path dir, int trainLimit, int testLimit) { return load(dir, trainLimit, testLimit, Layout.FLAT); }

    /**
     * The first {@code trainLimit} training and {@code testLimit} test samples (limits above the data set's size
     * take all of it) from {@code dir}, laid out as {@code layout}.
     */
    public static FashionMnist load(Path dir, int trainLimit, int testLimit, Layout layout) {
        if (trainLimit <= 0 || testLimit <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid sample limit for Fashion-MNIST.", "positive limits",
                    "train " + trainLimit + ", test " + testLimit, "pass Integer.MAX_VALUE for all samples"));
        }
        if (dir == null || layout == null) {
            throw new InvalidArgumentException(KilnException.message("FashionMnist.load needs a folder and a layout.", "both",
                    dir == null ? "a null folder" : "a null layout", "use FashionMnist.load() for the default folder"));
        }
        Split train = split(dir, "train", trainLimit, layout);
        Split test = split(dir, "t10k", testLimit, layout);
        return new FashionMnist(train.x, train.y, test.x, test.y);
    }

    private record Split(Tensor x, Tensor y) {}

    private static Split split(Path dir, String prefix, int limit, Layout layout) {
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        IdxReader.Header ih = IdxReader.readHeader(images, REINSTALL);
        IdxReader.Header lh = IdxReader.readHeader(labels, REINSTALL);
        int[] d = ih.dims();
        if (ih.type() != IdxType.UBYTE || d.length != 3 || d[1] != SIDE || d[2] != SIDE) {
            throw new DataFormatException(KilnException.message("Fashion-MNIST image file " + images + " has an unexpected header.",
                    "ubyte (n, 28, 28)", ih.describe(), REINSTALL));
        }
        if (lh.type() != IdxType.UBYTE || lh.dims().length != 1 || lh.dims()[0] != d[0]) {
            throw new DataFormatException(KilnException.message("Fashion-MNIST label file " + labels + " does not match its images.",
                    "ubyte (" + d[0] + ",)", lh.describe(), REINSTALL));
        }
        int n = Math.min(limit, d[0]);
        // One float[] decoded straight from the stream, then handed over to the runtime (a heap backend keeps it).
        float[] pixels = (float[]) IdxReader.readFloat(images, n, 1 / 255.0, REINSTALL).data();
        int[] y = IdxReader.read(labels, n, REINSTALL).toIntArray();
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= CLASS_NAMES.size()) {
                throw new DataFormatException(KilnException.message("Fashion-MNIST label file " + labels + " holds an invalid label at index " + i + ".",
                        "labels in 0..9", y[i], REINSTALL));
            }
        }
        Shape shape = layout == Layout.FLAT ? Shape.of(n, SIDE * SIDE) : Shape.of(n, SIDE, SIDE, 1);
        Tensor x = KilnRuntime.get().adopt(pixels, shape, DType.FLOAT32);
        return new Split(x, Tensor.of(y, n));
    }

    /** The folder from {@code -Dkiln.fashionMnist.dir}, else {@code KILN_FASHION_MNIST_DIR}, else {@link #DEBIAN_DIR}. */
    public static Path defaultDir() {
        String p = System.getProperty(DIR_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(DIR_ENV);
        }
        return p == null || p.isBlank() ? DEBIAN_DIR : Path.of(p);
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        String where = dir.equals(DEBIAN_DIR) ? "" : " (set by -D" + DIR_PROPERTY + ", " + DIR_ENV + " or the caller)";
        throw new DatasetNotFoundException(KilnException.message("Fashion-MNIST file `" + base + "[.gz]` not found in " + dir + where + ".",
                "the IDX files of the dataset-fashion-mnist package", Files.isDirectory(dir) ? "no such file" : "no such folder",
                "run `" + INSTALL + "` (or scripts/install-deps.sh), or point -D" + DIR_PROPERTY + " at a folder holding the files"));
    }
}
