package dev.kiln.data;

import dev.kiln.api.KilnException;
import dev.kiln.api.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format), gzip-compressed or raw (detected from the content). Sizes come from the
 * header and are checked before anything is allocated; a bad file fails with {@link DataFormatException}.
 *
 * <pre>{@code
 * Idx.Array images = Idx.read(Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"));
 * Tensor x = images.toFloatTensor(1 / 255.0);        // (10000, 28, 28) float32 in [0, 1]
 * }</pre>
 */
public final class Idx {
    private Idx() {}

    /** Element types of the format. */
    public enum Type {
        UBYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

        final int code;
        final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /** The contents of an IDX file: its type, its dimensions and its values as doubles. */
    public record Array(Type type, int[] shape, double[] values) {
        /** The values as a float32 tensor, each multiplied by {@code scale}. */
        public Tensor toFloatTensor(double scale) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) (values[i] * scale);
            }
            return Tensor.of(f, shape);
        }

        /** The values as an int32 tensor (labels). */
        public Tensor toIntTensor() {
            int[] v = new int[values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (int) values[i];
            }
            return Tensor.of(v, shape);
        }
    }

    /** Reads the whole file. */
    public static Array read(Path path) { return read(path, Integer.MAX_VALUE); }

    /** Reads at most {@code limit} items (entries of the first dimension). */
    public static Array read(Path path, int limit) {
        long fileSize;
        try {
            fileSize = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException(KilnException.message("IDX file not found: " + path + ".", "an existing file",
                    "no such file", "check the path"));
        } catch (IOException e) {
            throw new DataFormatException("Cannot read IDX file " + path + ": " + e.getMessage(), e);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return parse(path, new DataInputStream(in), gzip ? -1 : fileSize, limit);
        } catch (EOFException e) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " is truncated.",
                    "as many values as the header declares", "fewer", "download or reinstall the file"), e);
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " is not valid gzip data.",
                    "a gzip stream or a raw IDX file", e.getMessage(), "reinstall the file"), e);
        } catch (IOException e) {
            throw new DataFormatException("Cannot read IDX file " + path + ": " + e.getMessage(), e);
        }
    }

    private static Array parse(Path path, DataInputStream in, long rawSize, int limit) throws IOException {
        int zero0 = in.read();
        int zero1 = in.read();
        int typeCode = in.read();
        int rank = in.read();
        if (zero0 < 0 || zero1 < 0 || typeCode < 0 || rank < 0) {
            throw new EOFException("header");
        }
        if (zero0 != 0 || zero1 != 0 || rank < 0) {
            throw new DataFormatException(KilnException.message("File " + path + " is not an IDX file: bad magic number.",
                    "00 00 <type> <rank>", String.format("%02x %02x %02x %02x", zero0 & 0xff, zero1 & 0xff, typeCode & 0xff, rank & 0xff),
                    "check that the path names an IDX file"));
        }
        Type type = Type.of(typeCode);
        if (type == null) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " has an unknown element type.",
                    "one of 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E", String.format("0x%02X", typeCode), "check the file"));
        }
        if (rank == 0) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " declares no dimensions.", "at least 1", 0, null));
        }
        int[] shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int d = in.readInt();
            if (d < 0) {
                throw new DataFormatException(KilnException.message("IDX file " + path + " declares a negative dimension.",
                        "sizes >= 0", d, "reinstall the file"));
            }
            shape[i] = d;
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(KilnException.message("IDX file " + path + " declares too many values.",
                        "at most " + (Integer.MAX_VALUE - 8), java.util.Arrays.toString(shape), "the file is corrupt; reinstall it"));
            }
        }
        long declaredBytes = count * type.bytes;
        if (rawSize >= 0 && declaredBytes > rawSize - 4 - 4L * rank) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " is truncated.", declaredBytes + " bytes of data",
                    (rawSize - 4 - 4L * rank) + " bytes", "reinstall the file"));
        }
        int items = Math.min(shape[0], limit);
        long perItem = shape[0] == 0 ? 0 : count / shape[0];
        shape[0] = items;
        int n = (int) (perItem * items);
        double[] values = new double[n];
        if (type == Type.UBYTE || type == Type.BYTE) {
            byte[] buf = new byte[n];
            in.readFully(buf);
            for (int i = 0; i < n; i++) {
                values[i] = type == Type.UBYTE ? buf[i] & 0xff : buf[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                values[i] = switch (type) {
                    case SHORT -> in.readShort();
                    case INT -> in.readInt();
                    case FLOAT -> in.readFloat();
                    default -> in.readDouble();
                };
            }
        }
        return new Array(type, shape, values);
    }
}
