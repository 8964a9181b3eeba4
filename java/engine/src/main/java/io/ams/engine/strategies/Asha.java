package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Outcome;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Asynchronous successive halving ({@code asha}, Li et al. 2020): whenever a worker is free,
 * promote a configuration that is in the top {@code 1/eta} of the values told at its rung and
 * not yet promoted (from the highest rung that has one, the best first), continuing its
 * trained state at {@code eta} times the fidelity; if none is promotable, start a new random
 * configuration at {@code min_fidelity}. It never waits, so every free worker always gets work.
 *
 * <p>Asynchronous: which configuration is promotable depends on which values have arrived, so
 * the trajectory depends on the order results are told. A resumed study replays the stored
 * order ('told'), which reproduces it. Failed and pruned trials are never promoted.
 *
 * <p>A rung's "top" is by NSGA-II's crowded comparison ({@link ParetoRanking}): by value with
 * one objective (infeasible trials after feasible ones), by non-dominated rank and crowding with
 * a study's goals, which makes it MO-ASHA (Schmucker et al. 2021, non-dominated sorting).
 */
public final class Asha implements Strategy {
    private final SearchDomain domain;
    private final Direction direction;
    private final Fidelities fidelities;
    private final SplittableRandom random;
    private long sequence;
    /** Configurations started at the lowest rung so far: the first ones are the warm start's. */
    private long fresh;

    /** Per rung, the entries told so far, in the order told. */
    private final List<List<Entry>> rungs = new ArrayList<>();
    /** Proposal sequence → its rung and point, until told. */
    private final Map<Long, Entry> awaiting = new HashMap<>();
    /** Every entry by proposal sequence, told or not, for {@link #stillContinuable(long)}. */
    private final Map<Long, Entry> entries = new HashMap<>();

    private static final class Entry {
        final long sequence;
        final int rung;
        final double[] point;
        /** The proposal this one continues; -1 for a new configuration. */
        final long parent;
        Outcome outcome = Outcome.failed();
        boolean promoted;

        Entry(long sequence, int rung, double[] point, long parent) {
            this.sequence = sequence;
            this.rung = rung;
            this.point = point;
            this.parent = parent;
        }
    }

    public Asha(SearchDomain domain, Direction direction, long seed, Fidelities fidelities) {
        this.domain = domain;
        this.direction = direction;
        this.fidelities = fidelities;
        this.random = new SplittableRandom(seed);
        for (int i = 0; i <= fidelities.top(); i++) rungs.add(new ArrayList<>());
    }

    @Override
    public String name() {
        return "asha";
    }

    @Override
    public double maxFidelity() {
        return fidelities.max();
    }

    @Override
    public List<Proposal> ask(int max) {
        List<Proposal> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            Entry promotable = promotable();
            Entry e;
            long parent = -1;
            if (promotable != null) {
                promotable.promoted = true;
                parent = promotable.sequence;
                e = new Entry(sequence++, promotable.rung + 1, promotable.point, parent);
            } else {
                double[] start = StartPoints.at(domain, fresh++);
                e = new Entry(sequence++, 0, start != null ? start : RandomSearch.uniform(random, domain.dimensions()), -1);
            }
            awaiting.put(e.sequence, e);
            entries.put(e.sequence, e);
            out.add(new Proposal(e.sequence, e.point, fidelities.rungs()[e.rung], parent));
        }
        return out;
    }

    @Override
    public boolean multiObjective() {
        return true;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        tell(proposal, Outcome.of(value, direction));
    }

    @Override
    public void tell(Proposal proposal, Outcome outcome) {
        Entry e = awaiting.remove(proposal.sequence());
        if (e == null) throw new IllegalArgumentException("asha: proposal " + proposal.sequence() + " is not awaiting a value");
        e.outcome = outcome;
        rungs.get(e.rung).add(e);
    }

    /**
     * Continuable: the parent of an entry not yet told, and an entry below the top rung that is
     * not promoted yet and is out or told with a value. A rung's top 1/eta grows as values
     * arrive, so any such entry may still be promoted later: asha keeps most of its lower rungs'
     * checkpoints. A promoted entry (once its promotion is told), a failed or pruned one and the
     * top rung's are not continuable.
     */
    @Override
    public boolean stillContinuable(long sequence) {
        for (Entry out : awaiting.values()) if (out.parent == sequence) return true;
        Entry e = entries.get(sequence);
        return e != null && e.rung < fidelities.top() && !e.promoted && (awaiting.containsKey(sequence) || e.outcome.completed());
    }

    /** The best not-yet-promoted entry in the top 1/eta of its rung, from the highest rung down; null if none. */
    private Entry promotable() {
        for (int k = fidelities.top() - 1; k >= 0; k--) {
            List<Entry> rung = rungs.get(k);
            int top = rung.size() / fidelities.eta();
            if (top == 0) continue;
            int[] order = ParetoRanking.order(rung.stream().map(e -> e.outcome).toList());
            for (int i = 0; i < top; i++) {
                Entry e = rung.get(order[i]);
                if (!e.promoted && e.outcome.completed()) return e;
            }
        }
        return null;
    }

    /** Entries told per rung, lowest rung first (for tests and reports). */
    int[] rungSizes() {
        return rungs.stream().mapToInt(List::size).toArray();
    }
}
