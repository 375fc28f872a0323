package dev.kiln.data;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import dev.kiln.data.internal.IdxReader;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type code, a dimension
 * count, big-endian int32 dimensions, then the values big-endian in row-major order. Files may be raw or
 * gzip-compressed; compression is recognised from the content ({@code 1f 8b}), not the name. Every size in the
 * header is checked before anything is allocated, and a bad file fails with a {@link DataFormatException}
 * naming the file, what was expected, what was found and how to fix it ({@link DatasetNotFoundException} when
 * it does not exist).
 *
 * <pre>{@code
 * Path dir = Path.of("/usr/share/datasets/fashion-mnist");
 * Tensor x = Idx.readImages(dir.resolve("t10k-images-idx3-ubyte.gz"));   // (10000, 28, 28) float32 in [0, 1]
 * Tensor y = Idx.readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"));   // (10000,) int32
 * IdxArray raw = Idx.read(dir.resolve("t10k-labels-idx1-ubyte.gz"));     // no runtime needed
 * }</pre>
 */
public final class Idx {
    private Idx() {}

    /** The whole file, in its own element type. */
    public static IdxArray read(Path path) { return read(path, Integer.MAX_VALUE); }

    /** The first {@code limit} items (entries of the first dimension), in the file's own element type. */
    public static IdxArray read(Path path, int limit) { return IdxReader.read(path, limit, null); }

    /**
     * The first {@code limit} items, decoded straight into one float array as {@code (float) (value * scale)}
     * (no intermediate copy in the file's type); the result has type {@link IdxType#FLOAT}.
     */
    public static IdxArray readAsFloat(Path path, double scale, int limit) { return IdxReader.readFloat(path, limit, scale, null); }

    /** Only the header's element type (cheap, even for a large gzip file). */
    public static IdxType readType(Path path) { return IdxReader.readHeader(path, null).type(); }

    /** Only the header's dimensions (cheap, even for a large gzip file). */
    public static int[] readShape(Path path) { return IdxReader.readHeader(path, null).dims().clone(); }

    /** A ubyte image file as a float32 tensor of the file's shape (e.g. (N, rows, cols)), pixels divided by 255. */
    public static Tensor readImages(Path path) { return readImages(path, Integer.MAX_VALUE); }

    /** The first {@code limit} images of a ubyte image file, as float32 in [0, 1]. */
    public static Tensor readImages(Path path, int limit) {
        IdxType type = readType(path);
        if (type != IdxType.UBYTE) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " does not hold 8-bit images.",
                    "element type ubyte (0x08)", type, "use Idx.read(path) and convert the values yourself"));
        }
        IdxArray a = readAsFloat(path, 1 / 255.0, limit);
        return a.toTensor();
    }

    /** A label file (an integer type) as an int32 tensor of the file's shape, e.g. (N,). */
    public static Tensor readLabels(Path path) { return readLabels(path, Integer.MAX_VALUE); }

    /** The first {@code limit} labels of a label file, as int32. */
    public static Tensor readLabels(Path path, int limit) {
        IdxArray a = read(path, limit);
        if (!a.type().isIntegral()) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " does not hold integer labels.",
                    "an integer element type (ubyte, byte, short, int)", a.type(), "use Idx.read(path).toTensor()"));
        }
        return a.toIntTensor();
    }

    /** Writes {@code array} to {@code path}, gzip-compressed if {@code gzip}; replaces an existing file. */
    public static void write(Path path, IdxArray array, boolean gzip) {
        if (path == null || array == null) {
            throw new InvalidArgumentException(KilnException.message("Idx.write needs a path and an array.", "both",
                    path == null ? "a null path" : "a null array", null));
        }
        try (OutputStream file = Files.newOutputStream(path);
                OutputStream z = gzip ? new GZIPOutputStream(file, 1 << 16) : file;
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(z, 1 << 16))) {
            int[] shape = array.shape();
            out.write(new byte[] {0, 0, (byte) array.type().code(), (byte) shape.length});
            for (int d : shape) {
                out.writeInt(d);
            }
            Object data = array.data();
            switch (array.type()) {
                case UBYTE, BYTE -> out.write((byte[]) data);
                case SHORT -> {
                    for (short v : (short[]) data) {
                        out.writeShort(v);
                    }
                }
                case INT -> {
                    for (int v : (int[]) data) {
                        out.writeInt(v);
                    }
                }
                case FLOAT -> {
                    for (float v : (float[]) data) {
                        out.writeFloat(v);
                    }
                }
                case DOUBLE -> {
                    for (double v : (double[]) data) {
                        out.writeDouble(v);
                    }
                }
            }
        } catch (IOException e) {
            throw new DataFormatException(KilnException.message("Cannot write IDX file " + path + ".", "a writable path",
                    e.toString(), "check that the folder exists and is writable"), e);
        }
    }
}
