package dev.kiln.backend.spi;

import dev.kiln.api.DType;
import java.util.Map;
import java.util.Set;

/**
 * A backend that passes every call to another one: the base for decorators that time, count, restrict or log
 * operators. A subclass overrides what it changes; every operator call arrives at
 * {@link #execute(String, Map, int, BackendArray...)}, those of compiled steps' replays included (their
 * {@link #kernel kernels} are not the delegate's but {@link Backend}'s default, which calls {@code execute}).
 *
 * <pre>{@code
 * Backend counting = new ForwardingBackend(javaBackend) {
 *     @Override
 *     public BackendArray[] execute(String op, Map<String, Object> attrs, int outputs, BackendArray... in) {
 *         calls.merge(op, 1, Integer::sum);
 *         return super.execute(op, attrs, outputs, in);
 *     }
 * };
 * }</pre>
 */
public class ForwardingBackend implements Backend {
    private final Backend delegate;

    public ForwardingBackend(Backend delegate) {
        if (delegate == null) {
            throw new IllegalArgumentException("ForwardingBackend needs a backend to forward to. Received: null.");
        }
        this.delegate = delegate;
    }

    /** The backend calls go to. */
    protected Backend delegate() { return delegate; }

    @Override
    public String name() { return delegate.name(); }

    @Override
    public Set<Capability> capabilities() { return delegate.capabilities(); }

    @Override
    public Set<String> supportedOps() { return delegate.supportedOps(); }

    @Override
    public BackendArray fromArray(Object data, int[] shape, DType dtype) { return delegate.fromArray(data, shape, dtype); }

    @Override
    public BackendArray adoptArray(Object data, int[] shape, DType dtype) { return delegate.adoptArray(data, shape, dtype); }

    @Override
    public BackendArray full(int[] shape, double value, DType dtype) { return delegate.full(shape, value, dtype); }

    /** Every output asked for: the same as {@code execute(opType, attributes, Integer.MAX_VALUE, inputs)}. */
    @Override
    public final BackendArray[] execute(String opType, Map<String, Object> attributes, BackendArray... inputs) {
        return execute(opType, attributes, Integer.MAX_VALUE, inputs);
    }

    @Override
    public BackendArray[] execute(String opType, Map<String, Object> attributes, int outputs, BackendArray... inputs) {
        return delegate.execute(opType, attributes, outputs, inputs);
    }
}
