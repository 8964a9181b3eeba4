package io.ams.engine;

import java.util.List;

/**
 * A search strategy in ask/tell form: it proposes points of the unit cube and learns from
 * their values. It never sees the store, the evaluator or the objective.
 *
 * <p>Contract, which resume relies on: given its seed, a strategy's proposals depend only on
 * the sequence of ask and tell calls it received (no clocks, no thread timing). A resumed
 * study rebuilds a strategy's state by replaying that sequence from the stored trials.
 * Generational strategies go further: their proposals do not depend on the order in which
 * the values of one generation are told.
 *
 * <p>A strategy may hold resources beyond the heap (the Gaussian process of {@code bo},
 * {@code saga} and {@code bohb} lives in native memory): the study that uses it closes it in
 * {@code Study.close()}, which frees them at once rather than whenever the garbage collector
 * runs. After close, the strategy is not used again.
 */
public interface Strategy extends AutoCloseable {
    /** The name used in genome files and on the command line. */
    String name();

    /**
     * Up to {@code max} new proposals; fewer, or none, when the strategy must first hear the
     * values of proposals still out (a generation not yet complete).
     */
    List<Proposal> ask(int max);

    /** The value of an earlier proposal; NaN when its trial failed, was pruned or is infeasible. */
    void tell(Proposal proposal, double value);

    /**
     * What an earlier proposal's trial came to: the study tells every result this way. A strategy
     * that ranks by the value alone leaves this as it is (it hears {@link Outcome#value()}); a
     * multi-objective one overrides it, ranks by {@link Outcome#losses()} and says so in
     * {@link #multiObjective()}.
     */
    default void tell(Proposal proposal, Outcome outcome) {
        tell(proposal, outcome.value());
    }

    /**
     * Whether this strategy ranks trials by all of a study's objectives (it overrides
     * {@link #tell(Proposal, Outcome)}), or does not rank at all ({@code random}): only such a
     * strategy may search a study with goals besides its value. False by default.
     */
    default boolean multiObjective() {
        return false;
    }

    /**
     * The largest fidelity this strategy proposes; 0 for a single-fidelity strategy. Objectives
     * see it as {@code TrialContext.maxFidelity()}, so that a learning-rate schedule spans the
     * same horizon at every rung and a continued trial equals an uninterrupted one.
     */
    default double maxFidelity() {
        return 0;
    }

    /**
     * Whether a later proposal of this strategy may still continue proposal {@code sequence}'s
     * trained state (name it as its {@link Proposal#parent()}), now or after a resume with a
     * larger budget. The study deletes the checkpoint of a trial whose proposal is no longer
     * continuable ({@link KeepCheckpoints#CONTINUABLE}), right after each result it tells the
     * strategy, so the answer must never turn from false back to true for the same sequence,
     * and a proposal that is out (asked, not yet told) counts as continuable while it may still be.
     *
     * <p>The default, true, keeps every checkpoint: a strategy that cannot say never loses one
     * that it continues later. Single-fidelity strategies, which never continue, say false;
     * multi-fidelity ones say which of their proposals can still be promoted or copied.
     */
    default boolean stillContinuable(long sequence) {
        return true;
    }

    /** Frees what the strategy holds outside the heap; nothing for most strategies. Idempotent. */
    @Override
    default void close() {}
}
