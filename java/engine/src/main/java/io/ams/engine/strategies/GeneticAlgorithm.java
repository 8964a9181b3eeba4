package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.jenetics.Alterer;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.EliteSelector;
import io.jenetics.GaussianMutator;
import io.jenetics.Genotype;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.Selector;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generational genetic algorithm built from Jenetics' operators over the joint genome (one
 * {@link DoubleChromosome} of the unit cube, so crossover can mix training-algorithm,
 * architecture and pruning genes freely): tournament selection of parents, uniform crossover,
 * Gaussian mutation, and elitist survivors. It runs one generation at a time in ask/tell form:
 * a generation's new individuals are proposed, and the next generation is bred only when all
 * their values are in. Breeding draws from a generator seeded by (seed, generation), and
 * values are matched by position, so the trajectory is the same whatever order parallel
 * evaluations finish in.
 */
public final class GeneticAlgorithm implements Strategy {
    /** GA settings; {@link #defaults()} gives a sensible start for small budgets. */
    public record Settings(int population, int elites, int tournament, double crossover, double mutation) {
        public Settings {
            if (population < 2) throw new IllegalArgumentException("ga population must be >= 2, got " + population);
            if (elites < 0 || elites >= population) throw new IllegalArgumentException("ga elites must be in [0, population), got " + elites);
            if (tournament < 2) throw new IllegalArgumentException("ga tournament must be >= 2, got " + tournament);
            if (!(crossover >= 0 && crossover <= 1)) throw new IllegalArgumentException("ga crossover must be in [0, 1], got " + crossover);
            if (!(mutation >= 0 && mutation <= 1)) throw new IllegalArgumentException("ga mutation must be in [0, 1], got " + mutation);
        }

        public static Settings defaults() {
            return new Settings(16, 2, 3, 0.5, 0.15);
        }
    }

    private final SearchDomain domain;
    private final Optimize optimize;
    private final Direction direction;
    private final Settings settings;
    private final long seed;
    private final Selector<DoubleGene, Double> parents;
    private final Selector<DoubleGene, Double> survivors;
    private final Alterer<DoubleGene, Double> alterer;
    /** Pre-screens bred children (saga); null breeds the plain GA. */
    private final Screen screen;

    private long generation;
    private List<Phenotype<DoubleGene, Double>> current = new ArrayList<>();
    /** Proposal sequence → position in {@link #current} of an individual awaiting its value. */
    private final Map<Long, Integer> awaiting = new HashMap<>();
    /**
     * Every configuration evaluated so far (by its canonical point), with its fitness.
     * Crossover of identical parents, mutation that draws nothing, and genes that move within
     * one integer or category cell produce children that are known configurations; they
     * inherit the known fitness instead of costing a trial.
     */
    private final Map<List<Double>, Double> known = new HashMap<>();
    private final List<Integer> unasked = new ArrayList<>();
    /** Position of a child → position of its identical sibling that is asked in its place. */
    private final Map<Integer, Integer> twins = new HashMap<>();
    private long sequence;

    public GeneticAlgorithm(SearchDomain domain, Direction direction, long seed, Settings settings) {
        this(domain, direction, seed, settings, null);
    }

    /**
     * Chooses which of many bred children a generation evaluates. The GA breeds
     * {@link #factor()} times the children it needs and evaluates the {@code count} that
     * {@link #choose} picks; it tells the screen every value it learns.
     */
    interface Screen {
        String name();

        int factor();

        /** A trial's value as the study reported it; NaN when it failed. */
        void observe(double[] point, double value);

        /** Positions in {@code children} of the {@code count} to evaluate, distinct. */
        int[] choose(List<double[]> children, int count);

        /** Frees what the screen holds outside the heap (a GP). */
        default void close() {}
    }

    GeneticAlgorithm(SearchDomain domain, Direction direction, long seed, Settings settings, Screen screen) {
        this.screen = screen;
        this.domain = domain;
        this.direction = direction;
        this.optimize = direction == Direction.MAXIMIZE ? Optimize.MAXIMUM : Optimize.MINIMUM;
        this.settings = settings;
        this.seed = seed;
        this.parents = new TournamentSelector<>(settings.tournament());
        this.survivors = new EliteSelector<DoubleGene, Double>(Math.max(1, settings.elites()),
                new TournamentSelector<>(settings.tournament()));
        Alterer<DoubleGene, Double> crossover = new UniformCrossover<>(settings.crossover(), 0.5);
        Alterer<DoubleGene, Double> mutator = new GaussianMutator<>(settings.mutation());
        this.alterer = crossover.andThen(mutator);
    }

    @Override
    public String name() {
        return screen == null ? "ga" : screen.name();
    }

    /** Single-fidelity: no proposal ever continues another, so no checkpoint is needed again. */
    @Override
    public boolean stillContinuable(long sequence) {
        return false;
    }

