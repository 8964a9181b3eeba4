package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Outcome;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Regularised (aging) evolution, Real et al. 2019: a population of the {@code population}
 * most recent results; each proposal is a mutation of the best of {@code sample} members
 * drawn at random, changing one active gene; the oldest member dies when a new one arrives.
 * Asynchronous: it proposes whenever a worker is free, from the results it has so far (the
 * first {@code population} proposals are random).
 *
 * <p>"Best" is NSGA-II's crowded comparison over the population ({@link ParetoRanking}): with
 * one objective, the better value (infeasible trials after feasible ones, by their violation);
 * with several, the lower non-dominated rank, then the sparser part of the front. So the same
 * strategy searches a study with goals (multi-objective regularized evolution).
 */
public final class RegularizedEvolution implements Strategy {
    private record Member(double[] point, Outcome outcome) {}

    private final SearchDomain domain;
    private final Direction direction;
    private final int populationSize;
    private final int sampleSize;
    private final SplittableRandom random;
    private final Deque<Member> population = new ArrayDeque<>();
    private long sequence;

    public RegularizedEvolution(SearchDomain domain, Direction direction, long seed, int populationSize, int sampleSize) {
        if (populationSize < 2) throw new IllegalArgumentException("regevo population must be >= 2, got " + populationSize);
        if (sampleSize < 1 || sampleSize > populationSize) {
            throw new IllegalArgumentException("regevo sample must be in [1, population=" + populationSize + "], got " + sampleSize);
        }
        this.domain = domain;
        this.direction = direction;
        this.populationSize = populationSize;
        this.sampleSize = sampleSize;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return "regevo";
    }

    /** Single-fidelity: no proposal ever continues another, so no checkpoint is needed again. */
    @Override
    public boolean stillContinuable(long sequence) {
        return false;
    }

    @Override
    public boolean multiObjective() {
        return true;
    }

    @Override
    public List<Proposal> ask(int max) {
        List<Proposal> out = new ArrayList<>(max);
        List<Member> members = new ArrayList<>(population);
        ParetoRanking.Ranks ranks = ParetoRanking.ranks(members.stream().map(Member::outcome).toList());
        for (int i = 0; i < max; i++) {
            // Random until the population has filled: sequence counts proposals, so parallel
            // workers do not all mutate the same few early members.
            double[] start = StartPoints.at(domain, sequence);
            double[] point = start != null ? start : sequence < populationSize || population.isEmpty()
                    ? RandomSearch.uniform(random, domain.dimensions())
                    : mutateOneGene(tournamentWinner(members, ranks).point());
            out.add(new Proposal(sequence++, point));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        tell(proposal, Outcome.of(value, direction));
    }

    @Override
    public void tell(Proposal proposal, Outcome outcome) {
        population.addLast(new Member(proposal.point(), outcome));
        if (population.size() > populationSize) population.removeFirst();
    }

    /** The best of {@code sampleSize} members drawn at random; a tie goes to the first drawn. */
    private Member tournamentWinner(List<Member> members, ParetoRanking.Ranks ranks) {
        int best = -1;
        for (int i = 0; i < sampleSize; i++) {
            int m = random.nextInt(members.size());
            if (best < 0 || ranks.better(m, best)) best = m;
        }
        return members.get(best);
    }

    /**
     * The parent with one active gene redrawn. A redraw that lands in the same integer or
     * category cell gives the same configuration again, so it is drawn again (a few times at
     * most: a space of one configuration has nothing else to offer).
     */
    private double[] mutateOneGene(double[] parent) {
        double[] canonicalParent = domain.canonical(parent);
        double[] child = parent;
        for (int attempt = 0; attempt < 8; attempt++) {
            child = redrawOneGene(parent);
            if (!java.util.Arrays.equals(domain.canonical(child), canonicalParent)) break;
        }
        return child;
    }

    private double[] redrawOneGene(double[] parent) {
        double[] child = parent.clone();
        boolean[] active = domain.activeDimensions(parent);
        int count = 0;
        for (boolean a : active) if (a) count++;
        int pick = random.nextInt(Math.max(count, 1));
        for (int d = 0; d < active.length; d++) {
            if (count == 0 || (active[d] && pick-- == 0)) {
                child[d] = random.nextDouble();
                break;
            }
        }
        return child;
    }
}
