package dev.kiln.data;

import dev.kiln.api.KilnException;

/**
 * A data file is missing, unreadable or not in the expected format; the message names the file, what was
 * expected, what was found, and how to fix it.
 *
 * <pre>{@code
 * try {
 *     Idx.read(Path.of("broken.idx"));
 * } catch (DataFormatException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public class DataFormatException extends KilnException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) { super(message); }

    public DataFormatException(String message, Throwable cause) { super(message, cause); }
}
