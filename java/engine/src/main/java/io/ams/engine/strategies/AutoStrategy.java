package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code auto}: a strategy chosen from the search, and switched once when the budget grows
 * past what the first one does best. The rules (genomes/README.md and
 * bench/results/strategies-v2.md give the figures behind them):
 * <ol>
 *   <li>With {@code max_fidelity} (an objective with fidelities): {@code bohb} with the
 *       fidelity options given, throughout.</li>
 *   <li>Above {@value #GP_DIMENSIONS} dimensions: {@code cmaes} throughout ({@code separable}
 *       above {@value #SEPARABLE_DIMENSIONS}): a GP's length-scales and its cubic cost stop
 *       paying there.</li>
 *   <li>Otherwise {@code turbo} for the first {@value #GP_TRIALS} trials, while the GP is
 *       affordable and most sample-efficient, then {@code cmaes} for the rest of a long budget.</li>
 * </ol>
 *
 * <p>The hand-over: the next strategy starts from the {@value #HANDED_OVER} best points so far
 * as its start points ({@link SearchDomain#startPoints()}). When it proposes one of them, auto
 * tells it the value already known instead of passing the proposal on, so the hand-over costs no
 * trial. Proposals of the first strategy still out when it switches are told to it, and it is
 * closed once none is left. The first strategy gets the study's seed unchanged, so auto's first
 * {@value #GP_TRIALS} trials are exactly those of that strategy run alone.
 *
 * <p>Deterministic like its parts: what it proposes depends only on the seed and the sequence
 * of asks and tells.
 */
public final class AutoStrategy implements Strategy {
    /** Up to this many dimensions a GP-based strategy searches first. */
    static final int GP_DIMENSIONS = 20;
    /** Above this many, cmaes is separable. */
    static final int SEPARABLE_DIMENSIONS = 100;
    /** Trials the GP-based strategy runs before cmaes takes over. */
    static final int GP_TRIALS = 300;
    /** Best points the next strategy starts from. */
    static final int HANDED_OVER = 30;

    /** One part of the plan: a strategy by name with its options, for {@code trials} proposals (the last: unbounded). */
    record Phase(String strategy, Map<String, Object> options, long trials) {}

    private final SearchDomain domain;
    private final Direction direction;
    private final long seed;
    private final List<Phase> plan;
    private int phase;
    private Strategy current;
    private long proposedInPhase;
    private long sequence;
    /** Every own proposal: own sequence -> (the strategy that made it, its proposal). */
    private final Map<Long, Out> made = new HashMap<>();
    /** Own proposals out (asked, not told). */
    private final java.util.Set<Long> out = new java.util.HashSet<>();
    /** The current strategy's proposal sequence -> own sequence, to name a continuation's parent. */
    private final Map<Long, Long> ownSequence = new HashMap<>();
    /** Earlier strategies with proposals still out. */
    private final List<Strategy> retiring = new ArrayList<>();
    /** The successful results while a hand-over is still to come: what it takes the best of. */
    private final List<Result> results = new ArrayList<>();
    /** The handed-over points the current strategy has not proposed again yet. */
    private final List<Result> handedOver = new ArrayList<>();

    /** A point, its value as told, and that value minimised (what the hand-over ranks by). */
    private record Result(double[] point, double told, double minimised) {}

    private record Out(Strategy strategy, Proposal proposal) {}

    AutoStrategy(SearchDomain domain, Direction direction, long seed, List<Phase> plan) {
        this.domain = domain;
        this.direction = direction;
        this.seed = seed;
        this.plan = List.copyOf(plan);
        this.current = create(0, domain);
    }

    /** The plan for a domain: {@code fidelity} holds min_fidelity, max_fidelity, eta when given (empty: none). */
    static List<Phase> plan(SearchDomain domain, Map<String, Object> fidelity) {
        if (fidelity.containsKey("max_fidelity")) return List.of(new Phase("bohb", fidelity, Long.MAX_VALUE));
        int d = domain.dimensions();
        if (d > GP_DIMENSIONS) {
            return List.of(new Phase("cmaes", Map.of("separable", d > SEPARABLE_DIMENSIONS), Long.MAX_VALUE));
        }
        return List.of(new Phase("turbo", Map.of(), GP_TRIALS), new Phase("cmaes", Map.of(), Long.MAX_VALUE));
    }

    @Override
    public String name() {
        return "auto";
    }

    /** The strategy searching now. */
    String currentName() {
        return plan.get(phase).strategy();
    }

    @Override
    public double maxFidelity() {
        return current.maxFidelity();
    }

    /** As the strategy that made the proposal says (a closed, single-fidelity one says false). */
    @Override
    public boolean stillContinuable(long sequence) {
        Out o = made.get(sequence);
        return o != null && o.strategy().stillContinuable(o.proposal().sequence());
    }

    @Override
    public List<Proposal> ask(int max) {
        if (phase + 1 < plan.size() && proposedInPhase >= plan.get(phase).trials()) switchPhase();
        long room = plan.get(phase).trials() - proposedInPhase;
        int n = (int) Math.min(max, room);
        List<Proposal> asked = new ArrayList<>();
        while (asked.size() < n) {
            List<Proposal> got = current.ask(n - asked.size());
            if (got.isEmpty()) break;
            for (Proposal p : got) {
                if (!answeredFromHistory(p)) asked.add(passOn(p));
            }
        }
        return asked;
    }

    /** A handed-over point proposed again is told its known value at once. */
    private boolean answeredFromHistory(Proposal p) {
        if (p.continues() || p.fidelity() != 0) return false;
        for (int k = 0; k < handedOver.size(); k++) {
            Result r = handedOver.get(k);
            if (Arrays.equals(r.point(), p.point())) {
                handedOver.remove(k);
                current.tell(p, r.told());
                return true;
            }
        }
        return false;
    }

    private Proposal passOn(Proposal p) {
        long id = sequence++;
        proposedInPhase++;
        made.put(id, new Out(current, p));
        out.add(id);
        ownSequence.put(p.sequence(), id);
        return new Proposal(id, p.point(), p.fidelity(), p.continues() ? ownSequence.get(p.parent()) : -1);
    }

    @Override
    public void tell(Proposal proposal, double value) {
        Out o = out.remove(proposal.sequence()) ? made.get(proposal.sequence()) : null;
        if (o == null) throw new IllegalArgumentException("auto: proposal " + proposal.sequence() + " is not awaiting a value");
        o.strategy().tell(o.proposal(), value);
        double v = direction.minimised(value);
        if (!Double.isNaN(v)) {
            // kept only while a later phase will need them: a long last phase keeps nothing
            if (phase + 1 < plan.size()) results.add(new Result(domain.canonical(proposal.point()), value, v));
        }
        retireFinished();
    }

    @Override
    public void close() {
        current.close();
        retiring.forEach(Strategy::close);
        retiring.clear();
    }

    private void switchPhase() {
        retiring.add(current);
        ownSequence.clear();
        phase++;
        proposedInPhase = 0;
        List<Result> ranked = new ArrayList<>(results);
        // best first; List.sort is stable, so ties keep the order they were told in
        ranked.sort(Comparator.comparingDouble(Result::minimised));
        handedOver.clear();
        handedOver.addAll(ranked.subList(0, Math.min(HANDED_OVER, ranked.size())));
        if (phase + 1 >= plan.size()) results.clear();
        List<double[]> best = handedOver.stream().map(Result::point).toList();
        current = create(phase, domain.withStartPoints(best));
        retireFinished();
    }

    private void retireFinished() {
        retiring.removeIf(s -> {
            boolean busy = out.stream().anyMatch(id -> made.get(id).strategy() == s);
            if (!busy) s.close();
            return !busy;
        });
    }

    private Strategy create(int index, SearchDomain on) {
        Phase p = plan.get(index);
        return Strategies.create(p.strategy(), p.options(), on, direction, index == 0 ? seed : Seeds.mix(seed, index));
    }
}
