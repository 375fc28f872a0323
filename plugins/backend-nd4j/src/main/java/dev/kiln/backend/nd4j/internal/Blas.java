package dev.kiln.backend.nd4j.internal;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Row-major GEMM straight on the native buffers of c-order arrays (no copies), the OpenBLAS ND4J loaded. */
final class Blas {
    private Blas() {}

    static void check() {
        openblas_nolapack.blas_set_num_threads(Nd4jRuntime.threads() > 0 ? Nd4jRuntime.threads() : 1);
    }

    /**
     * {@code c[batch] = alpha * op(a[batch]) * op(b[batch]) + beta * c[batch]} for {@code batches} consecutive
     * matrices; {@code aStep}/{@code bStep} are the element strides between batches (0 to reuse one matrix).
     */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, int m, int n, int k, double alpha, double beta,
            int batches, long aStep, long bStep) {
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        int opA = ta ? CblasTrans : CblasNoTrans;
        int opB = tb ? CblasTrans : CblasNoTrans;
        if (c.dataType() == DataType.FLOAT) {
            FloatPointer pa = new FloatPointer(a.data().addressPointer());
            FloatPointer pb = new FloatPointer(b.data().addressPointer());
            FloatPointer pc = new FloatPointer(c.data().addressPointer());
            long aBase = pa.position(), bBase = pb.position(), cBase = pc.position();
            for (int i = 0; i < batches; i++) {
                pa.position(aBase + i * aStep);
                pb.position(bBase + i * bStep);
                pc.position(cBase + (long) i * m * n);
                openblas_nolapack.cblas_sgemm(CblasRowMajor, opA, opB, m, n, k, (float) alpha, pa, lda, pb, ldb, (float) beta, pc, n);
            }
        } else {
            DoublePointer pa = new DoublePointer(a.data().addressPointer());
            DoublePointer pb = new DoublePointer(b.data().addressPointer());
            DoublePointer pc = new DoublePointer(c.data().addressPointer());
            long aBase = pa.position(), bBase = pb.position(), cBase = pc.position();
            for (int i = 0; i < batches; i++) {
                pa.position(aBase + i * aStep);
                pb.position(bBase + i * bStep);
                pc.position(cBase + (long) i * m * n);
                openblas_nolapack.cblas_dgemm(CblasRowMajor, opA, opB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, n);
            }
        }
    }
}
