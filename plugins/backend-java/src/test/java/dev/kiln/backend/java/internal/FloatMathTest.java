package dev.kiln.backend.java.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float exponential against the correctly rounded {@code (float) Math.exp}, over its whole range. */
class FloatMathTest {
    @Test
    void expIsWithinOneUlpOverTheNormalRange() {
        double worst = 0;
        float at = 0;
        int n = 0;
        // every 1e-4 relative step from the smallest normal result to the largest finite one, and both sides of 0
        for (float x = -87.33f; x < 88.72f; x = Math.nextUp(x + Math.max(Math.abs(x) * 1e-4f, 1e-6f))) {
            float want = (float) Math.exp(x);
            double ulps = Math.abs(FloatMath.exp(x) - (double) want) / Math.ulp(want);
            if (ulps > worst) {
                worst = ulps;
                at = x;
            }
            n++;
        }
        assertTrue(n > 100_000, "swept " + n + " points");
        assertTrue(worst <= 1.0, "max error " + worst + " ulp at x = " + at);
    }

    @Test
    void expInPlaceIsWithinOneUlpOfTheFloatResultOverItsWholeDomain() {
        // [-110, 110]: every float result, subnormal and zero below -87.3, infinite above 88.72
        int n = 0;
        double worst = 0;
        float at = 0;
        double[] x = new double[1 << 16];
        float[] arg = new float[x.length];
        int filled = 0;
        for (float v = -110f; v <= 110f; v = Math.nextUp(v + Math.max(Math.abs(v) * 1e-4f, 1e-6f))) {
            arg[filled] = v;
            x[filled++] = v;
            if (filled == x.length || Math.nextUp(v + Math.max(Math.abs(v) * 1e-4f, 1e-6f)) > 110f) {
                FloatMath.expInPlace(x, filled);
                for (int i = 0; i < filled; i++) {
                    float want = (float) Math.exp(arg[i]);
                    float got = (float) x[i];
                    double ulps = want == got ? 0 : Float.isInfinite(want) || Float.isInfinite(got) ? Double.POSITIVE_INFINITY
                            : Math.abs(got - (double) want) / Math.ulp(want);
                    if (ulps > worst) {
                        worst = ulps;
                        at = arg[i];
                    }
                    n++;
                }
                filled = 0;
            }
        }
        assertTrue(n > 100_000, "swept " + n + " points");
        assertTrue(worst <= 1.0, "max error " + worst + " ulp at x = " + at);
        double[] edges = {0, -0.0, 1, -110, 110, Double.NaN};
        FloatMath.expInPlace(edges, edges.length);
        assertEquals(1f, (float) edges[0]);
        assertEquals(1f, (float) edges[1]);
        assertEquals((float) Math.E, (float) edges[2]);
        assertEquals(0f, (float) edges[3]);
        assertEquals(Float.POSITIVE_INFINITY, (float) edges[4]);
        assertTrue(Double.isNaN(edges[5]));
    }

    @Test
    void expOfTheEdges() {
        assertEquals(1f, FloatMath.exp(0f));
        assertEquals(1f, FloatMath.exp(-0f));
        assertEquals((float) Math.E, FloatMath.exp(1f));
        assertTrue(Float.isNaN(FloatMath.exp(Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, FloatMath.exp(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FloatMath.exp(88.8f), "overflow");
        assertEquals((float) Math.exp(88.72f), FloatMath.exp(88.72f), Math.ulp((float) Math.exp(88.72f)), "largest finite");
        assertEquals(0f, FloatMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, FloatMath.exp(-104f), "underflow");
        for (float x = -103.9f; x < -87.4f; x += 0.01f) { // subnormal results: within one step of the smallest float
            assertEquals((float) Math.exp(x), FloatMath.exp(x), Float.MIN_VALUE, "x = " + x);
        }
    }
}
