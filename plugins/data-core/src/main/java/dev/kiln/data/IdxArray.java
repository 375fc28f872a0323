package dev.kiln.data;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.data.internal.IdxReader;
import java.util.Arrays;

/**
 * The contents of an IDX file: its element type, its dimensions and its values in row-major order, kept in the
 * file's own width ({@code byte[]} for ubyte data, {@code float[]} for float data, ...). Immutable: every
 * accessor returns a fresh array. Converting to a {@link Tensor} needs a Kiln runtime on the class path; the
 * rest does not.
 *
 * <pre>{@code
 * IdxArray labels = Idx.read(Path.of("train-labels-idx1-ubyte.gz"));
 * int[] y = labels.toIntArray();                      // 0..9
 * IdxArray images = Idx.read(Path.of("train-images-idx3-ubyte.gz"));
 * Tensor x = images.toFloatTensor(1 / 255.0);         // (60000, 28, 28) float32 in [0, 1]
 * }</pre>
 */
public final class IdxArray {
    private final IdxType type;
    private final int[] shape;
    private final Object data; // byte[], short[], int[], float[] or double[], matching type

    private IdxArray(IdxType type, int[] shape, Object data, int length) {
        long n = count(shape);
        if (n != length) {
            throw new InvalidArgumentException(KilnException.message("IDX data does not fill its shape.",
                    n + " values for shape " + Arrays.toString(shape), length + " values", "pass as many values as the shape holds"));
        }
        this.type = type;
        this.shape = shape.clone();
        this.data = data;
    }

    private static long count(int[] shape) {
        if (shape == null || shape.length == 0 || shape.length > 255) {
            throw new InvalidArgumentException(KilnException.message("Invalid IDX shape.", "between 1 and 255 dimensions",
                    shape == null ? "null" : shape.length + " dimensions", null));
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new InvalidArgumentException(KilnException.message("Invalid IDX shape.", "sizes >= 0", Arrays.toString(shape), null));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return n;
    }

    /** Unsigned bytes (type {@link IdxType#UBYTE}); {@code data} is kept, not copied. */
    public static IdxArray ofUnsignedBytes(byte[] data, int... shape) { return new IdxArray(IdxType.UBYTE, shape, data, data.length); }

    /** Signed bytes (type {@link IdxType#BYTE}); {@code data} is kept, not copied. */
    public static IdxArray ofBytes(byte[] data, int... shape) { return new IdxArray(IdxType.BYTE, shape, data, data.length); }

    /** 16-bit integers; {@code data} is kept, not copied. */
    public static IdxArray ofShorts(short[] data, int... shape) { return new IdxArray(IdxType.SHORT, shape, data, data.length); }

    /** 32-bit integers; {@code data} is kept, not copied. */
    public static IdxArray ofInts(int[] data, int... shape) { return new IdxArray(IdxType.INT, shape, data, data.length); }

    /** 32-bit floats; {@code data} is kept, not copied. */
    public static IdxArray ofFloats(float[] data, int... shape) { return new IdxArray(IdxType.FLOAT, shape, data, data.length); }

    /** 64-bit floats; {@code data} is kept, not copied. */
    public static IdxArray ofDoubles(double[] data, int... shape) { return new IdxArray(IdxType.DOUBLE, shape, data, data.length); }

    /** The element type. */
    public IdxType type() { return type; }

    /** A copy of the dimensions. */
    public int[] shape() { return shape.clone(); }

    /** The dimensions as a Kiln {@link Shape}. */
    public Shape kilnShape() { return Shape.of(shape); }

    public int rank() { return shape.length; }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) { return shape[axis]; }

    /** Number of values. */
    public int size() {
        return switch (type) {
            case UBYTE, BYTE -> ((byte[]) data).length;
            case SHORT -> ((short[]) data).length;
            case INT -> ((int[]) data).length;
            case FLOAT -> ((float[]) data).length;
            case DOUBLE -> ((double[]) data).length;
        };
    }

    /** The value at flat (row-major) {@code index}, as a double (exact for every type). */
    public double getDouble(int index) {
        return switch (type) {
            case UBYTE -> ((byte[]) data)[index] & 0xff;
            case BYTE -> ((byte[]) data)[index];
            case SHORT -> ((short[]) data)[index];
            case INT -> ((int[]) data)[index];
            case FLOAT -> ((float[]) data)[index];
            case DOUBLE -> ((double[]) data)[index];
        };
    }

    /** The same values viewed with other dimensions (same count); the values are shared, not copied. */
    public IdxArray reshape(int... newShape) {
        return new IdxArray(type, newShape, data, size());
    }

    /** The values as floats: {@code (float) (value * scale)}; {@code scale = 1 / 255.0} maps ubyte pixels to [0, 1]. */
    public float[] toFloatArray(double scale) {
        int n = size();
        float[] out = new float[n];
        if (type == IdxType.FLOAT && scale == 1.0) {
            System.arraycopy(data, 0, out, 0, n);
        } else if (type == IdxType.UBYTE || type == IdxType.BYTE) {
            float[] table = IdxReader.byteTable(type == IdxType.UBYTE, scale);
            byte[] b = (byte[]) data;
            int offset = type == IdxType.UBYTE ? 0 : 128;
            int mask = type == IdxType.UBYTE ? 0xff : -1;
            for (int i = 0; i < n; i++) {
                out[i] = table[(b[i] & mask) + offset];
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) (getDouble(i) * scale);
            }
        }
        return out;
    }

    /** The values as floats, unscaled. */
    public float[] toFloatArray() { return toFloatArray(1.0); }

    /** The values as doubles. */
    public double[] toDoubleArray() {
        int n = size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** The values as ints; only for the integer types (labels), since floats would be truncated. */
    public int[] toIntArray() {
        if (!type.isIntegral()) {
            throw new InvalidArgumentException(KilnException.message("IDX values of type " + type + " cannot be read as integers exactly.",
                    "an integer type (ubyte, byte, short, int)", type, "use toFloatArray() or toDoubleArray()"));
        }
        if (type == IdxType.INT) {
            return ((int[]) data).clone();
        }
        int n = size();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) getDouble(i);
        }
        return out;
    }

    /** A float32 tensor of the values times {@code scale}, with this array's shape. */
    public Tensor toFloatTensor(double scale) { return Tensor.of(toFloatArray(scale), shape); }

    /** An int32 tensor (labels); only for the integer types. */
    public Tensor toIntTensor() { return Tensor.of(toIntArray(), shape); }

    /** A tensor of the natural type: int32 for the integer types, float32 for float, float64 for double. */
    public Tensor toTensor() {
        return switch (type) {
            case FLOAT -> Tensor.of((float[]) data, shape); // Tensor.of copies
            case DOUBLE -> Tensor.of((double[]) data, shape);
            default -> toIntTensor();
        };
    }

    /** Raw storage for the writer in this package. */
    Object data() { return data; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("IdxArray(").append(type).append(", (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",))" : "))").toString();
    }
}
