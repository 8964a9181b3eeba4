package io.ams.engine.strategies;

import java.util.SplittableRandom;

/**
 * Independent random streams per (seed, step): a generation, a bracket, a proposal, a fit.
 * Drawing each step from its own stream, rather than from one generator that runs through the
 * search, is what lets a strategy's step depend only on the seed and on what it was told.
 */
final class Seeds {
    private Seeds() {}

    /**
     * A well-mixed seed for (seed, step), SplitMix64's finaliser. SplittableRandom streams whose
     * seeds lie a multiple of its increment apart overlap, so seed ^ step * gamma will not do.
     */
    static long mix(long seed, long step) {
        long z = seed + 0x9E3779B97F4A7C15L * (step + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The generator of one step. */
    static SplittableRandom stream(long seed, long step) {
        return new SplittableRandom(mix(seed, step));
    }
}
