package dev.kiln.backend.java.internal;

import dev.kiln.api.DType;
import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.backend.spi.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Matrix products: cache-friendly i-k-j loops over contiguous rows, split across a fixed thread pool. */
final class Linalg {
    private static final int THREADS = Math.max(1, Integer.getInteger("kiln.threads", Runtime.getRuntime().availableProcessors()));
    /** Below this many multiply-adds a product runs on the calling thread: forking would cost more. */
    private static final long PARALLEL_WORK = 200_000;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "kiln-java-matmul");
        t.setDaemon(true);
        return t;
    });

    private Linalg() {}

    static JavaArray matmul(JavaArray a, JavaArray b) {
        checkFloat("MatMul", a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length == 0 || bs.length == 0) {
            throw new InvalidArgumentException("Operator `MatMul` needs inputs of rank >= 1. Received: " + Nd.str(as) + " and " + Nd.str(bs) + ".");
        }
        int[] a2 = as.length == 1 ? new int[] {1, as[0]} : as;
        int[] b2 = bs.length == 1 ? new int[] {bs[0], 1} : bs;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        if (b2[b2.length - 2] != k) {
            throw new ShapeMismatchException(KilnException.message("Operator `MatMul`: inner dimensions differ.",
                    "a (..., m, k) and (..., k, n) pair", Nd.str(as) + " and " + Nd.str(bs), "transpose or reshape an operand"));
        }
        int[] batchA = java.util.Arrays.copyOf(a2, a2.length - 2);
        int[] batchB = java.util.Arrays.copyOf(b2, b2.length - 2);
        int[] batch = Nd.broadcast("MatMul", batchA, batchB);
        int[] outShape = new int[batch.length + 2];
        System.arraycopy(batch, 0, outShape, 0, batch.length);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        JavaArray out = JavaArray.allocate(a.dtype(), outShape);
        int[] ia = Nd.broadcastIndex(batchA, batch);
        int[] ib = Nd.broadcastIndex(batchB, batch);
        for (int t = 0; t < ia.length; t++) {
            gemm(a, ia[t] * m * k, false, b, ib[t] * k * n, false, out, t * m * n, m, k, n, 1.0);
        }
        int[] finalShape = outShape;
        if (as.length == 1 || bs.length == 1) {
            List<Integer> dims = new ArrayList<>();
            for (int i = 0; i < batch.length; i++) {
                dims.add(batch[i]);
            }
            if (as.length != 1) {
                dims.add(m);
            }
            if (bs.length != 1) {
                dims.add(n);
            }
            finalShape = dims.stream().mapToInt(Integer::intValue).toArray();
        }
        return new JavaArray(out.dtype(), finalShape, out.data());
    }

    static JavaArray gemmOp(Map<String, Object> attrs, JavaArray a, JavaArray b, JavaArray c) {
        checkFloat("Gemm", a, b);
        boolean ta = Attributes.getInt(attrs, "transA", 0) != 0;
        boolean tb = Attributes.getInt(attrs, "transB", 0) != 0;
        double alpha = Attributes.getFloat(attrs, "alpha", 1.0);
        double beta = Attributes.getFloat(attrs, "beta", 1.0);
        if (a.shape().length != 2 || b.shape().length != 2) {
            throw new InvalidArgumentException("Operator `Gemm` needs 2-D inputs. Received: " + Nd.str(a.shape()) + " and " + Nd.str(b.shape()) + ".");
        }
        int m = ta ? a.shape()[1] : a.shape()[0];
        int k = ta ? a.shape()[0] : a.shape()[1];
        int kb = tb ? b.shape()[1] : b.shape()[0];
        int n = tb ? b.shape()[0] : b.shape()[1];
        if (k != kb) {
            throw new ShapeMismatchException(KilnException.message("Operator `Gemm`: inner dimensions differ.", k, kb, null));
        }
        JavaArray out = JavaArray.allocate(a.dtype(), new int[] {m, n});
        gemm(a, 0, ta, b, 0, tb, out, 0, m, k, n, alpha);
        if (c != null && beta != 0) {
            JavaArray scaledC = beta == 1 ? c : Elementwise.binary("Mul", c, JavaArray.fromDoubles(c.dtype(), new int[0], new double[] {beta}));
            return Elementwise.binary("Add", out, scaledC);
        }
        return out;
    }

    private static void checkFloat(String op, JavaArray a, JavaArray b) {
        if (!a.dtype().isFloating() || a.dtype() != b.dtype()) {
            throw new InvalidArgumentException(KilnException.message("Operator `" + op + "` needs two float32 or two float64 inputs.",
                    "matching floating dtypes", a.dtype() + " and " + b.dtype(), "cast the inputs"));
        }
    }

    /** out[m,n] = alpha * op(A)[m,k] op(B)[k,n], with A and B read at the given offsets. */
    private static void gemm(JavaArray a, int aOff, boolean ta, JavaArray b, int bOff, boolean tb, JavaArray out, int oOff,
                             int m, int k, int n, double alpha) {
        long work = (long) m * k * n;
        int chunks = work < PARALLEL_WORK || m < 2 ? 1 : Math.min(THREADS, m);
        if (chunks == 1) {
            rows(a, aOff, ta, b, bOff, tb, out, oOff, m, k, n, alpha, 0, m);
            return;
        }
        List<Future<?>> parts = new ArrayList<>();
        int per = (m + chunks - 1) / chunks;
        for (int c = 0; c < chunks; c++) {
            int from = c * per;
            int to = Math.min(m, from + per);
            if (from < to) {
                parts.add(POOL.submit(() -> rows(a, aOff, ta, b, bOff, tb, out, oOff, m, k, n, alpha, from, to)));
            }
        }
        try {
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during a matrix product", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Matrix product failed", e.getCause());
        }
    }

    private static void rows(JavaArray a, int aOff, boolean ta, JavaArray b, int bOff, boolean tb, JavaArray out, int oOff,
                             int m, int k, int n, double alpha, int from, int to) {
        if (out.dtype() == DType.FLOAT32) {
            float[] A = a.floats();
            float[] B = b.floats();
            float[] C = out.floats();
            float al = (float) alpha;
            int i = from;
            if (!ta && !tb && al == 1f) {
                // Four rows of C at a time: each row of B is loaded once for four multiply-adds.
                for (; i + 3 < to; i += 4) {
                    int c0 = oOff + i * n;
                    int a0 = aOff + i * k;
                    for (int p = 0; p < k; p++) {
                        float v0 = A[a0 + p];
                        float v1 = A[a0 + k + p];
                        float v2 = A[a0 + 2 * k + p];
                        float v3 = A[a0 + 3 * k + p];
                        int b0 = bOff + p * n;
                        for (int j = 0; j < n; j++) {
                            float bj = B[b0 + j];
                            C[c0 + j] += v0 * bj;
                            C[c0 + n + j] += v1 * bj;
                            C[c0 + 2 * n + j] += v2 * bj;
                            C[c0 + 3 * n + j] += v3 * bj;
                        }
                    }
                }
            }
            for (; i < to; i++) {
                int c0 = oOff + i * n;
                for (int p = 0; p < k; p++) {
                    float av = ta ? A[aOff + p * m + i] : A[aOff + i * k + p];
                    if (av == 0) {
                        continue;
                    }
                    av *= al;
                    if (tb) {
                        for (int j = 0; j < n; j++) {
                            C[c0 + j] += av * B[bOff + j * k + p];
                        }
                    } else {
                        int b0 = bOff + p * n;
                        for (int j = 0; j < n; j++) {
                            C[c0 + j] += av * B[b0 + j];
                        }
                    }
                }
            }
        } else {
            double[] A = a.doubles();
            double[] B = b.doubles();
            double[] C = out.doubles();
            for (int i = from; i < to; i++) {
                int c0 = oOff + i * n;
                for (int p = 0; p < k; p++) {
                    double av = (ta ? A[aOff + p * m + i] : A[aOff + i * k + p]) * alpha;
                    if (av == 0) {
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        C[c0 + j] += av * (tb ? B[bOff + j * k + p] : B[bOff + p * n + j]);
                    }
                }
            }
        }
    }
}
