package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.api.DType;
import dev.kiln.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    private static void assumeInstalled() {
        assumeTrue(Files.isRegularFile(FashionMnist.DEBIAN_DIR.resolve("train-images-idx3-ubyte.gz"))
                || Files.isRegularFile(FashionMnist.DEBIAN_DIR.resolve("train-images-idx3-ubyte")),
                "dataset-fashion-mnist is not installed (sudo apt-get install dataset-fashion-mnist)");
    }

    @Test
    void fullDataSetFromDebian() {
        assumeInstalled();
        FashionMnist d = FashionMnist.load(FashionMnist.DEBIAN_DIR);
        assertEquals(DType.FLOAT32, d.xTrain().dtype());
        assertEquals(DType.INT32, d.yTrain().dtype());
        assertArrayEquals(new int[] {60000, 784}, d.xTrain().shape().dims());
        assertArrayEquals(new int[] {60000}, d.yTrain().shape().dims());
        assertArrayEquals(new int[] {10000, 784}, d.xTest().shape().dims());
        assertArrayEquals(new int[] {10000}, d.yTest().shape().dims());

        int[] y = d.yTrain().toIntArray();
        assertEquals(9, y[0], "the first training image is an ankle boot");
        assertEquals("Ankle boot", FashionMnist.className(y[0]));
        assertEquals(0, d.yTrain().toIntArray()[1], "then a T-shirt/top");
        int[] perClass = new int[10];
        for (int label : y) {
            perClass[label]++; // also proves 0 <= label < 10
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, perClass[c], "Fashion-MNIST is balanced: class " + c);
        }
        assertEquals(9, d.yTest().toIntArray()[0], "the first test image is an ankle boot too");

        float[] px = d.xTest().toFloatArray();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        double sum = 0;
        for (float v : px) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        double mean = sum / px.length;
        assertTrue(mean > 0.27 && mean < 0.30, "mean test pixel is about 0.286, was " + mean);
    }

    @Test
    void subsetAndImageLayout() {
        assumeInstalled();
        FashionMnist flat = FashionMnist.load(FashionMnist.DEBIAN_DIR, 100, 20);
        FashionMnist images = FashionMnist.load(FashionMnist.DEBIAN_DIR, 100, 20, FashionMnist.Layout.IMAGES);
        assertArrayEquals(new int[] {100, 784}, flat.xTrain().shape().dims());
        assertArrayEquals(new int[] {20}, flat.yTest().shape().dims());
        assertArrayEquals(new int[] {100, 28, 28, 1}, images.xTrain().shape().dims());
        assertArrayEquals(new int[] {20, 28, 28, 1}, images.xTest().shape().dims());
        assertArrayEquals(flat.xTrain().toFloatArray(), images.xTrain().toFloatArray(), 0f);
        assertEquals(FashionMnist.CLASS_NAMES, flat.classNames());
    }

    @Test
    void defaultDirHonoursTheSystemProperty() {
        String old = System.getProperty(FashionMnist.DIR_PROPERTY);
        try {
            System.setProperty(FashionMnist.DIR_PROPERTY, dir.toString());
            assertEquals(dir, FashionMnist.defaultDir());
            DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(3, 3));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains(FashionMnist.DIR_PROPERTY), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(FashionMnist.DIR_PROPERTY);
            } else {
                System.setProperty(FashionMnist.DIR_PROPERTY, old);
            }
        }
    }

    @Test
    void missingFilesSayHowToInstall() {
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(dir, 10, 10));
        assertTrue(e.getMessage().contains("sudo apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    /** A fake Fashion-MNIST in a temp folder: 3 training and 2 test images, raw and gzipped files mixed. */
    private void fake(int[] trainLabels, int trainImages) {
        byte[] px = new byte[trainImages * 784];
        px[0] = (byte) 255;
        px[784] = (byte) 51;
        Idx.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxArray.ofUnsignedBytes(px, trainImages, 28, 28), true);
        byte[] labels = new byte[trainLabels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) trainLabels[i];
        }
        Idx.write(dir.resolve("train-labels-idx1-ubyte"), IdxArray.ofUnsignedBytes(labels, labels.length), false);
        Idx.write(dir.resolve("t10k-images-idx3-ubyte"), IdxArray.ofUnsignedBytes(new byte[2 * 784], 2, 28, 28), false);
        Idx.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxArray.ofUnsignedBytes(new byte[] {1, 2}, 2), true);
    }

    @Test
    void loadsAFolderOfRawAndGzippedFiles() {
        fake(new int[] {9, 0, 3}, 3);
        FashionMnist d = FashionMnist.load(dir);
        assertArrayEquals(new int[] {3, 784}, d.xTrain().shape().dims());
        assertArrayEquals(new int[] {9, 0, 3}, d.yTrain().toIntArray());
        assertArrayEquals(new int[] {1, 2}, d.yTest().toIntArray());
        float[] x = d.xTrain().toFloatArray();
        assertEquals(1f, x[0]);
        assertEquals(0.2f, x[784], 0f);
        FashionMnist two = FashionMnist.load(dir, 2, 99);
        assertArrayEquals(new int[] {2, 784}, two.xTrain().shape().dims());
        assertArrayEquals(new int[] {2}, two.yTest().shape().dims());
    }

    @Test
    void inconsistentFilesAreReported() throws IOException {
        fake(new int[] {9, 0}, 3);
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("does not match") && e.getMessage().contains("reinstall the dataset-fashion-mnist"), e.getMessage());

        fake(new int[] {9, 0, 12}, 3);
        e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("invalid label") && e.getMessage().contains("12"), e.getMessage());

        fake(new int[] {9, 0, 1}, 3);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz") && e.getMessage().contains("apt-get install --reinstall"), e.getMessage());
    }

    @Test
    void idxTensorHelpers() throws IOException {
        Path images = dir.resolve("imgs");
        Idx.write(images, IdxArray.ofUnsignedBytes(new byte[] {0, (byte) 255, 51, 102}, 1, 2, 2), false);
        Tensor x = Idx.readImages(images);
        assertEquals(DType.FLOAT32, x.dtype());
        assertArrayEquals(new int[] {1, 2, 2}, x.shape().dims());
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f}, x.toFloatArray(), 0f);

        Path labels = dir.resolve("labels.gz");
        Idx.write(labels, IdxArray.ofUnsignedBytes(new byte[] {3, 1, 4}, 3), true);
        Tensor y = Idx.readLabels(labels, 2);
        assertEquals(DType.INT32, y.dtype());
        assertArrayEquals(new int[] {3, 1}, y.toIntArray());

        Path floats = dir.resolve("floats");
        Idx.write(floats, IdxArray.ofFloats(new float[] {0.5f, 2f}, 2), false);
        assertThrows(DataFormatException.class, () -> Idx.readImages(floats));
        assertThrows(DataFormatException.class, () -> Idx.readLabels(floats));
        Tensor f = Idx.read(floats).toTensor();
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new float[] {0.5f, 2f}, f.toFloatArray(), 0f);
        Path doubles = dir.resolve("doubles");
        Idx.write(doubles, IdxArray.ofDoubles(new double[] {0.25}, 1), false);
        assertEquals(DType.FLOAT64, Idx.read(doubles).toTensor().dtype());
        assertEquals(DType.INT32, Idx.read(labels).toTensor().dtype());
    }
}
