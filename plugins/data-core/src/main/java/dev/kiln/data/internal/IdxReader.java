package dev.kiln.data.internal;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.data.DataFormatException;
import dev.kiln.data.DatasetNotFoundException;
import dev.kiln.data.IdxArray;
import dev.kiln.data.IdxType;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Parses IDX files, raw or gzip-compressed (recognised by the gzip magic {@code 1f 8b}, not by the name).
 * Every size in the header is checked before anything is allocated: the element count must fit a Java array,
 * and a raw file must hold the bytes its header declares. For a gzip file the uncompressed length recorded in
 * its trailer is compared with the header; when they disagree (a corrupt or multi-member file) the data is
 * first read in small chunks, so a lying header cannot make the reader allocate more than the file really
 * decompresses to. A whole gzip file is read to its end, so its CRC and length are checked too. Not part of
 * the exported API.
 */
public final class IdxReader {
    /** The largest element count a Java array can hold. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** The hint used when a caller gives none. */
    public static final String DEFAULT_FIX = "check that the path names an intact IDX file (re-download or regenerate it)";

    private static final int BUFFER = 1 << 16;
    private static final int CHUNK = 1 << 20;

    private IdxReader() {}

    /** A parsed header. {@code dims} are as declared; {@code headerBytes} is 4 + 4 * rank. */
    public record Header(IdxType type, int[] dims, long elements) {
        public int headerBytes() { return 4 + 4 * dims.length; }

        public long payloadBytes() { return elements * type.byteSize(); }

        /** Values per item (the product of all dimensions but the first). */
        public long perItem() {
            long p = 1;
            for (int i = 1; i < dims.length; i++) {
                p *= dims[i];
            }
            return p;
        }

        public String describe() { return type + " " + shapeString(dims); }
    }

    /** What to decode into. */
    private enum Target { NATIVE, FLOAT }

    /** Reads the header only (cheap even for a large gzip file). */
    public static Header readHeader(Path path, String fix) {
        String f = fix == null ? DEFAULT_FIX : fix;
        long size = checkFile(path, f);
        try (Opened o = open(path, size, f)) {
            return o.header;
        } catch (EOFException e) {
            throw truncatedStream(path, f, e);
        } catch (ZipException e) {
            throw badGzip(path, f, e);
        } catch (IOException e) {
            throw unreadable(path, f, e);
        }
    }

    /** The first {@code limit} items (entries of the first dimension), in the file's element type. */
    public static IdxArray read(Path path, int limit, String fix) { return read(path, limit, Target.NATIVE, 1.0, fix); }

    /** The first {@code limit} items converted straight into one float array as {@code (float) (value * scale)}. */
    public static IdxArray readFloat(Path path, int limit, double scale, String fix) { return read(path, limit, Target.FLOAT, scale, fix); }

