package io.ams.codec;

import io.ams.space.ChoiceParameter;
import io.ams.space.IntParameter;
import io.ams.space.Parameter;
import io.ams.space.RealParameter;
import io.ams.space.Scale;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * How one dimension of the unit cube maps to the values of one parameter. Discrete axes split
 * [0, 1] into cells, one per value, and encode a value as its cell's centre, the point
 * farthest from the neighbours' cells; continuous axes are monotone maps onto the range.
 */
abstract class Axis {

    /** The number of values, or 0 for a continuous axis. */
    abstract long cells();

    /** The value at {@code u}, which the caller has clamped to [0, 1]. */
    abstract Object decode(double u);

    /** A point of [0, 1] that decodes to {@code value} (a valid, normalized value). */
    abstract double encode(Object value);

    static Axis of(Parameter p) {
        if (p instanceof RealParameter r) {
            return r.scale() == Scale.LOG ? new LogReal(r.low(), r.high()) : new LinearReal(r.low(), r.high());
        }
        if (p instanceof IntParameter i) return new Grid(i.low(), i.step(), i.count(), i.scale());
        if (p instanceof ChoiceParameter c) return new Choices(c.choices());
        throw new IllegalArgumentException("a " + p.getClass().getSimpleName() + " has no dimension");
    }

    static double clamp(double u) {
        // NaN goes to the low end rather than poisoning the decoded value.
        return u >= 0 ? Math.min(u, 1.0) : 0.0;
    }

    /**
     * A continuous range. Decoded values are rounded to {@value #SIGNIFICANT_DIGITS} significant
     * digits, far finer than any hyperparameter matters, so that decode(encode(c)) == c holds
     * bit for bit: not only for decoded configurations but for hand-written values too
     * (defaults, seeded configurations, a learning rate of 0.001), which the raw exponential
     * map would return a few ulps off. It also keeps canonical keys short.
     */
    abstract static class Continuous extends Axis {
        static final int SIGNIFICANT_DIGITS = 12;
        private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

        final double low;
        final double high;

        Continuous(double low, double high) {
            this.low = low;
            this.high = high;
        }

        /** The unrounded value at {@code u}, monotone in u. */
        abstract double value(double u);

        /** The point whose unrounded value is {@code v}. */
        abstract double inverse(double v);

        @Override
        long cells() {
            return 0;
        }

        @Override
        Object decode(double u) {
            double v = value(u);
            // Clamped after rounding, as the ends themselves may carry more digits.
            return Math.min(Math.max(round(v), low), high);
        }

        /** Powers of ten that doubles hold exactly: dividing by one is correctly rounded. */
        private static final double[] EXACT_POWERS = new double[23];

        static {
            EXACT_POWERS[0] = 1;
            for (int k = 1; k < EXACT_POWERS.length; k++) EXACT_POWERS[k] = EXACT_POWERS[k - 1] * 10;
        }

        /**
         * v rounded to {@value #SIGNIFICANT_DIGITS} significant digits, half-even, as BigDecimal
         * does it, about fifty times faster (surrogates canonicalise thousands of candidates per
         * proposal). The fast path scales v to a 12-digit integer and divides it by an exact
         * power of ten, which is correctly rounded; the scaling itself errs by far less than
         * 1e-3, so wherever the scaled value is not within 1e-3 of a rounding tie its rounding
         * is the exact one. Ties, and magnitudes the exact powers do not reach, take BigDecimal.
         */
        static double round(double v) {
            if (v == 0 || !Double.isFinite(v)) return v == 0 ? 0.0 : v;
            int shift = SIGNIFICANT_DIGITS - 1 - (int) Math.floor(Math.log10(Math.abs(v)));
            if (shift >= 0 && shift < EXACT_POWERS.length) {
                double scaled = Math.abs(v) * EXACT_POWERS[shift];
                double fraction = scaled - Math.floor(scaled);
                double digits = Math.rint(scaled);
                if (Math.abs(fraction - 0.5) > 1e-3 && digits >= 1e11 && digits < 1e12) {
                    return Math.copySign(digits / EXACT_POWERS[shift], v);
                }
            }
            return new BigDecimal(v).round(ROUNDING).doubleValue();
        }

        @Override
        double encode(Object value) {
            return clamp(inverse(((Number) value).doubleValue()));
        }
    }

    static final class LinearReal extends Continuous {
        LinearReal(double low, double high) {
            super(low, high);
        }

        @Override
        double value(double u) {
            return low + u * (high - low);
        }

        @Override
        double inverse(double v) {
            return (v - low) / (high - low);
        }
    }

    static final class LogReal extends Continuous {
        private final double logLow;
        private final double logSpan;

        LogReal(double low, double high) {
            super(low, high);
            logLow = Math.log(low);
            logSpan = Math.log(high) - logLow;
        }

        @Override
        double value(double u) {
            return Math.exp(logLow + u * logSpan);
        }

        @Override
        double inverse(double v) {
            return (Math.log(v) - logLow) / logSpan;
        }
    }

    /**
     * The integers {@code low + k * step}, {@code k < count}. Linear: each value owns an
     * equal-width cell of [0, 1]. Log: value v owns the cell of [ln v, ln(v + step)) in
     * [ln low, ln(high + step)), so both ends are reachable and widths follow the logarithm.
     */
    static final class Grid extends Axis {
        private final long low;
        private final long step;
        private final long count;
        private final boolean log;
        private final double logLow;
        private final double logSpan;

        Grid(long low, long step, long count, Scale scale) {
            this.low = low;
            this.step = step;
            this.count = count;
            this.log = scale == Scale.LOG;
            this.logLow = log ? Math.log(low) : 0;
            this.logSpan = log ? Math.log((double) low + (double) count * step) - logLow : 0;
        }

        @Override
        long cells() {
            return count;
        }

        private long index(double u) {
            double k = log ? Math.floor((Math.exp(logLow + u * logSpan) - low) / step) : Math.floor(u * count);
            return Math.max(0, Math.min(count - 1, (long) k));
        }

        @Override
        Object decode(double u) {
            return low + index(u) * step;
        }

        @Override
        double encode(Object value) {
            long v = (Long) value;
            if (!log) return ((v - low) / step + 0.5) / count;
            double centre = 0.5 * (Math.log(v) + Math.log((double) v + step));
            return (centre - logLow) / logSpan;
        }
    }

    /** Unordered choices: choice k owns [k/K, (k+1)/K). */
    static final class Choices extends Axis {
        private final List<Object> choices;

        Choices(List<Object> choices) {
            this.choices = choices;
        }

        @Override
        long cells() {
            return choices.size();
        }

        @Override
        Object decode(double u) {
            int k = (int) Math.min(choices.size() - 1, Math.floor(u * choices.size()));
            return choices.get(k);
        }

        @Override
        double encode(Object value) {
            return (choices.indexOf(value) + 0.5) / choices.size();
        }
    }
}
