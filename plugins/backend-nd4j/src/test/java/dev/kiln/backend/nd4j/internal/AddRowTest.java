package dev.kiln.backend.nd4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code sgemmAddRow} through OpenBLAS: the row in every row of C (filled in native memory), the product added, C's old
 * contents ignored and the gaps between C's rows left alone; against a plain triple loop.
 */
class AddRowTest {
    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static void check(int m, int n, int k, boolean ta, boolean tb, int ldc, float alpha) {
        Random r = new Random(31L * m + 7L * n + k + (ta ? 1000 : 0) + (tb ? 2000 : 0) + ldc);
        int aOff = 3;
        int bOff = 5;
        int rowOff = 2;
        int cOff = 4;
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        float[] a = random(r, aOff + (ta ? k * m : m * k));
        float[] b = random(r, bOff + (tb ? n * k : k * n));
        float[] row = random(r, rowOff + n + 1);
        float[] c = new float[cOff + m * ldc + 3];
        Arrays.fill(c, Float.NaN); // C's contents must not be read; the gaps between its rows must stay as they are
        new OpenBlasKernels().sgemmAddRow(new Object(), new Object(), ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, row, rowOff, c, cOff, ldc);
        String what = m + "x" + n + "x" + k + (ta ? " transA" : "") + (tb ? " transB" : "") + " ldc " + ldc + " alpha " + alpha;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += x * y;
                }
                double expected = alpha * sum + row[rowOff + j];
                assertEquals(expected, c[cOff + i * ldc + j], 1e-3 * (1 + Math.abs(expected)), what + " element " + i + "," + j);
            }
            for (int j = n; j < ldc && i < m - 1; j++) {
                assertEquals(Float.NaN, c[cOff + i * ldc + j], what + ": the gap after row " + i + " was written");
            }
        }
        for (int i = cOff + (m - 1) * ldc + n; i < c.length; i++) {
            assertEquals(Float.NaN, c[i], what + ": written past C's last row");
        }
    }

    @Test
    void theRowIsAddedToEveryRowOfTheProduct() {
        int[][] shapes = {{37, 13, 11}, {256, 64, 784}, {1, 5, 7}, {6, 1, 7}, {3, 4, 0}, {100, 10, 64}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    check(s[0], s[1], s[2], ta, tb, s[1], 1f);
                    check(s[0], s[1], s[2], ta, tb, s[1] + 3, 0.5f);
                }
            }
        }
    }
}