    private static IdxArray read(Path path, int limit, Target target, double scale, String fix) {
        if (limit < 0) {
            throw new InvalidArgumentException(KilnException.message("Invalid item limit for IDX file " + path + ".",
                    "a limit >= 0", limit, "pass Integer.MAX_VALUE to read everything"));
        }
        String f = fix == null ? DEFAULT_FIX : fix;
        long size = checkFile(path, f);
        try (Opened o = open(path, size, f)) {
            Header h = o.header;
            int[] shape = h.dims.clone();
            shape[0] = Math.min(shape[0], limit);
            long n = shape[0] * h.perItem(); // <= h.elements, so it fits an int
            long bytes = n * h.type.byteSize();
            InputStream in = o.in;
            if (o.gzip && !o.sizeTrusted) {
                in = prefetch(path, in, bytes, h, f);
            }
            IdxArray result = decode(path, in, h, shape, (int) n, target, scale, f);
            if (o.gzip && shape[0] == h.dims[0]) {
                drain(o.in); // reaches the gzip trailer: checks the CRC and that the stream is complete
            }
            return result;
        } catch (EOFException e) {
            throw truncatedStream(path, f, e);
        } catch (ZipException e) {
            throw badGzip(path, f, e);
        } catch (IOException e) {
            throw unreadable(path, f, e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Opening and the header

    private static final class Opened implements AutoCloseable {
        final InputStream in;
        final Header header;
        final boolean gzip;
        final boolean sizeTrusted;

        Opened(InputStream in, Header header, boolean gzip, boolean sizeTrusted) {
            this.in = in;
            this.header = header;
            this.gzip = gzip;
            this.sizeTrusted = sizeTrusted;
        }

        @Override
        public void close() throws IOException { in.close(); }
    }

    private static long checkFile(Path path, String fix) {
        if (path == null) {
            throw new InvalidArgumentException(KilnException.message("No IDX file given.", "a path", "null", null));
        }
        if (Files.isDirectory(path)) {
            throw new DataFormatException(KilnException.message("Cannot read IDX file " + path + ": it is a directory.",
                    "a file", "a directory", fix));
        }
        try {
            long size = Files.size(path);
            if (size == 0) {
                throw new DataFormatException(KilnException.message("IDX file " + path + " is empty.",
                        "a 4-byte magic number, the dimensions and the data", "0 bytes", fix));
            }
            return size;
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException(KilnException.message("IDX file " + path + " not found.",
                    "an IDX file (raw or gzip-compressed)", "no such file", fix));
        } catch (IOException e) {
            throw unreadable(path, fix, e);
        }
    }

    private static Opened open(Path path, long fileSize, String fix) throws IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(path), BUFFER);
        try {
            file.mark(2);
            int b0 = file.read();
            int b1 = file.read();
            file.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(file, BUFFER) : file;
            Header h = parseHeader(path, in, fix);
            boolean trusted = true;
            if (gzip) {
                long isize = gzipTrailerSize(path, fileSize);
                trusted = isize >= 0 && isize == ((h.headerBytes() + h.payloadBytes()) & 0xffffffffL);
            } else {
                long available = fileSize - h.headerBytes();
                if (h.payloadBytes() > available) {
                    throw new DataFormatException(KilnException.message("IDX file " + path + " is truncated: its header declares "
                            + h.describe() + " but the file is too short.", h.payloadBytes() + " bytes of data",
                            available + " bytes", fix));
                }
            }
            return new Opened(in, h, gzip, trusted);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static Header parseHeader(Path path, InputStream in, String fix) throws IOException {
        byte[] magic = new byte[4];
        int got = readFully(in, magic, 0, 4);
        if (got > 0 && magic[0] != 0 || got > 1 && magic[1] != 0) {
            throw badMagic(path, magic, got, fix);
        }
        if (got < 4) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " is truncated: the header ends early.",
                    "a 4-byte magic number", got + " bytes", fix));
        }
        int code = magic[2] & 0xff;
        IdxType type = IdxType.fromCode(code);
        if (type == null) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " has an unknown element type.",
                    "type code 0x08 (ubyte), 0x09 (byte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double)",
                    String.format("0x%02X", code), fix));
        }
        int rank = magic[3] & 0xff;
        if (rank == 0) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " declares no dimensions.",
                    "a dimension count of at least 1", 0, fix));
        }
        byte[] d = new byte[4 * rank];
        got = readFully(in, d, 0, d.length);
        if (got < d.length) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " is truncated: the header ends early.",
                    rank + " dimensions (" + d.length + " bytes)", got + " bytes", fix));
        }
        ByteBuffer bb = ByteBuffer.wrap(d).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[rank];
        long elements = 1;
        boolean tooMany = false;
        for (int i = 0; i < rank; i++) {
            dims[i] = bb.getInt();
        }
        for (int i = 0; i < rank; i++) {
            if (dims[i] < 0) {
                throw new DataFormatException(KilnException.message("IDX file " + path + " declares a negative dimension.",
                        "sizes between 0 and " + Integer.MAX_VALUE, shapeString(dims) + " (read as signed 32-bit integers)", fix));
            }
            elements *= dims[i];
            if (elements > MAX_ELEMENTS) {
                tooMany = true;
                elements = MAX_ELEMENTS + 1; // keep multiplying without overflow
            }
        }
        if (tooMany && elements != 0) {
            throw new DataFormatException(KilnException.message("IDX file " + path + " declares too many values for one array: "
                    + shapeString(dims) + ".", "at most " + MAX_ELEMENTS + " values",
                    productString(dims) + " values", fix));
        }
        return new Header(type, dims, tooMany ? 0 : elements);
    }

    private static DataFormatException badMagic(Path path, byte[] magic, int got, String fix) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < got; i++) {
            hex.append(i > 0 ? " " : "").append(String.format("%02x", magic[i] & 0xff));
        }
        return new DataFormatException(KilnException.message("File " + path + " is not an IDX file: bad magic number.",
                "00 00 <type> <rank>", hex.toString(), fix));
    }

    /** The ISIZE field of the last gzip member (uncompressed length mod 2^32), or -1 if the file is too short. */
    private static long gzipTrailerSize(Path path, long fileSize) throws IOException {
        if (fileSize < 18 + 4) {
            return -1;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (ch.read(b, fileSize - 4 + b.position()) < 0) {
                    return -1;
                }
            }
            return b.getInt(0) & 0xffffffffL;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Data

    /** Reads {@code bytes} bytes into 1 MiB chunks so that allocation follows what the stream really holds. */
    private static InputStream prefetch(Path path, InputStream in, long bytes, Header h, String fix) throws IOException {
        List<InputStream> parts = new ArrayList<>();
        long done = 0;
        while (done < bytes) {
            int want = (int) Math.min(CHUNK, bytes - done);
            byte[] chunk = new byte[want];
            int got = readFully(in, chunk, 0, want);
            done += got;
            if (got < want) {
                throw truncatedData(path, h, bytes, done, fix);
            }
            parts.add(new ByteArrayInputStream(chunk));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    private static IdxArray decode(Path path, InputStream in, Header h, int[] shape, int n, Target target, double scale, String fix)
            throws IOException {
        IdxType type = h.type;
        int size = type.byteSize();
        long total = (long) n * size;
        byte[] buf = new byte[(int) Math.max(8, Math.min(BUFFER, total))];
        Object out = target == Target.FLOAT ? new float[n] : switch (type) {
            case UBYTE, BYTE -> new byte[n];
            case SHORT -> new short[n];
            case INT -> new int[n];
            case FLOAT -> new float[n];
            case DOUBLE -> new double[n];
        };
        float[] table = target == Target.FLOAT && size == 1 ? byteTable(type == IdxType.UBYTE, scale) : null;
        int at = 0; // elements decoded
        while (at < n) {
            int count = Math.min(n - at, buf.length / size);
            int want = count * size;
            int got = readFully(in, buf, 0, want);
            if (got < want) {
                throw truncatedData(path, h, total, (long) at * size + got, fix);
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, want).order(ByteOrder.BIG_ENDIAN);
            if (target == Target.NATIVE) {
                switch (type) {
                    case UBYTE, BYTE -> System.arraycopy(buf, 0, out, at, count);
                    case SHORT -> bb.asShortBuffer().get((short[]) out, at, count);
                    case INT -> bb.asIntBuffer().get((int[]) out, at, count);
                    case FLOAT -> bb.asFloatBuffer().get((float[]) out, at, count);
                    case DOUBLE -> bb.asDoubleBuffer().get((double[]) out, at, count);
                }
            } else {
                float[] f = (float[]) out;
                switch (type) {
                    case UBYTE -> {
                        for (int i = 0; i < count; i++) {
                            f[at + i] = table[buf[i] & 0xff];
                        }
                    }
                    case BYTE -> {
                        for (int i = 0; i < count; i++) {
                            f[at + i] = table[buf[i] + 128];
                        }
                    }
                    case SHORT -> {
                        for (int i = 0; i < count; i++) {
                            f[at + i] = (float) (bb.getShort(2 * i) * scale);
                        }
                    }
                    case INT -> {
                        for (int i = 0; i < count; i++) {
                            f[at + i] = (float) (bb.getInt(4 * i) * scale);
                        }
                    }
                    case FLOAT -> {
                        if (scale == 1.0) {
                            bb.asFloatBuffer().get(f, at, count);
                        } else {
                            for (int i = 0; i < count; i++) {
                                f[at + i] = (float) (bb.getFloat(4 * i) * scale);
                            }
                        }
                    }
                    case DOUBLE -> {
                        for (int i = 0; i < count; i++) {
                            f[at + i] = (float) (bb.getDouble(8 * i) * scale);
                        }
                    }
                }
            }
            at += count;
        }
        if (target == Target.FLOAT) {
            return IdxArray.ofFloats((float[]) out, shape);
        }
        return switch (type) {
            case UBYTE -> IdxArray.ofUnsignedBytes((byte[]) out, shape);
            case BYTE -> IdxArray.ofBytes((byte[]) out, shape);
            case SHORT -> IdxArray.ofShorts((short[]) out, shape);
            case INT -> IdxArray.ofInts((int[]) out, shape);
            case FLOAT -> IdxArray.ofFloats((float[]) out, shape);
            case DOUBLE -> IdxArray.ofDoubles((double[]) out, shape);
        };
    }

    /** The float of each byte value times {@code scale}: index {@code b & 0xff} if unsigned, {@code b + 128} if signed. */
    public static float[] byteTable(boolean unsigned, double scale) {
        float[] t = new float[256];
        for (int i = 0; i < 256; i++) {
            t[i] = (float) ((unsigned ? i : i - 128) * scale);
        }
        return t;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] skip = new byte[BUFFER];
        while (in.read(skip) >= 0) {
            // trailing bytes after the declared data are allowed and ignored
        }
    }

    /** Reads until {@code len} bytes or the end of the stream; returns how many were read. */
    private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(b, off + done, len - done);
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    // ------------------------------------------------------------------------------------------------
    // Messages

    private static DataFormatException truncatedData(Path path, Header h, long wanted, long got, String fix) {
        return new DataFormatException(KilnException.message("IDX file " + path + " is truncated: its header declares "
                + h.describe() + " but the data ends early.", wanted + " bytes of data", got + " bytes", fix));
    }

    private static DataFormatException truncatedStream(Path path, String fix, EOFException e) {
        return new DataFormatException(KilnException.message("IDX file " + path + " is truncated: the gzip stream ends early.",
                "a complete gzip stream", e.getMessage(), fix), e);
    }

    private static DataFormatException badGzip(Path path, String fix, ZipException e) {
        return new DataFormatException(KilnException.message("IDX file " + path + " starts like gzip (1f 8b) but is not valid gzip data.",
                "an intact gzip stream or a raw IDX file", e.getMessage(), fix), e);
    }

    private static DataFormatException unreadable(Path path, String fix, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DatasetNotFoundException(KilnException.message("IDX file " + path + " not found.",
                    "an IDX file (raw or gzip-compressed)", "no such file", fix));
        }
        String why = e instanceof AccessDeniedException ? "permission denied" : e.toString();
        return new DataFormatException(KilnException.message("Cannot read IDX file " + path + ".", "a readable file", why,
                e instanceof AccessDeniedException ? "check the file's permissions" : fix), e);
    }

    static String shapeString(int[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i > 0 ? ", " : "").append(dims[i]);
        }
        return sb.append(dims.length == 1 ? ",)" : ")").toString();
    }

    private static String productString(int[] dims) {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (int d : dims) {
            p = p.multiply(java.math.BigInteger.valueOf(d));
        }
        return p.toString();
    }
}
