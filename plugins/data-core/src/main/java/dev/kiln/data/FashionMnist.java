package dev.kiln.data;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST from the Debian package {@code dataset-fashion-mnist} (or a folder given by
 * {@code -Dkiln.fashionMnist.dir} / {@code KILN_FASHION_MNIST_DIR}): 60k training and 10k test images of 28x28,
 * flattened to 784 floats in [0, 1] as the Keras guide does, with int32 labels 0..9.
 *
 * <pre>{@code
 * FashionMnist data = FashionMnist.load();
 * Tensor x = data.xTrain();     // (60000, 784)
 * Tensor y = data.yTrain();     // (60000,)
 * }</pre>
 *
 * @param xTrain training images, (n, 784) float32
 * @param yTrain training labels, (n,) int32
 * @param xTest  test images
 * @param yTest  test labels
 */
public record FashionMnist(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {
    /** Where Debian installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** All of it, from the default folder. */
    public static FashionMnist load() { return load(Integer.MAX_VALUE, Integer.MAX_VALUE); }

    /** At most {@code trainLimit} training and {@code testLimit} test samples (the first ones), from the default folder. */
    public static FashionMnist load(int trainLimit, int testLimit) { return load(defaultDir(), trainLimit, testLimit); }

    /** From {@code dir}, flattened to (n, 784). */
    public static FashionMnist load(Path dir, int trainLimit, int testLimit) {
        if (trainLimit <= 0 || testLimit <= 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid sample limit for Fashion-MNIST.", "positive limits",
                    "train " + trainLimit + ", test " + testLimit, null));
        }
        Idx.Array xtr = Idx.read(find(dir, "train-images-idx3-ubyte"), trainLimit);
        Idx.Array ytr = Idx.read(find(dir, "train-labels-idx1-ubyte"), trainLimit);
        Idx.Array xte = Idx.read(find(dir, "t10k-images-idx3-ubyte"), testLimit);
        Idx.Array yte = Idx.read(find(dir, "t10k-labels-idx1-ubyte"), testLimit);
        return new FashionMnist(flat(xtr), ytr.toIntTensor(), flat(xte), yte.toIntTensor());
    }

    private static Tensor flat(Idx.Array images) {
        int n = images.shape()[0];
        return images.toFloatTensor(1 / 255.0).reshape(n, images.values().length / Math.max(1, n));
    }

    /** The folder from {@code kiln.fashionMnist.dir}, {@code KILN_FASHION_MNIST_DIR}, or Debian's. */
    public static Path defaultDir() {
        String p = System.getProperty("kiln.fashionMnist.dir", System.getenv("KILN_FASHION_MNIST_DIR"));
        return p == null || p.isBlank() ? DEBIAN_DIR : Path.of(p);
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DatasetNotFoundException(KilnException.message("Fashion-MNIST file `" + base + "[.gz]` not found in " + dir + ".",
                "the IDX files of the dataset-fashion-mnist package", "no such file",
                "run `sudo apt-get install dataset-fashion-mnist` (or scripts/install-deps.sh), or point -Dkiln.fashionMnist.dir at a folder holding them"));
    }
}
