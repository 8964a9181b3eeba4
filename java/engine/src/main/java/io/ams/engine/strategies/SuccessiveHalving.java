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
 * Successive halving ({@code sh}) and Hyperband ({@code hyperband}), generational: a bracket
 * starts {@code n} random configurations at its lowest rung; when all of a rung's values are
 * in, the top {@code 1/eta} of them (at least one; failed and pruned trials never) go on to the
 * next rung at {@code eta} times the fidelity, continuing their trained state (the proposal's
 * parent), until the rung at {@code max_fidelity}; then the next bracket starts.
 *
 * <p>{@code sh} runs one kind of bracket over and over: {@code n} (default eta^K) configurations
 * from {@code min_fidelity} up. {@code hyperband} cycles through its brackets s = K .. 0 (K =
 * the number of rungs - 1): bracket s starts ceil((K + 1) / (s + 1) * eta^s) configurations at
 * rung K - s, so the most aggressive bracket comes first and the last one is plain random
 * search at full fidelity; after bracket 0 it starts again at K, until the budget ends.
 *
 * <p>A rung is ranked by NSGA-II's crowded comparison ({@link ParetoRanking}): with one
 * objective, by value, infeasible trials after the feasible ones by their violation; with a
 * study's goals, by non-dominated rank, then crowding distance, so {@code sh} and
 * {@code hyperband} search several objectives with their promotions (as MO-ASHA does).
 *
 * <p>A warm start's configurations ({@link SearchDomain#startPoints()}) make a first bracket of
 * their own, all of them trained at the top fidelity (screened on a noisy lowest rung, most of
 * them would be dropped); the cycle of brackets follows.
 *
 * <p>Deterministic whatever order a rung's values arrive in: values are kept by position, a
 * rung is ranked only when complete (ties by position), and each bracket draws its
 * configurations from a generator seeded by (seed, bracket number).
 *
 * <p>{@code dehb} and {@code bohb} are this strategy with another {@link ConfigurationSampler}:
 * the same brackets, rungs and promotions, only a bracket's new configurations are chosen
 * otherwise. The sampler hears each rung's values when the rung is complete, in position order.
 */
public final class SuccessiveHalving implements Strategy {
    private final String name;
    private final SearchDomain domain;
    private final Direction direction;
    private final long seed;
    private final Fidelities fidelities;
    private final int n;
    private final boolean hyperband;
    private final ConfigurationSampler sampler;

    private long bracket = -1;
    /** Rung index (into the fidelities) of the current rung. */
    private int rung;
    /** The current rung's members, by position. */
    private List<Member> members = new ArrayList<>();
    private final List<Integer> unasked = new ArrayList<>();
    private final Map<Long, Integer> awaiting = new HashMap<>();
    private long sequence;

    private static final class Member {
        final double[] point;
        final long parent;
        long sequence = -1;
        Outcome outcome = Outcome.failed();

        Member(double[] point, long parent) {
            this.point = point;
            this.parent = parent;
        }
    }

    /** {@code n} is sh's bracket size (0 = eta^K); Hyperband sizes its brackets itself. */
    public SuccessiveHalving(SearchDomain domain, Direction direction, long seed, Fidelities fidelities, int n, boolean hyperband) {
        this(hyperband ? "hyperband" : "sh", domain, direction, seed, fidelities, n, hyperband,
                ConfigurationSampler.uniform(domain.dimensions()));
    }

