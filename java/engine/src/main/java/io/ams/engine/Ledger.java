package io.ams.engine;

import io.ams.store.TrialRecord;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ask/tell ledger: the strategy's proposals that are out (asked, not yet told), in the
 * order it made them, with the trial each became, and the order results were told in. It is
 * the one place that talks to the strategy, so that the strategy hears exactly the sequence of
 * asks and tells that a resume can replay from the stored trials.
 */
final class Ledger {
    /** A proposal and the trial it became (null until it has one). */
    static final class Pending {
        final Proposal proposal;
        TrialRecord record;
        /** Handed to an evaluator or to a user's ask(), and not yet finished. */
        boolean running;

        Pending(Proposal proposal) {
            this.proposal = proposal;
        }
    }

    private final Strategy strategy;
    private final int slots;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Map<Long, Pending> byTrialId = new HashMap<>();
    /** Proposal sequence -> the trial id it became, for continuations to find their parents. */
    private final Map<Long, Long> trialBySequence = new HashMap<>();
    private long toldCount;

    /** {@code slots}: how many proposals are out at once. */
    Ledger(Strategy strategy, int slots) {
        this.strategy = strategy;
        this.slots = slots;
    }

    /** Asks the strategy for proposals until the slots are full (it may have fewer to give). */
    void fill() {
        int room = slots - pending.size();
        if (room > 0) {
            for (Proposal p : strategy.ask(room)) pending.addLast(new Pending(p));
        }
    }

    /** The oldest proposal out that is not running, or null. */
    Pending nextIdle() {
        return pending.stream().filter(p -> !p.running).findFirst().orElse(null);
    }

    /** The proposal out with this sequence number, or null. */
    Pending bySequence(long sequence) {
        return pending.stream().filter(p -> p.proposal.sequence() == sequence).findFirst().orElse(null);
    }

    /** The proposals out, oldest first. */
    Iterable<Pending> pending() {
        return pending;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The proposal whose trial this is, while it awaits its result; null otherwise. */
    Pending awaiting(long trialId) {
        return byTrialId.get(trialId);
    }

    /** The proposal now has a trial, which awaits its result. */
    void attach(Pending p, TrialRecord record) {
        p.record = record;
        byTrialId.put(record.id(), p);
        trialBySequence.put(p.proposal.sequence(), record.id());
    }

    /** Notes which trial a stored proposal became (on resume), so continuations can find it. */
    void remember(long sequence, long trialId) {
        trialBySequence.put(sequence, trialId);
    }

    /** The trial that proposal {@code sequence} became, if it became one. */
    Optional<Long> trialOf(long sequence) {
        return Optional.ofNullable(trialBySequence.get(sequence));
    }

    /**
     * Tells the strategy the outcome of {@code p}'s trial and
     * closes the proposal; returns the record stamped with the order it was told in.
     */
    TrialRecord tell(Pending p, TrialRecord finished, Outcome outcome) {
        TrialRecord told = finished.withTold(toldCount++);
        forget(p, finished.id());
        strategy.tell(p.proposal, outcome);
        return told;
    }

    /** Replays a stored result: the strategy hears it as it did before the restart. */
    void replay(Pending p, Outcome outcome) {
        forget(p, p.record == null ? -1 : p.record.id());
        strategy.tell(p.proposal, outcome);
    }

    /** After a replay: the next result told is number {@code next}. */
    void continueToldCountAt(long next) {
        toldCount = next;
    }

    private void forget(Pending p, long trialId) {
        pending.remove(p);
        byTrialId.remove(trialId);
    }
}
