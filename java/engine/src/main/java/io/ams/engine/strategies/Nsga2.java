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
 * NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002) over the joint genome's unit cube, in
 * ask/tell form, one generation at a time: {@code population} random configurations first; then
 * each generation breeds as many children from the current population (binary tournaments by
 * crowded comparison, simulated binary crossover, polynomial mutation), and when all their
 * outcomes are in, the next population is the best {@code population} of parents and children
 * together ({@link ParetoRanking}: non-dominated rank under constraint-domination, then crowding
 * distance; the ranking and crowding arithmetic is Jenetics' {@code io.jenetics.ext.moea.Pareto}).
 *
 * <p>The operators are the bounded forms of Deb's reference implementation (SBX: Deb and Agrawal
 * 1995, applied to each gene with probability 1/2; polynomial mutation: Deb and Goyal 1996, each
 * gene with probability {@code mutation}, by default 1/genes), as pymoo and the NSGA-II papers use
 * them, so results compare with published ones. Jenetics 7.2 has neither in its bounded form.
 *
 * <p>Deterministic whatever order a generation's outcomes arrive in: children are matched to
 * outcomes by position, and a generation is bred from a generator seeded by (seed, generation).
 * With one objective it is a generational GA with (mu + lambda) survival.
 */
public final class Nsga2 implements Strategy {
    /**
     * @param population    parents kept and children bred per generation
     * @param crossover     probability that a pair of parents is crossed
     * @param crossoverEta  SBX distribution index: larger keeps children nearer their parents
     * @param mutation      probability that a gene is mutated; 0 = 1/genes
     * @param mutationEta   polynomial mutation's distribution index: larger makes smaller steps
     */
    public record Settings(int population, double crossover, double crossoverEta, double mutation, double mutationEta) {
        public Settings {
            if (population < 2) throw new IllegalArgumentException("nsga2 population must be >= 2, got " + population);
            if (!(crossover >= 0 && crossover <= 1)) throw new IllegalArgumentException("nsga2 crossover must be in [0, 1], got " + crossover);
            if (!(mutation >= 0 && mutation <= 1)) throw new IllegalArgumentException("nsga2 mutation must be in [0, 1], got " + mutation);
            if (!(crossoverEta > 0) || !(mutationEta > 0)) throw new IllegalArgumentException("nsga2 distribution indices must be > 0");
        }

        /**
         * pymoo's NSGA-II operators, but for SBX's index 5 (pymoo: 15), whose wider children
         * converge faster on budgets of thousands of evaluations or fewer (ZDT1, 5,000 evaluations by
         * ask/tell, seeds 1-5: median hypervolume 0.841 against 0.797 with 15; the defaults over 10
         * seeds are in bench/results/multi-objective.md), and a population of 20 that
         * gives a search of hundreds of trained models ten generations or more.
         */
        public static Settings defaults() {
            return new Settings(20, 0.9, 5, 0, 20);
        }
    }

    private static final class Individual {
        final double[] point;
        long sequence = -1;
        Outcome outcome;

        Individual(double[] point) {
            this.point = point;
        }
    }

    /** The largest value below 1: the unit cube is half-open, as the codec and random search use it. */
    private static final double TOP = Math.nextDown(1.0);

    private final SearchDomain domain;
    private final Direction direction;
    private final Settings settings;
    private final long seed;
    private final double mutation;

    private long generation;
    /** The evaluated population the next children are bred from; empty before the first generation is in. */
    private List<Individual> parents = new ArrayList<>();
    /** This generation's individuals, by position: the first population, then each generation's children. */
    private List<Individual> offspring = new ArrayList<>();
    private final List<Integer> unasked = new ArrayList<>();
    private final Map<Long, Integer> awaiting = new HashMap<>();
    private long sequence;

    public Nsga2(SearchDomain domain, Direction direction, long seed, Settings settings) {
        this.domain = domain;
        this.direction = direction;
        this.settings = settings;
        this.seed = seed;
        this.mutation = settings.mutation() > 0 ? settings.mutation() : 1.0 / Math.max(1, domain.dimensions());
    }

    @Override
    public String name() {
        return "nsga2";
    }

    @Override
    public boolean multiObjective() {
        return true;
    }

    /** Single-fidelity: no proposal ever continues another, so no checkpoint is needed again. */
    @Override
    public boolean stillContinuable(long sequence) {
        return false;
    }

    /** Generations whose outcomes are all in. */
    public long generation() {
        return generation;
    }

