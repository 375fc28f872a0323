package dev.kiln.api;

import java.util.Arrays;

/**
 * The shape of a tensor. A dimension may be unknown ({@link #UNKNOWN}, printed {@code None}), as the batch
 * dimension of a model input is.
 *
 * <pre>{@code
 * Shape s = Shape.of(Shape.UNKNOWN, 784);
 * assert s.toString().equals("(None, 784)");
 * assert s.withDim(0, 64).size() == 64 * 784;
 * }</pre>
 */
public final class Shape {
    /** An unknown dimension ({@code None} in Keras). */
    public static final int UNKNOWN = -1;
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;

    private Shape(int[] dims) { this.dims = dims; }

    /** A shape with these dimensions; {@link #UNKNOWN} marks an unknown one. */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < UNKNOWN) {
                throw new InvalidArgumentException(KilnException.message("Invalid shape dimension.",
                        "non-negative sizes or Shape.UNKNOWN", Arrays.toString(dims), "pass sizes >= 0"));
            }
        }
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The shape of a scalar, {@code ()}. */
    public static Shape scalar() { return SCALAR; }

    /** {@code (None, d1, d2, ...)}: a batch of samples of the given shape. */
    public static Shape batchOf(int... sampleDims) {
        int[] d = new int[sampleDims.length + 1];
        d[0] = UNKNOWN;
        System.arraycopy(sampleDims, 0, d, 1, sampleDims.length);
        return of(d);
    }

    public int rank() { return dims.length; }

    /** The dimension at {@code axis}; negative axes count from the end. */
    public int dim(int axis) { return dims[normalizeAxis(axis)]; }

    /** A copy of the dimensions. */
    public int[] dims() { return dims.clone(); }

    /** Dimensions as int64, as ONNX shape inputs take them. */
    public long[] dimsAsLongs() {
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        return l;
    }

    public boolean isFullyDefined() {
        for (int d : dims) {
            if (d == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /** Number of elements; fails if a dimension is unknown or the count overflows a long. */
    public long size() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) {
                throw new InvalidArgumentException(KilnException.message("Cannot count the elements of a shape with an unknown dimension.",
                        "a fully defined shape", this, "give every dimension a size"));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** This shape with the dimension at {@code axis} replaced. */
    public Shape withDim(int axis, int size) {
        int[] d = dims.clone();
        d[normalizeAxis(axis)] = size;
        return new Shape(d);
    }

    /** This shape without its first dimension (the shape of one sample). */
    public Shape dropFirst() { return new Shape(Arrays.copyOfRange(dims, 1, dims.length)); }

    /** This shape with {@code size} prepended. */
    public Shape prepend(int size) {
        int[] d = new int[dims.length + 1];
        d[0] = size;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** True if {@code other} has the same rank and equal dimensions where both are known. */
    public boolean isCompatibleWith(Shape other) {
        if (other.rank() != rank()) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && other.dims[i] != UNKNOWN && dims[i] != other.dims[i]) {
                return false;
            }
        }
        return true;
    }

    /** Converts a possibly negative axis into {@code [0, rank)}, failing clearly when out of range. */
    public int normalizeAxis(int axis) {
        int r = dims.length;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) {
            throw new InvalidArgumentException(KilnException.message("Axis " + axis + " is out of range for a tensor of shape " + this + ".",
                    "an axis in [" + (-r) + ", " + r + ")", axis, null));
        }
        return a;
    }

    @Override
    public boolean equals(Object o) { return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims); }

    @Override
    public int hashCode() { return Arrays.hashCode(dims); }

    /** Keras's notation: {@code (None, 784)}, {@code (10,)}, {@code ()}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i] == UNKNOWN ? "None" : Integer.toString(dims[i]));
        }
        if (dims.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }
}
