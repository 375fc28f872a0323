package dev.kiln.api.layers;

/**
 * What a layer's {@code call} needs to know about the call beyond its inputs: whether it is training
 * (dropout active) or inferring. Models set it for the layers they call, as Keras propagates {@code training}.
 *
 * <pre>{@code
 * try (CallContext.Scope s = CallContext.enter(true)) {
 *     Tensor y = dropout.apply(x);         // dropout is active here
 * }
 * }</pre>
 */
public final class CallContext {
    private static final CallContext TRAINING = new CallContext(true);
    private static final CallContext INFERENCE = new CallContext(false);
    private static final ThreadLocal<CallContext> CURRENT = ThreadLocal.withInitial(() -> INFERENCE);

    private final boolean training;

    private CallContext(boolean training) { this.training = training; }

    /** True inside {@code fit}'s forward pass and custom train steps that ask for it. */
    public boolean training() { return training; }

    /** The context of the current thread (inference unless entered otherwise). */
    public static CallContext current() { return CURRENT.get(); }

    /** Enters a context until the returned scope closes. */
    public static Scope enter(boolean training) {
        CallContext previous = CURRENT.get();
        CURRENT.set(training ? TRAINING : INFERENCE);
        return () -> CURRENT.set(previous);
    }

    /** Restores the previous context when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
