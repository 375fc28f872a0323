package dev.kiln.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Hand-built IDX bytes for tests, independent of {@link Idx#write}. */
final class IdxFiles {
    private IdxFiles() {}

    static byte[] idx(int type, int[] dims, byte[] data) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            return b.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] gzip(byte[] content) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (OutputStream o = new GZIPOutputStream(b)) {
                o.write(content);
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path write(Path dir, String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, gzip ? gzip(content) : content);
        return p;
    }

    /** Big-endian values of one type. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] bytes(Body body) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            body.write(new DataOutputStream(b));
            return b.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
