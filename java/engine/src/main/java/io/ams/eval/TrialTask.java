package io.ams.eval;

import io.ams.space.Config;

/**
 * A trial as an evaluator that runs it somewhere else (another process, another machine) needs
 * it: what the objective is given, as values rather than as a closure over this JVM. The
 * {@link #context()} is this JVM's: such an evaluator records into it, with
 * {@link TrialContext#record}, the curve and measurements the trial reported where it ran, before
 * it completes the trial's future.
 *
 * @param trialId     the trial's id in its study
 * @param attempt     1 for the first run, higher for a re-run (after a failure, a crash or a lost machine)
 * @param config      the configuration to evaluate
 * @param seed        the trial's seed (a continued trial has its parent's)
 * @param threads     the BLAS threads it may use
 * @param fidelity    the budget to train with, 0 when the study is not multi-fidelity
 * @param maxFidelity the largest fidelity the strategy asks for, 0 when unknown
 * @param continues   whether the trial continues a parent's checkpoint ({@link TrialContext#resumeFrom()})
 * @param context     the study's context of the trial, in this JVM
 */
public record TrialTask(long trialId, int attempt, Config config, long seed, int threads, double fidelity,
                        double maxFidelity, boolean continues, TrialContext context) {}
