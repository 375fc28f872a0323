package dev.kiln.backend.java;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Dense matrix products on Java heap arrays, row-major: {@code C = alpha * op(A) * op(B) + beta * C} where
 * {@code op(X)} is {@code X} or its transpose, {@code A} is {@code m x k} after {@code op}, {@code B} is
 * {@code k x n}, {@code C} is {@code m x n}, and each matrix starts at an offset into its array with a leading
 * dimension (elements between rows). Every matrix product of the java backend's kernels (MatMul, Gemm, and the
 * convolutions' im2col products) goes through one of these.
 *
 * <p>The java backend uses a pure-Java implementation. A backend that keeps the java backend's heap arrays and
 * element-wise kernels but multiplies with a native BLAS passes its own to
 * {@link JavaBackendProvider#create(String, MatrixKernels)}; that is how the nd4j backend calls the OpenBLAS that
 * ND4J ships.
 *
 * <pre>{@code
 * MatrixKernels blas = new MatrixKernels() {
 *     public void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
 *             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) { ... }
 *     public void dgemm(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
 *             double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) { ... }
 * };
 * Backend fast = JavaBackendProvider.create("fast", blas);
 * }</pre>
 */
@ConsumerType
public interface MatrixKernels {
    /** The float32 product; must be safe to call from several threads at once. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda, float[] b,
            int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc);

    /**
     * {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}
     * where A and B are read from arrays that never change while their owners live: {@code aOwner} and {@code bOwner}
     * (compared by identity; null for a buffer that is rewritten, as the convolutions' column buffers are) stand for
     * them. An implementation may reuse what it derived from an owner's array at the same offset and extent, such as a
     * native copy: a layer's weights in predict, or a batch read by the forward product and again by the gradient's.
     * The default ignores the owners.
     */
    default void sgemm(Object aOwner, Object bOwner, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
            int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /**
     * {@code C = alpha * op(A) * op(B) + row}, with {@code row} ({@code n} elements from {@code rowOffset}) added to every
     * row of C, C's old contents ignored and the elements between its rows (when {@code ldc > n}) left as they are: a
     * dense layer's product and bias (ONNX {@code Gemm} with a one-row C). Must be safe to call from several threads at
     * once, as {@code sgemm}. Owners as in {@link #sgemm(Object, Object, boolean, boolean, int, int, int, float, float[], int, int,
     * float[], int, int, float, float[], int, int)}. The default writes the row into each of C's rows and multiplies
     * with {@code beta = 1}; an implementation that multiplies in its own copy of C can fill that copy instead.
     */
    default void sgemmAddRow(Object aOwner, Object bOwner, boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float[] row, int rowOffset, float[] c, int cOffset,
            int ldc) {
        for (int i = 0; i < m; i++) {
            System.arraycopy(row, rowOffset, c, cOffset + i * ldc, n);
        }
        sgemm(aOwner, bOwner, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 1f, c, cOffset, ldc);
    }

    /** The float64 product; must be safe to call from several threads at once. */
    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset, int lda, double[] b,
            int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc);
}