    @Override
    public List<Proposal> ask(int max) {
        if (unasked.isEmpty() && awaiting.isEmpty()) startGeneration();
        List<Proposal> out = new ArrayList<>();
        while (out.size() < max && !unasked.isEmpty()) {
            int index = unasked.remove(0);
            Individual child = offspring.get(index);
            child.sequence = sequence++;
            awaiting.put(child.sequence, index);
            out.add(new Proposal(child.sequence, child.point));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        tell(proposal, Outcome.of(value, direction));
    }

    @Override
    public void tell(Proposal proposal, Outcome outcome) {
        Integer index = awaiting.remove(proposal.sequence());
        if (index == null) throw new IllegalArgumentException("nsga2: proposal " + proposal.sequence() + " is not awaiting a value");
        offspring.get(index).outcome = outcome;
        if (awaiting.isEmpty() && unasked.isEmpty()) {
            parents = survivors();
            offspring = new ArrayList<>();
            generation++;
        }
    }

    /** The best {@code population} of parents and children together (mu + lambda). */
    private List<Individual> survivors() {
        List<Individual> all = new ArrayList<>(parents);
        all.addAll(offspring);
        int[] order = ParetoRanking.order(all.stream().map(i -> i.outcome).toList());
        List<Individual> next = new ArrayList<>();
        for (int k = 0; k < Math.min(settings.population(), order.length); k++) next.add(all.get(order[k]));
        return next;
    }

    private void startGeneration() {
        SplittableRandom random = Seeds.stream(seed, generation);
        offspring = new ArrayList<>();
        if (parents.isEmpty()) {
            List<double[]> drawn = new ArrayList<>();
            for (int i = 0; i < settings.population(); i++) drawn.add(RandomSearch.uniform(random, domain.dimensions()));
            for (double[] point : StartPoints.population(domain, drawn)) offspring.add(new Individual(point));
        } else {
            ParetoRanking.Ranks ranks = ParetoRanking.ranks(parents.stream().map(i -> i.outcome).toList());
            while (offspring.size() < settings.population()) {
                double[] a = parents.get(tournament(ranks, random)).point.clone();
                double[] b = parents.get(tournament(ranks, random)).point.clone();
                if (random.nextDouble() < settings.crossover()) crossover(a, b, random);
                mutate(a, random);
                mutate(b, random);
                offspring.add(new Individual(a));
                if (offspring.size() < settings.population()) offspring.add(new Individual(b));
            }
        }
        for (int i = 0; i < offspring.size(); i++) unasked.add(i);
    }

    /** A binary tournament by crowded comparison; a tie goes to the first drawn. */
    private static int tournament(ParetoRanking.Ranks ranks, SplittableRandom random) {
        int n = ranks.rank().length;
        int i = random.nextInt(n);
        int j = random.nextInt(n);
        return ranks.better(j, i) ? j : i;
    }

    /** Simulated binary crossover, bounded to [0, 1], each gene with probability 1/2; {@code a} and {@code b} become the children. */
    private void crossover(double[] a, double[] b, SplittableRandom random) {
        double eta = settings.crossoverEta();
        for (int d = 0; d < a.length; d++) {
            if (random.nextDouble() > 0.5 || Math.abs(a[d] - b[d]) <= 1e-14) continue;
            double y1 = Math.min(a[d], b[d]);
            double y2 = Math.max(a[d], b[d]);
            double u = random.nextDouble();
            double c1 = 0.5 * (y1 + y2 - spread(1 + 2 * y1 / (y2 - y1), eta, u) * (y2 - y1));
            double c2 = 0.5 * (y1 + y2 + spread(1 + 2 * (1 - y2) / (y2 - y1), eta, u) * (y2 - y1));
            c1 = clamp(c1);
            c2 = clamp(c2);
            boolean swap = random.nextDouble() <= 0.5;
            a[d] = swap ? c2 : c1;
            b[d] = swap ? c1 : c2;
        }
    }

    /** SBX's spread factor for a child on the side whose bound lies {@code beta} half-distances away. */
    private static double spread(double beta, double eta, double u) {
        double alpha = 2 - Math.pow(beta, -(eta + 1));
        return u <= 1 / alpha ? Math.pow(u * alpha, 1 / (eta + 1)) : Math.pow(1 / (2 - u * alpha), 1 / (eta + 1));
    }

    /** Polynomial mutation, bounded to [0, 1], each gene with probability {@code mutation}. */
    private void mutate(double[] x, SplittableRandom random) {
        double eta = settings.mutationEta();
        double power = 1 / (eta + 1);
        for (int d = 0; d < x.length; d++) {
            if (random.nextDouble() >= mutation) continue;
            double y = x[d];
            double u = random.nextDouble();
            double delta;
            if (u <= 0.5) {
                double v = 2 * u + (1 - 2 * u) * Math.pow(1 - y, eta + 1);
                delta = Math.pow(v, power) - 1;
            } else {
                double v = 2 * (1 - u) + 2 * (u - 0.5) * Math.pow(y, eta + 1);
                delta = 1 - Math.pow(v, power);
            }
            x[d] = clamp(y + delta);
        }
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(TOP, v));
    }
}