    /** A Hyperband-style strategy named {@code name} whose brackets start with {@code sampler}'s configurations. */
    SuccessiveHalving(String name, SearchDomain domain, Direction direction, long seed, Fidelities fidelities, int n,
                      boolean hyperband, ConfigurationSampler sampler) {
        if (n < 0) throw new IllegalArgumentException(name + ": n must be >= 1, got " + n);
        this.name = name;
        this.domain = domain;
        this.direction = direction;
        this.seed = seed;
        this.fidelities = fidelities;
        this.n = n > 0 ? n : (int) Math.round(Math.pow(fidelities.eta(), fidelities.top()));
        this.hyperband = hyperband;
        this.sampler = sampler;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double maxFidelity() {
        return fidelities.max();
    }

    @Override
    public void close() {
        sampler.close();
    }

    /** The bracket under way (0, 1, ...), and the fidelity of the rung under way. */
    long bracket() { return bracket; }
    double rungFidelity() { return fidelities.rungs()[rung]; }
    ConfigurationSampler sampler() { return sampler; }

    @Override
    public List<Proposal> ask(int max) {
        if (unasked.isEmpty() && awaiting.isEmpty()) advance();
        List<Proposal> out = new ArrayList<>();
        while (out.size() < max && !unasked.isEmpty()) {
            int index = unasked.remove(0);
            Member m = members.get(index);
            m.sequence = sequence++;
            awaiting.put(m.sequence, index);
            out.add(new Proposal(m.sequence, m.point, fidelities.rungs()[rung], m.parent));
        }
        return out;
    }

    /** Random configurations are ranked by every objective; a sampler that models the value (dehb, bohb) is not. */
    @Override
    public boolean multiObjective() {
        return !sampler.modelsValue();
    }

    @Override
    public void tell(Proposal proposal, double value) {
        tell(proposal, Outcome.of(value, direction));
    }

    @Override
    public void tell(Proposal proposal, Outcome outcome) {
        Integer index = awaiting.remove(proposal.sequence());
        if (index == null) throw new IllegalArgumentException(name + ": proposal " + proposal.sequence() + " is not awaiting a value");
        members.get(index).outcome = outcome;
    }

    /**
     * Continuable: the parent of a member of the current rung not yet told (its trial may still
     * run, or run again after a crash), and a member of the current rung below the top that is
     * out or told with a value, until the rung's promotions are decided (they are decided when
     * the rung is complete, at the next ask). A rung's members not promoted, a promoted member's
     * parent once the promotion is told, failed and pruned members and every member of the top
     * rung are not: brackets never reach back into an earlier rung or bracket.
     */
    @Override
    public boolean stillContinuable(long sequence) {
        for (Member m : members) {
            boolean unasked = m.sequence < 0;
            boolean out = !unasked && awaiting.containsKey(m.sequence);
            if ((unasked || out) && m.parent == sequence) return true;
            if (!unasked && m.sequence == sequence && rung < fidelities.top() && (out || m.outcome.completed())) return true;
        }
        return false;
    }

    /** The current rung is complete: promote its best, or start the next bracket. */
    private void advance() {
        if (bracket >= 0) {
            for (Member m : members) sampler.observe(m.point, rung, direction.minimised(m.outcome.value()));
        }
        if (bracket >= 0 && rung < fidelities.top()) {
            List<Member> ranked = new ArrayList<>();
            // Failed and pruned members are never promoted; the order keeps ties in their positions.
            for (int i : ParetoRanking.order(members.stream().map(m -> m.outcome).toList())) {
                if (members.get(i).outcome.completed()) ranked.add(members.get(i));
            }
            int keep = Math.min(ranked.size(), Math.max(1, members.size() / fidelities.eta()));
            if (keep > 0) {
                List<Member> next = new ArrayList<>();
                for (Member m : ranked.subList(0, keep)) next.add(new Member(m.point, m.sequence));
                start(rung + 1, next);
                return;
            }
        }
        bracket++;
        int k = fidelities.top();
        List<double[]> starts = domain.startPoints();
        if (bracket == 0 && !starts.isEmpty()) {
            // A warm start's configurations did well on similar tasks: screened at the lowest
            // fidelity, most would be dropped on a noisy first rung. They make a first bracket of
            // their own instead, all of them trained at the top fidelity.
            List<Member> warm = new ArrayList<>();
            for (double[] point : starts) warm.add(new Member(point, -1));
            start(k, warm);
            return;
        }
        // The brackets' cycle starts after the warm bracket, when there is one.
        long regular = starts.isEmpty() ? bracket : bracket - 1;
        int s = hyperband ? k - (int) (regular % (k + 1)) : k;
        int size = hyperband ? (int) Math.ceil((k + 1) / (double) (s + 1) * Math.pow(fidelities.eta(), s)) : n;
        SplittableRandom random = Seeds.stream(seed, bracket);
        List<Member> fresh = new ArrayList<>();
        List<double[]> chosen = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            double[] point = sampler.sample(random, k - s, chosen);
            chosen.add(point);
            fresh.add(new Member(point, -1));
        }
        start(k - s, fresh);
    }


    private void start(int rungIndex, List<Member> next) {
        rung = rungIndex;
        members = next;
        for (int i = 0; i < next.size(); i++) unasked.add(i);
    }
}
