package io.ams.engine;

import io.ams.store.TrialRecord;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ask/tell ledger: the strategy's proposals that are out (asked, not yet told), in the
 * order it made them, with the trial each became, and the order results were told in. It is
 * the one place that talks to the strategy, so that the strategy hears exactly the sequence of
 * asks and tells that a resume can replay from the stored trials.
 *
 * <p>In order ({@code inOrder}, a deterministic study): a result is held until every proposal
 * made before it has been told, then told, and the slots are filled again before the next one
 * is told, which is what a resume's replay does too. The strategy then hears the same sequence
 * of asks and tells whatever the timing of the trials and the number of workers: its proposals
 * repeat exactly. The price: while an early trial runs, later results wait, and so do the
 * proposals they would have let the strategy make.
 */
final class Ledger {
    /** A proposal and the trial it became (null until it has one). */
    static final class Pending {
        final Proposal proposal;
        TrialRecord record;
        /** Handed to an evaluator or to a user's ask(), and not yet finished. */
        boolean running;
        /** Finished, its result held until the proposals before it are told (in order only). */
        Held held;

        Pending(Proposal proposal) {
            this.proposal = proposal;
        }
    }

    /** A finished trial's record and what the strategy will hear of it. */
    private record Held(TrialRecord finished, Outcome outcome) {}

    private final Strategy strategy;
    private final int slots;
    private final boolean inOrder;
    /** Where the records of held results go once told (stamped with their order): the store. */
    private final Consumer<TrialRecord> released;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Map<Long, Pending> byTrialId = new HashMap<>();
    /** Proposal sequence -> the trial id it became, for continuations to find their parents. */
    private final Map<Long, Long> trialBySequence = new HashMap<>();
    private long toldCount;

    /**
     * {@code slots}: how many proposals are out at once; {@code inOrder}: results are told in
     * the order the proposals were made, each held one handed to {@code released} once told.
     */
    Ledger(Strategy strategy, int slots, boolean inOrder, Consumer<TrialRecord> released) {
        this.strategy = strategy;
        this.slots = slots;
        this.inOrder = inOrder;
        this.released = released;
    }

    /** Asks the strategy for proposals until the slots are full (it may have fewer to give). */
    void fill() {
        int room = slots - pending.size();
        if (room > 0) {
            for (Proposal p : strategy.ask(room)) pending.addLast(new Pending(p));
        }
    }

    /** The oldest proposal out that is neither running nor finished, or null. */
    Pending nextIdle() {
        return pending.stream().filter(p -> !p.running && p.held == null).findFirst().orElse(null);
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
     * Tells the strategy the outcome of {@code p}'s trial and closes the proposal; returns the
     * record stamped with the order it was told in. In order, the result may be held instead
     * (returned unstamped, stamped later through {@code released}), and results held before it
     * may be told now (each through {@code released}).
     */
    TrialRecord tell(Pending p, TrialRecord finished, Outcome outcome) {
        if (!inOrder) return tellNow(p, finished, outcome);
        hold(p, finished, outcome);
        return release(p.proposal.sequence()).orElse(finished);
    }

    /** In order: keeps a finished trial's result until the proposals before it are told. */
    void hold(Pending p, TrialRecord finished, Outcome outcome) {
        p.running = false;
        p.held = new Held(finished, outcome);
        byTrialId.remove(finished.id());
    }

    /**
     * Tells the held results at the head of the line, filling the slots after each; returns the
     * stamped record of proposal {@code sequence} if it was among them (the others go to {@code released}).
     */
    Optional<TrialRecord> release(long sequence) {
        TrialRecord mine = null;
        while (!pending.isEmpty() && pending.peekFirst().held != null) {
            Pending first = pending.peekFirst();
            TrialRecord told = tellNow(first, first.held.finished(), first.held.outcome());
            if (first.proposal.sequence() == sequence) mine = told;
            else released.accept(told);
            fill();
        }
        return Optional.ofNullable(mine);
    }

    private TrialRecord tellNow(Pending p, TrialRecord finished, Outcome outcome) {
        TrialRecord told = finished.withTold(toldCount++);
        forget(p, finished.id());
        strategy.tell(p.proposal, outcome);
        return told;
    }

    /** Whether results are told in the order the proposals were made. */
    boolean inOrder() {
        return inOrder;
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
