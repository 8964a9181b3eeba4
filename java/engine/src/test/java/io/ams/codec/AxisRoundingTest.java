package io.ams.codec;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AxisRoundingTest {
    private static final MathContext TWELVE = new MathContext(12, RoundingMode.HALF_EVEN);

    private static void same(double v) {
        double expected = new BigDecimal(v).round(TWELVE).doubleValue();
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(Axis.Continuous.round(v)), "v = " + v);
    }

    @Test
    void fastRoundingEqualsBigDecimalsBitForBit() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 300_000; i++) {
            // every magnitude from 1e-30 to 1e30, both signs
            double v = Math.exp(rnd.nextDouble(-69, 69)) * (rnd.nextBoolean() ? 1 : -1);
            same(v);
        }
        // decimal ties and near-ties at 12 digits, powers of ten and their neighbours
        for (int i = 0; i < 100_000; i++) {
            long digits = rnd.nextLong(100_000_000_000L, 1_000_000_000_000L);
            int exponent = rnd.nextInt(-20, 10);
            double v = new BigDecimal(digits * 10 + 5).scaleByPowerOfTen(exponent - 1).doubleValue();
            same(v);
            same(Math.nextUp(v));
            same(Math.nextDown(v));
        }
        for (int e = -25; e <= 25; e++) {
            double p = Math.pow(10, e);
            same(p);
            same(Math.nextUp(p));
            same(Math.nextDown(p));
        }
        same(0.001);
        same(0.1 + 0.2);
    }
}
