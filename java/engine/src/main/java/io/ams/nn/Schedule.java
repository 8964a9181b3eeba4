package io.ams.nn;

import io.ams.natives.NnNative;

/**
 * Learning-rate schedule in epochs; the native side applies it per optimizer step.
 * STEP multiplies by {@code gamma} every {@code stepEpochs}; COSINE anneals to
 * {@code minLrFraction * lr} at the last epoch; {@code warmupEpochs} ramps up linearly first.
 */
public record Schedule(Kind kind, int stepEpochs, double gamma, double warmupEpochs, double minLrFraction) {
    public enum Kind {
        CONSTANT(NnNative.SCHED_CONSTANT), STEP(NnNative.SCHED_STEP), COSINE(NnNative.SCHED_COSINE);

        final int code;

        Kind(int code) { this.code = code; }

        public static Kind parse(String name) { return Names.parse(Kind.class, name); }
    }

    public Schedule {
        if (kind == null) throw new IllegalArgumentException("schedule kind is missing");
        if (kind == Kind.STEP && stepEpochs < 1) throw new IllegalArgumentException("step schedule needs stepEpochs >= 1, got " + stepEpochs);
        if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("schedule gamma must be in (0, 1], got " + gamma);
        if (!(warmupEpochs >= 0)) throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
        if (!(minLrFraction >= 0 && minLrFraction <= 1)) throw new IllegalArgumentException("min lr fraction must be in [0, 1], got " + minLrFraction);
    }

    public static Schedule constant() { return new Schedule(Kind.CONSTANT, 1, 1, 0, 0); }
    public static Schedule cosine() { return new Schedule(Kind.COSINE, 1, 1, 0, 0); }
    public static Schedule step(int everyEpochs, double gamma) { return new Schedule(Kind.STEP, everyEpochs, gamma, 0, 0); }

    public Schedule withWarmup(double epochs) { return new Schedule(kind, stepEpochs, gamma, epochs, minLrFraction); }
}
