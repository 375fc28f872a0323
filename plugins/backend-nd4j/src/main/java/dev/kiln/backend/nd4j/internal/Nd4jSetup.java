package dev.kiln.backend.nd4j.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The first touch of {@link Nd4j}; kept in its own class so that nothing loads ND4J before the cache dir is set. */
final class Nd4jSetup {
    /** Elements below which libnd4j runs an elementwise op on the calling thread. */
    static final int ELEMENTWISE_THRESHOLD = 65536;
    /** Tensors-along-dimension below which libnd4j runs a row-wise op on the calling thread. */
    static final int TAD_THRESHOLD = 256;

    private Nd4jSetup() {}

    static void configure(int threads) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getExecutioner().enableDebugMode(false);
        Nd4j.getExecutioner().enableVerboseMode(false);
        Nd4j.getMemoryManager().togglePeriodicGc(false);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        // libnd4j splits elementwise ops over threads from 1024 elements and TAD (per-row) ops always: on a small
        // model the hand-off costs more than the work (measured 6-10 us vs 13-64 us for a 64x64 Add on 2 cores).
        Nd4j.getEnvironment().setElementwiseThreshold(ELEMENTWISE_THRESHOLD);
        Nd4j.getEnvironment().setTadThreshold(TAD_THRESHOLD);
        // Touch the allocator and BLAS once so that natives are loaded now, not inside the first op.
        try (var a = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, DataType.FLOAT)) {
            Nd4jKernels.gemm2d(a, a, false, false, 1.0, 0.0, null).close();
        }
        Blas.check();
    }
}
