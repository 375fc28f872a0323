package dev.kiln.data;

/**
 * The element types an IDX file can hold, with the type code its header carries and the bytes per element.
 * Values are stored big-endian.
 *
 * <pre>{@code
 * IdxType t = IdxType.fromCode(0x08);       // UBYTE
 * assert t.byteSize() == 1 && t.isIntegral();
 * }</pre>
 */
public enum IdxType {
    /** Unsigned byte, code {@code 0x08} (MNIST pixels and labels). */
    UBYTE(0x08, 1),
    /** Signed byte, code {@code 0x09}. */
    BYTE(0x09, 1),
    /** Signed 16-bit integer, code {@code 0x0B}. */
    SHORT(0x0B, 2),
    /** Signed 32-bit integer, code {@code 0x0C}. */
    INT(0x0C, 4),
    /** 32-bit float, code {@code 0x0D}. */
    FLOAT(0x0D, 4),
    /** 64-bit float, code {@code 0x0E}. */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int byteSize;

    IdxType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** The type code in the file header. */
    public int code() { return code; }

    /** Bytes per element in the file. */
    public int byteSize() { return byteSize; }

    /** True for the integer types (every value converts to {@code int} exactly). */
    public boolean isIntegral() { return this != FLOAT && this != DOUBLE; }

    /** The type with this header code, or {@code null} if there is none. */
    public static IdxType fromCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** Lower-case name, as messages print it ({@code ubyte}). */
    @Override
    public String toString() { return name().toLowerCase(java.util.Locale.ROOT); }
}
