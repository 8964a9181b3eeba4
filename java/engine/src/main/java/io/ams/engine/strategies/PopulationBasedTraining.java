package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.surrogate.Designs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Population-based training ({@code pbt}; Jaderberg et al. 2017), generational: a population
 * of {@code population} members starts from a Latin-hypercube design of configurations and
 * trains in segments of {@code interval} fidelity (epochs). Segment j of a member is one trial
 * at fidelity min((j + 1) * interval, max_fidelity) that continues the member's segment j - 1
 * (its proposal's parent). When every member's segment is told, the members are ranked by that
 * latest value (failed and pruned ones last); each of the bottom {@code quantile} (and every
 * failed member) <em>exploits</em> a member drawn from the top {@code quantile}: it continues
 * that member's trained state (parent = the top member's latest proposal) with its
 * configuration, then <em>explores</em>: every explorable gene is, with probability
 * {@code resample}, drawn again uniformly, else moved by {@code perturb} up or down in the unit
 * cube (reflected at 0 and 1). The others continue unchanged. When the population reaches
 * {@code max_fidelity}, a new population starts (a new run), until the budget ends.
 *
 * <p>Explorable genes are the continuous ones that do not shape the model
 * ({@link SearchDomain#continuous} and not {@link SearchDomain#structural}): a copied
 * checkpoint must fit the network and the optimizer that continue it, so layer genes, choices
 * (an optimizer kind cannot restore another's moments) and integers (a batch size changes the
 * steps of an epoch) stay those of the member copied. A move in the unit cube rather than a
 * factor on the value: it needs no decoding, is the same size for every gene, and on a
 * log-scaled gene is a factor ((high/low)^perturb: about 2.2 for a learning rate in
 * [1e-4, 0.3] at the default 0.1).
 *
 * <p>The sequence of (fidelity, configuration) along a trial's parents is its hyperparameter
 * schedule ({@code io.ams.engine.Lineage}). Deterministic whatever order a round's values
 * arrive in: values are kept by member, a round is decided only when complete (ties by
 * member), and round r draws from its own stream (seed, r).
 */
public final class PopulationBasedTraining implements Strategy {
    /** The options; see the class comment. */
    public record Settings(int population, double interval, double maxFidelity, double quantile, double resample,
                           double perturb) {
        public static Settings defaults() {
            return new Settings(8, 2, 20, 0.25, 0.25, 0.1);
        }

        public Settings {
            if (population < 2) throw new IllegalArgumentException("pbt: population must be >= 2, got " + population);
            if (!(interval > 0) || Double.isInfinite(interval)) throw new IllegalArgumentException("pbt: interval must be > 0, got " + interval);
            if (!(maxFidelity >= interval) || Double.isInfinite(maxFidelity)) {
                throw new IllegalArgumentException("pbt: max_fidelity must be >= interval (" + interval + "), got " + maxFidelity);
            }
            if (!(quantile > 0 && quantile <= 0.5)) throw new IllegalArgumentException("pbt: quantile must be in (0, 0.5], got " + quantile);
            if (!(resample >= 0 && resample <= 1)) throw new IllegalArgumentException("pbt: resample must be in [0, 1], got " + resample);
            if (!(perturb > 0 && perturb <= 0.5)) throw new IllegalArgumentException("pbt: perturb must be in (0, 0.5], got " + perturb);
        }

        /** Segments per run: the last one ends at max_fidelity. */
        int segments() {
            return (int) Math.ceil(maxFidelity / interval - 1e-9);
        }

        double fidelity(int segment) {
            return Math.min((segment + 1) * interval, maxFidelity);
        }

        /** Members exploiting (and members to copy from): the quantile of the population, at least one. */
        int exploiters() {
            return Math.max(1, (int) Math.floor(quantile * population + 1e-9));
        }
    }

    private final SearchDomain domain;
    private final Direction direction;
    private final long seed;
    private final Settings settings;
    private final boolean[] explorable;

    /** Rounds decided so far, over all runs: the random stream of the next decision. */
    private long rounds;
    /** The segment the population trains now. */
    private int segment = -1;
    private final List<Member> members = new ArrayList<>();
    private final List<Integer> unasked = new ArrayList<>();
    private final Map<Long, Integer> awaiting = new HashMap<>();
    private long sequence;

    private static final class Member {
        double[] point;
        /** The proposal this member's next segment continues; -1 before its first. */
        long parent = -1;
        long sequence = -1;
        double value = Double.NaN;
    }

    public PopulationBasedTraining(SearchDomain domain, Direction direction, long seed, Settings settings) {
        this.domain = domain;
        this.direction = direction;
        this.seed = seed;
        this.settings = settings;
        this.explorable = new boolean[domain.dimensions()];
        for (int d = 0; d < explorable.length; d++) explorable[d] = domain.continuous(d) && !domain.structural(d);
    }

    @Override
    public String name() {
        return "pbt";
    }

    @Override
    public double maxFidelity() {
        return settings.maxFidelity();
    }

    /** Which genes explore may change. */
    public boolean[] explorable() {
        return explorable.clone();
    }

    @Override
    public List<Proposal> ask(int max) {
        if (unasked.isEmpty() && awaiting.isEmpty()) advance();
        List<Proposal> out = new ArrayList<>();
        while (out.size() < max && !unasked.isEmpty()) {
            int index = unasked.remove(0);
            Member m = members.get(index);
            m.sequence = sequence++;
            m.value = Double.NaN;
            awaiting.put(m.sequence, index);
            out.add(new Proposal(m.sequence, m.point, settings.fidelity(segment), m.parent));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        Integer index = awaiting.remove(proposal.sequence());
        if (index == null) throw new IllegalArgumentException("pbt: proposal " + proposal.sequence() + " is not awaiting a value");
        members.get(index).value = value;
    }

    /**
     * Continuable: the parent of a member's segment not yet told (the member's own previous
     * segment, or the top member it copies), and a member's latest segment while it is out or
     * told with a value and the run has segments left (until the round is decided, any member
     * may be continued or copied). A member replaced by exploit, a failed one, segments before
     * the latest and every segment of a finished run (a new run starts from scratch) are not.
     */
    @Override
    public boolean stillContinuable(long sequence) {
        boolean segmentsLeft = segment >= 0 && segment + 1 < settings.segments();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            boolean notAsked = unasked.contains(i);
            boolean out = !notAsked && awaiting.containsKey(m.sequence);
            if ((notAsked || out) && m.parent == sequence) return true;
            if (!notAsked && m.sequence == sequence && segmentsLeft && (out || !Double.isNaN(m.value))) return true;
        }
        return false;
    }

    /** The round is complete: exploit and explore, or start a new run. */
    private void advance() {
        SplittableRandom random = Seeds.stream(seed, rounds++);
        boolean anyAlive = members.stream().anyMatch(m -> !Double.isNaN(m.value));
        if (segment < 0 || segment + 1 >= settings.segments() || !anyAlive) {
            start(random);
            return;
        }
        List<Integer> ranked = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) if (!Double.isNaN(members.get(i).value)) ranked.add(i);
        // A stable sort, best first: ties keep the members' order.
        Comparator<Integer> byValue = Comparator.comparingDouble(i -> members.get(i).value);
        ranked.sort(direction == Direction.MINIMIZE ? byValue : byValue.reversed());
        int n = settings.exploiters();
        List<Integer> top = ranked.subList(0, Math.min(n, ranked.size()));
        boolean[] exploits = new boolean[members.size()];
        for (int i = 0; i < members.size(); i++) exploits[i] = Double.isNaN(members.get(i).value);
        for (int k = Math.max(top.size(), ranked.size() - n); k < ranked.size(); k++) exploits[ranked.get(k)] = true;
        // Decide from the round's state before changing any member: a copy is of the top member as it was told.
        List<double[]> points = members.stream().map(m -> m.point).toList();
        List<Long> sequences = members.stream().map(m -> m.sequence).toList();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            if (exploits[i]) {
                int source = top.get(random.nextInt(top.size()));
                m.point = explore(points.get(source), random);
                m.parent = sequences.get(source);
            } else {
                m.parent = m.sequence;
            }
        }
        segment++;
        for (int i = 0; i < members.size(); i++) unasked.add(i);
    }

    private void start(SplittableRandom random) {
        members.clear();
        List<double[]> drawn = List.of(Designs.latinHypercube(settings.population(), domain.dimensions(), random));
        // The warm start's points begin the first run only: a later run is a fresh start.
        for (double[] point : rounds == 1 ? StartPoints.population(domain, drawn) : drawn) {
            Member m = new Member();
            m.point = point;
            members.add(m);
        }
        segment = 0;
        for (int i = 0; i < members.size(); i++) unasked.add(i);
    }

    /** A copy of {@code point} with its active explorable genes resampled or moved. */
    double[] explore(double[] point, SplittableRandom random) {
        double[] x = point.clone();
        boolean[] active = domain.activeDimensions(point);
        for (int d = 0; d < x.length; d++) {
            if (!explorable[d] || !active[d]) continue;
            if (random.nextDouble() < settings.resample()) {
                x[d] = random.nextDouble();
            } else {
                double u = x[d] + (random.nextBoolean() ? settings.perturb() : -settings.perturb());
                x[d] = u > 1 ? 2 - u : u < 0 ? -u : u;
            }
        }
        return x;
    }
}
