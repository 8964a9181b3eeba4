package io.ams.engine.strategies;

import io.ams.engine.SearchDomain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code dehb}'s configurations (after Awad, Mallik and Hutter, "DEHB", IJCAI 2021): Hyperband's
 * brackets, rungs and promotions ({@link SuccessiveHalving}), but a bracket's new
 * configurations at rung r are DE/rand/1/bin offspring of the configurations evaluated at r.
 *
 * <p>What this keeps of DEHB and how it simplifies it:
 * <ul>
 * <li>Each rung r has a population P_r of configurations evaluated at r with their values, of
 *     at most N_r members, N_r being the most configurations any Hyperband bracket runs at r
 *     (27, 12, 6, 4 for rungs 1, 3, 9, 27 with eta 3), as DEHB sizes its subpopulations from its
 *     first Hyperband iteration. Every configuration evaluated at r (new or promoted) is
 *     offered to P_r when its rung is complete: it joins while P_r is not full; an offspring
 *     then replaces its target if not worse (DE's selection), any other configuration the
 *     worst member if better. Failed and pruned trials never join.</li>
 * <li>The i-th new configuration of a bracket at rung r is a trial vector u: the target x is
 *     the next member of P_r in turn (a cursor per rung walks round the population); the
 *     mutant is v = a + f (b - c) with a, b, c distinct members of the parent pool, drawn
 *     uniformly, and not x where the pool has four or more; coordinates of v outside [0, 1)
 *     are redrawn uniformly (DEHB's random repair); binomial crossover takes v_j with
 *     probability cr and for one random j always, else x_j. Then u is mapped to its canonical
 *     point.</li>
 * <li>The parent pool is P_r; when it has fewer than three members, DEHB's "parent pool" idea:
 *     the best ceil(|P_q| / eta) of the next lower rung q = r - 1 are added (the ones it
 *     promotes), and so on down. DEHB's global pool of all subpopulations and its
 *     budget-by-budget evolution of the promoted configurations in the first iterations are
 *     not reproduced: promotions stay Hyperband's top 1/eta, which is what DEHB does once its
 *     subpopulations are initialised.</li>
 * <li>No pool of three (the first bracket; any rung whose lower rungs are still empty): a
 *     uniform random configuration. A trial vector equal to a configuration already seen or
 *     chosen for the bracket is redrawn (10 tries, then a random unseen configuration), so a
 *     bracket's configurations are distinct.</li>
 * </ul>
 */
final class DifferentialEvolutionSampler implements ConfigurationSampler {
    /** A trial vector and where it came from: for tests and reports. */
    record Offspring(int rung, double[] target, double[] a, double[] b, double[] c, double[] mutant, double[] trial) {}

    private static final int ATTEMPTS = 10;

    private final SearchDomain domain;
    private final double f;
    private final double cr;
    private final int eta;
    private final int[] capacity;
    private final List<List<Member>> populations = new ArrayList<>();
    private final int[] cursor;
    /** Per rung, offspring not yet told (by canonical point) and their target's slot in P_r. */
    private final List<Map<List<Double>, Integer>> targets = new ArrayList<>();
    private final Set<List<Double>> seen = new HashSet<>();
    private final List<Offspring> offspring = new ArrayList<>();

    private record Member(double[] point, double value) {}

    DifferentialEvolutionSampler(SearchDomain domain, Fidelities fidelities, double f, double cr) {
        if (!(f > 0 && f <= 2)) throw new IllegalArgumentException("dehb: f (mutation factor) must be in (0, 2], got " + f);
        if (!(cr >= 0 && cr <= 1)) throw new IllegalArgumentException("dehb: cr (crossover rate) must be in [0, 1], got " + cr);
        this.domain = domain;
        this.f = f;
        this.cr = cr;
        this.eta = fidelities.eta();
        int k = fidelities.top();
        this.capacity = new int[k + 1];
        for (int s = k; s >= 0; s--) {
            // Hyperband's bracket s, exactly as SuccessiveHalving sizes it.
            int size = (int) Math.ceil((k + 1) / (double) (s + 1) * Math.pow(eta, s));
            for (int r = k - s; r <= k; r++) {
                capacity[r] = Math.max(capacity[r], size);
                size = Math.max(1, size / eta);
            }
        }
        this.cursor = new int[k + 1];
        for (int r = 0; r <= k; r++) {
            populations.add(new ArrayList<>());
            targets.add(new HashMap<>());
        }
    }

    @Override
    public double[] sample(SplittableRandom rnd, int rung, List<double[]> chosen) {
        List<double[]> pool = parentPool(rung);
        double[] point = null;
        if (pool.size() >= 3) {
            List<Member> population = populations.get(rung);
            int slot = population.isEmpty() ? -1 : cursor[rung] % population.size();
            double[] target = slot >= 0 ? population.get(slot).point() : pool.get(cursor[rung] % pool.size());
            cursor[rung]++;
            for (int attempt = 0; attempt < ATTEMPTS && point == null; attempt++) {
                Offspring o = offspring(rung, target, pool, rnd);
                if (!seen.contains(AcquisitionMaximizer.key(o.trial()))) {
                    point = o.trial();
                    offspring.add(o);
                    if (slot >= 0) targets.get(rung).put(AcquisitionMaximizer.key(point), slot);
                }
            }
        }
        if (point == null) point = AcquisitionMaximizer.unseenRandom(domain, seen, rnd);
        seen.add(AcquisitionMaximizer.key(point));
        return point;
    }

    /** DE/rand/1/bin: the mutant a + f (b - c) of three pool members, crossed with the target. */
    private Offspring offspring(int rung, double[] target, List<double[]> pool, SplittableRandom rnd) {
        int d = domain.dimensions();
        int[] abc = new int[3];
        for (int i = 0; i < 3; i++) {
            while (true) {
                int candidate = rnd.nextInt(pool.size());
                boolean taken = pool.size() >= 4 && pool.get(candidate) == target;
                for (int j = 0; j < i; j++) taken |= abc[j] == candidate;
                if (!taken) {
                    abc[i] = candidate;
                    break;
                }
            }
        }
        double[] a = pool.get(abc[0]);
        double[] b = pool.get(abc[1]);
        double[] c = pool.get(abc[2]);
        double[] mutant = new double[d];
        double[] trial = new double[d];
        int always = rnd.nextInt(d);
        for (int j = 0; j < d; j++) {
            mutant[j] = a[j] + f * (b[j] - c[j]);
            double v = mutant[j] >= 0 && mutant[j] < 1 ? mutant[j] : rnd.nextDouble();
            trial[j] = j == always || rnd.nextDouble() < cr ? v : target[j];
        }
        return new Offspring(rung, target, a, b, c, mutant, domain.canonical(trial));
    }

    /** P_r's points; below three, topped up with the best of the lower rungs (see the class comment). */
    private List<double[]> parentPool(int rung) {
        List<double[]> pool = new ArrayList<>();
        Set<List<Double>> in = new HashSet<>();
        for (Member m : populations.get(rung)) if (in.add(AcquisitionMaximizer.key(m.point()))) pool.add(m.point());
        for (int q = rung - 1; q >= 0 && pool.size() < 3; q--) {
            List<Member> ranked = new ArrayList<>(populations.get(q));
            ranked.sort(Comparator.comparingDouble(Member::value));
            int promoted = (ranked.size() + eta - 1) / eta;
            for (Member m : ranked.subList(0, promoted)) if (in.add(AcquisitionMaximizer.key(m.point()))) pool.add(m.point());
        }
        return pool;
    }

    @Override
    public void observe(double[] point, int rung, double value) {
        List<Double> key = AcquisitionMaximizer.key(point);
        seen.add(key);
        Integer slot = targets.get(rung).remove(key);
        if (!Double.isFinite(value)) return;
        List<Member> population = populations.get(rung);
        Member m = new Member(point.clone(), value);
        if (population.size() < capacity[rung]) {
            population.add(m);
        } else if (slot != null) {
            if (value <= population.get(slot).value()) population.set(slot, m);
        } else {
            int worst = 0;
            for (int i = 1; i < population.size(); i++) if (population.get(i).value() > population.get(worst).value()) worst = i;
            if (value < population.get(worst).value()) population.set(worst, m);
        }
    }

    /** The offspring made so far, in order. */
    List<Offspring> offspring() {
        return offspring;
    }

    /** The points of P_r now. */
    List<double[]> population(int rung) {
        return populations.get(rung).stream().map(Member::point).toList();
    }
}
