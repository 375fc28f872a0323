package dev.kiln.runtime.internal.trace;

import dev.kiln.api.DType;
import dev.kiln.api.spi.KilnRuntime.Distribution;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.Kernel;
import java.util.Map;

/** What a trace needs from the runtime to replay: the kernels, the random generator and private copies. */
public interface TraceBackend {
    /**
     * The kernel the runtime runs for this operator (the java fallback included; the first {@code outputs} are read),
     * resolved once for a trace's replays, which record nothing; valid as long as the runtime's backend, chosen once.
     */
    Kernel kernel(String opType, Map<String, Object> attributes, int outputs);

    /** A fresh random array from the runtime's generator (the draws an eager step would make, in the same order). */
    BackendArray random(Distribution distribution, int[] shape, double a, double b, DType dtype);

    /** A copy of {@code array} that no scope owns and no trace records (a trace's constants). */
    BackendArray copy(BackendArray array);
}
