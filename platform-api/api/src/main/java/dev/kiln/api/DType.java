package dev.kiln.api;

/**
 * Element types of a {@link Tensor}, named as ONNX names them.
 *
 * <pre>{@code
 * Tensor labels = Tensor.of(new int[] {3, 1, 4}, 3);
 * assert labels.dtype() == DType.INT32 && !labels.dtype().isFloating();
 * }</pre>
 */
public enum DType {
    FLOAT32("float32", 4, 1),
    FLOAT64("float64", 8, 11),
    INT32("int32", 4, 6),
    INT64("int64", 8, 7),
    BOOL("bool", 1, 9);

    private final String kerasName;
    private final int byteSize;
    private final int onnxCode;

    DType(String kerasName, int byteSize, int onnxCode) {
        this.kerasName = kerasName;
        this.byteSize = byteSize;
        this.onnxCode = onnxCode;
    }

    /** The name Keras and NumPy use ({@code "float32"}). */
    public String kerasName() { return kerasName; }

    /** Bytes per element. */
    public int byteSize() { return byteSize; }

    /** The {@code TensorProto.DataType} code ONNX uses. */
    public int onnxCode() { return onnxCode; }

    public boolean isFloating() { return this == FLOAT32 || this == FLOAT64; }

    public boolean isInteger() { return this == INT32 || this == INT64; }

    /** Parses a Keras/NumPy name such as {@code "float32"}. */
    public static DType of(String name) {
        for (DType t : values()) {
            if (t.kerasName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new InvalidArgumentException(KilnException.message("Unknown dtype `" + name + "`.",
                "one of float32, float64, int32, int64, bool", name, "use a DType constant"));
    }

    /** The ONNX type with this code. */
    public static DType ofOnnx(int code) {
        for (DType t : values()) {
            if (t.onnxCode == code) {
                return t;
            }
        }
        throw new InvalidArgumentException(KilnException.message("Unsupported ONNX element type.",
                "one of FLOAT(1), DOUBLE(11), INT32(6), INT64(7), BOOL(9)", code, "convert the tensor first"));
    }

    @Override
    public String toString() { return kerasName; }
}