    @Override
    public void close() {
        if (screen != null) screen.close();
    }

    /** The surrogate screen of saga; null for a plain GA. */
    Screen screen() {
        return screen;
    }

    /** Generations fully evaluated so far. */
    public long generation() {
        return generation;
    }

    @Override
    public List<Proposal> ask(int max) {
        if (awaiting.isEmpty() && unasked.isEmpty()) startGeneration();
        List<Proposal> out = new ArrayList<>();
        while (out.size() < max && !unasked.isEmpty()) {
            int index = unasked.remove(0);
            long id = sequence++;
            awaiting.put(id, index);
            out.add(new Proposal(id, point(current.get(index).genotype())));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        Integer index = awaiting.remove(proposal.sequence());
        if (index == null) throw new IllegalArgumentException("ga: proposal " + proposal.sequence() + " is not awaiting a value");
        current.set(index, current.get(index).withFitness(direction.rankable(value)));
        known.put(key(proposal.point()), direction.rankable(value));
        if (screen != null) screen.observe(proposal.point(), value);
        if (awaiting.isEmpty() && unasked.isEmpty()) {
            // Twins (identical children of one generation) take the value of the one asked.
            twins.forEach((twin, original) -> current.set(twin, current.get(twin).withFitness(current.get(original).fitness())));
            twins.clear();
            generation++;
        }
    }

    private void startGeneration() {
        RandomRegistry.using(Seeds.stream(seed, generation), r -> {
            if (current.isEmpty()) {
                Genotype<DoubleGene> factory = Genotype.of(DoubleChromosome.of(0, 1, domain.dimensions()));
                for (int i = 0; i < settings.population(); i++) {
                    double[] start = StartPoints.at(domain, i);
                    current.add(Phenotype.of(start != null ? genotype(start) : factory.newInstance(), generation));
                }
            } else {
                current = breed();
            }
        });
        Map<List<Double>, Integer> newInThisGeneration = new HashMap<>();
        for (int i = 0; i < current.size(); i++) {
            Phenotype<DoubleGene, Double> individual = current.get(i);
            if (individual.isEvaluated()) continue;
            List<Double> key = key(point(individual.genotype()));
            Double fitness = known.get(key);
            if (fitness != null) {
                current.set(i, individual.withFitness(fitness));
            } else if (newInThisGeneration.putIfAbsent(key, i) == null) {
                unasked.add(i);
            } else {
                twins.put(i, newInThisGeneration.get(key));
            }
        }
        if (unasked.isEmpty()) {
            // Every child equals an evaluated parent (a converged population): replace the
            // last one by a random immigrant so that the search keeps moving.
            int last = current.size() - 1;
            // Its own stream family, apart from the generations' ones.
            RandomRegistry.using(Seeds.stream(~seed, generation), r -> current.set(last,
                    Phenotype.of(Genotype.of(DoubleChromosome.of(0, 1, domain.dimensions())), generation)));
            unasked.add(last);
        }
    }

    private List<Phenotype<DoubleGene, Double>> breed() {
        ISeq<Phenotype<DoubleGene, Double>> population = ISeq.of(current);
        int kept = settings.elites();
        ISeq<Phenotype<DoubleGene, Double>> next = kept > 0 ? survivors.select(population, kept, optimize) : ISeq.empty();
        int count = settings.population() - kept;
        if (screen == null) {
            ISeq<Phenotype<DoubleGene, Double>> offspring = parents.select(population, count, optimize);
            ISeq<Phenotype<DoubleGene, Double>> altered = alterer.alter(offspring, generation).population();
            return new ArrayList<>(next.append(altered).asList());
        }
        List<Phenotype<DoubleGene, Double>> pool = new ArrayList<>();
        for (int k = 0; k < screen.factor(); k++) {
            pool.addAll(alterer.alter(parents.select(population, count, optimize), generation).population().asList());
        }
        List<double[]> points = pool.stream().map(p -> point(p.genotype())).toList();
        List<Phenotype<DoubleGene, Double>> chosen = new ArrayList<>(next.asList());
        for (int i : screen.choose(points, count)) chosen.add(pool.get(i));
        return chosen;
    }

    private List<Double> key(double[] point) {
        return java.util.Arrays.stream(domain.canonical(point)).boxed().toList();
    }

    /** The genotype of a point of the unit cube (a warm start's point). */
    private static Genotype<DoubleGene> genotype(double[] point) {
        DoubleGene[] genes = new DoubleGene[point.length];
        for (int d = 0; d < point.length; d++) genes[d] = DoubleGene.of(point[d], 0, 1);
        return Genotype.of(DoubleChromosome.of(genes));
    }

    private static double[] point(Genotype<DoubleGene> genotype) {
        return genotype.chromosome().as(DoubleChromosome.class).toArray();
    }
}
