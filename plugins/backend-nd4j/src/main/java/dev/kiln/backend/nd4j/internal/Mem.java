package dev.kiln.backend.nd4j.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Allocation with a size check before native memory is asked for, and shape helpers. */
final class Mem {
    private Mem() {}

    static String str(int[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            sb.append(i > 0 ? ", " : "").append(s[i]);
        }
        return sb.append(s.length == 1 ? ",)" : ")").toString();
    }

    static String str(long[] s) {
        int[] i = new int[s.length];
        for (int k = 0; k < s.length; k++) {
            i[k] = (int) s[k];
        }
        return str(i);
    }

    /** The most bytes one array may take: JavaCPP's limit and physical memory, whichever is smaller. */
    static long limitBytes() {
        long l = limit;
        if (l == 0) {
            limit = l = computeLimit();
        }
        return l;
    }

    /** Computed once: asking the OS for physical memory on every allocation costs more than a small op. */
    private static volatile long limit;

    private static long computeLimit() {
        long limit = Long.MAX_VALUE;
        long max = Pointer.maxBytes();
        if (max > 0) {
            limit = Math.min(limit, max);
        }
        long phys = Pointer.totalPhysicalBytes();
        if (phys > 0) {
            limit = Math.min(limit, phys);
        }
        return limit;
    }

    /** Element count of {@code shape}, after checking it fits the native allocator. */
    static long checkedSize(int[] shape, DType dtype) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new InvalidArgumentException(KilnException.message("Invalid shape " + str(shape) + ".",
                        "non-negative dimensions", str(shape), null));
            }
            n = Math.multiplyHigh(n, d) != 0 || n * d < 0 ? Long.MAX_VALUE : n * d;
        }
        long limit = limitBytes();
        long bytes = n >= Long.MAX_VALUE / dtype.byteSize() ? Long.MAX_VALUE : n * dtype.byteSize();
        if (bytes > limit || n > Integer.MAX_VALUE) {
            throw new InvalidArgumentException(KilnException.message("Tensor of shape " + str(shape) + " " + dtype.kerasName()
                    + " is too large for the nd4j backend: it needs " + (bytes == Long.MAX_VALUE ? "more than 2^63" : Long.toString(bytes))
                    + " bytes.", "at most " + limit + " bytes (JavaCPP's maxbytes / physical memory) and 2^31-1 elements",
                    bytes == Long.MAX_VALUE ? "an overflowing size" : bytes + " bytes",
                    "use smaller batches or shapes, or raise -Dorg.bytedeco.javacpp.maxbytes"));
        }
        return n;
    }

    static long[] longs(int[] s) {
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            l[i] = s[i];
        }
        return l;
    }

    static int[] ints(long[] s) {
        int[] l = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            l[i] = Math.toIntExact(s[i]);
        }
        return l;
    }

    static long size(long[] s) {
        long n = 1;
        for (long d : s) {
            n *= d;
        }
        return n;
    }

    /** An uninitialised c-order array, size-checked. */
    static INDArray alloc(DataType type, long[] shape) {
        checkedSize(ints(shape), Nd4jArray.dtype(type));
        if (size(shape) == 0) {
            return Nd4j.create(type, shape);
        }
        return Nd4j.createUninitialized(type, shape, 'c');
    }

    static INDArray create(Object data, int[] shape, DType dtype) {
        long[] s = longs(shape);
        if (size(s) == 0) {
            return Nd4j.create(Nd4jArray.nd4j(dtype), s);
        }
        // one memcpy into an uninitialised buffer (Nd4j.create(float[], ...) copies element by element)
        INDArray a = Nd4j.createUninitialized(Nd4jArray.nd4j(dtype), s, 'c');
        Pointer p = a.data().addressPointer();
        switch (dtype) {
            case FLOAT32 -> new FloatPointer(p).put((float[]) data);
            case FLOAT64 -> new DoublePointer(p).put((double[]) data);
            case INT32 -> new IntPointer(p).put((int[]) data);
            case INT64 -> new LongPointer(p).put((long[]) data);
            case BOOL -> {
                boolean[] b = (boolean[]) data;
                byte[] bytes = new byte[b.length];
                for (int i = 0; i < b.length; i++) {
                    bytes[i] = (byte) (b[i] ? 1 : 0);
                }
                new BytePointer(p).put(bytes);
            }
        }
        return a;
    }

    static INDArray full(int[] shape, double value, DType dtype) {
        INDArray a = alloc(Nd4jArray.nd4j(dtype), longs(shape));
        if (a.length() > 0) {
            a.assign(dtype == DType.BOOL ? (value != 0 ? 1 : 0) : value);
        }
        return a;
    }

    /** A new array of {@code dtype} from doubles (values converted as a Java cast does; bools are nonzero). */
    static Nd4jArray fromDoubles(DType dtype, int[] shape, double[] d) {
        checkedSize(shape, dtype);
        Object data = switch (dtype) {
            case FLOAT32 -> {
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                yield f;
            }
            case FLOAT64 -> d;
            case INT32 -> {
                int[] f = new int[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (int) d[i];
                }
                yield f;
            }
            case INT64 -> {
                long[] f = new long[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (long) d[i];
                }
                yield f;
            }
            case BOOL -> {
                boolean[] f = new boolean[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = d[i] != 0;
                }
                yield f;
            }
        };
        return new Nd4jArray(create(data, shape, dtype));
    }

    static int axis(long axis, int rank, String op) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "`: axis " + axis + " is out of range.",
                    "an axis in [" + (-rank) + ", " + rank + ")", axis, null));
        }
        return (int) a;
    }

    /** NumPy multidirectional broadcasting. */
    static long[] broadcast(String op, long[]... shapes) {
        int r = 0;
        for (long[] s : shapes) {
            r = Math.max(r, s.length);
        }
        long[] out = new long[r];
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = r - s.length + i;
                long d = s[i];
                if (out[o] == 1) {
                    out[o] = d;
                } else if (d != 1 && d != out[o]) {
                    StringBuilder got = new StringBuilder();
                    for (long[] x : shapes) {
                        got.append(got.length() > 0 ? " and " : "").append(str(x));
                    }
                    throw new ShapeMismatchException(KilnException.message("Operator `" + op + "`: shapes cannot be broadcast together.",
                            "shapes whose dimensions are equal or 1, aligned from the right", got,
                            "reshape an operand so its dimensions match"));
                }
            }
        }
        return out;
    }

    static InvalidArgumentException bad(String op, String expected, Object got) {
        return new InvalidArgumentException(KilnException.message("Invalid input to operator `" + op + "`.", expected, got, null));
    }
}
