package dev.kiln.backend.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One operator with its attributes, resolved once by {@link Backend#kernel} and run many times: what a compiled step
 * calls on every replay, without looking the operator up again. Its contract is that of
 * {@link Backend#execute(String, java.util.Map, int, BackendArray...)} for the operator, attributes and output count it
 * was resolved with, and it may run on several threads at once wherever {@code execute} may. It stays valid as long
 * as its backend: {@link Backend#supportedOps()} does not change under it.
 *
 * <pre>{@code
 * Kernel add = backend.kernel("Add", Map.of(), 1);
 * for (BackendArray[] batch : batches) {
 *     BackendArray sum = add.run(batch[0], batch[1])[0];
 * }
 * }</pre>
 */
@ConsumerType
@FunctionalInterface
public interface Kernel {
    /** Runs the operator on {@code inputs}; the caller owns the arrays returned that are not inputs. */
    BackendArray[] run(BackendArray... inputs);
}
