package dev.kiln.data;

/**
 * A data set's files are not where they were looked for; the message says where and how to install them.
 *
 * <pre>{@code
 * // "Fashion-MNIST not found in /usr/share/datasets/fashion-mnist ... To fix: sudo apt-get install dataset-fashion-mnist"
 * }</pre>
 */
public class DatasetNotFoundException extends DataFormatException {
    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String message) { super(message); }
}
