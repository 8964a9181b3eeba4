package io.ams.engine;

import io.ams.store.TrialRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Resume: rebuilds a strategy's state from the stored trials by replaying its ask/tell history
 * (fill the slots, tell the result that came first, fill again, as the live loop did), so the
 * strategy stands exactly where it stood. Stops at the first proposal that does not match the
 * stored one (a changed space, strategy or seed), with a note. Proposals that were out at the
 * crash get their stored trials back, to run again under their own ids; in a deterministic study,
 * finished ones whose results were still held get them held again.
 */
final class Replay {
    private Replay() {}

    /**
     * Returns false when the stored history diverged from the strategy (the strategy then does
     * not know every stored trial, so it cannot tell which of their checkpoints are still needed).
     */
    static boolean replay(List<TrialRecord> stored, Ledger ledger, java.util.function.Function<TrialRecord, Outcome> heard,
                          Consumer<String> note) {
        if (stored.isEmpty()) return true;
        boolean diverged = false;
        Map<Long, TrialRecord> bySequence = new HashMap<>();
        List<TrialRecord> told = new ArrayList<>();
        for (TrialRecord r : stored) {
            r.sequence().ifPresent(seq -> {
                bySequence.put(seq, r);
                ledger.remember(seq, r.id());
            });
            if (r.told().isPresent()) told.add(r);
        }
        told.sort(Comparator.comparingLong(r -> r.told().getAsLong()));
        int next = 0;
        while (true) {
            ledger.fill();
            if (next >= told.size()) break;
            TrialRecord r = told.get(next);
            Ledger.Pending p = r.sequence().isPresent() ? ledger.bySequence(r.sequence().getAsLong()) : null;
            if (p == null || !matches(p.proposal, r)) {
                note.accept("the stored history diverges from the strategy at trial " + r.id()
                        + " (space, strategy or seed changed?); the strategy continues from what matched, "
                        + (told.size() - next) + " stored results not replayed");
                diverged = true;
                break;
            }
            // what the strategy heard when the trial ended
            ledger.replay(p, heard.apply(r));
            next++;
        }
        ledger.continueToldCountAt(told.isEmpty() ? 0 : told.get(told.size() - 1).told().getAsLong() + 1);
        for (Ledger.Pending p : ledger.pending()) {
            TrialRecord r = bySequence.get(p.proposal.sequence());
            if (r == null || !matches(p.proposal, r)) continue;
            if (!r.state().isFinal()) {
                ledger.attach(p, r);
            } else if (ledger.inOrder() && !diverged) {
                // A result held (finished, not yet told) at the crash is held again, not run again.
                ledger.attach(p, r);
                ledger.hold(p, r, heard.apply(r));
            }
        }
        if (ledger.inOrder()) ledger.release(-1);
        return !diverged;
    }

    /** The stored trial evaluated this very proposal: same point, same fidelity. */
    static boolean matches(Proposal p, TrialRecord r) {
        return Arrays.equals(p.point(), r.point()) && Double.compare(p.fidelity(), r.fidelity()) == 0;
    }
}
