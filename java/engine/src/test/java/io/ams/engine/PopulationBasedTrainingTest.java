package io.ams.engine;

import io.ams.core.Direction;
import io.ams.engine.strategies.PopulationBasedTraining;
import io.ams.engine.strategies.Strategies;
import io.ams.eval.Objective;
import io.ams.eval.ScheduleStep;
import io.ams.space.Config;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PopulationBasedTrainingTest {
    static final double HORIZON = 20;

    /** lr and wd are explorable; opt (a choice), steps (an integer) and the layer stack are not. */
    static final SearchSpace SPACE = SearchSpace.builder()
            .add(Parameter.real("lr", 0, 1))
            .add(Parameter.logReal("wd", 1e-4, 1))
            .add(Parameter.choice("opt", "a", "b"))
            .add(Parameter.integer("steps", 1, 4))
            .add(LayerStack.of("layers", 1, 2).with(Parameter.integer("units", 1, 8), Parameter.real("drop", 0, 0.5)))
            .build();

    /** The rate of progress that the lr of epoch t earns: best when lr follows a target falling from 0.9 to 0.1. */
    static double gain(double lr, int epoch) {
        double target = 0.9 - 0.8 * epoch / HORIZON;
        return 1 - 4 * (lr - target) * (lr - target);
    }

    /**
     * Progress accumulated epoch by epoch, continued from the parent's checkpoint (progress and
     * epochs done): what it reaches depends on the lr schedule, not on any one lr.
     */
    static final Objective SCHEDULED = (c, ctx) -> {
        double progress = 0;
        int done = 0;
        if (ctx.resumeFrom().isPresent()) {
            String[] state = read(ctx.resumeFrom().get()).split(" ");
            progress = Double.parseDouble(state[0]);
            done = Integer.parseInt(state[1]);
        }
        int to = ctx.fidelity() > 0 ? (int) Math.round(ctx.fidelity()) : (int) HORIZON;
        for (int e = done; e < to; e++) progress += gain(c.getDouble("lr"), e);
        write(ctx.checkpoint(), progress + " " + to);
        return progress;
    };

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path p, String s) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StudyResult search(String strategy, Map<String, ?> options, int trials, long seed) {
        try (Study study = Study.builder().space(SPACE).objective(SCHEDULED).direction(Direction.MAXIMIZE)
                .strategy(strategy, options).budget(Budget.trials(trials)).seed(seed).workers(2).build()) {
            return study.optimize();
        }
    }

    @Test
    void pbtBeatsFixedRandomConfigurationsAtEqualTotalFidelity() {
        // 8 members x 20 epochs in 10 segments each, against 8 random configurations trained 20 epochs each.
        for (long seed = 1; seed <= 3; seed++) {
            StudyResult pbt = search("pbt", Map.of(), 80, seed);
            StudyResult random = search("random", Map.of(), 8, seed);
            assertEquals(HORIZON, pbt.best().orElseThrow().record().fidelity());
            double p = pbt.best().orElseThrow().value();
            double r = random.best().orElseThrow().value();
            assertTrue(p > r, "seed " + seed + ": pbt " + p + " <= random " + r);
        }
    }

    @Test
    void exploitCopiesTheParentsStateAndItsStructuralGenesAndExploreChangesOnlyExplorableOnes() {
        SearchDomain domain = domain();
        PopulationBasedTraining pbt = (PopulationBasedTraining) Strategies.create("pbt",
                Map.of("population", 8, "interval", 2, "max_fidelity", 8), domain, Direction.MINIMIZE, 5);
        boolean[] explorable = pbt.explorable();
        assertTrue(explorable[0] && explorable[1], "lr, wd");
        for (int d = 2; d < explorable.length; d++) assertFalse(explorable[d], "gene " + d + " is a choice, an integer or a layer gene");

        Map<Long, Proposal> bySequence = new HashMap<>();
        List<Proposal> round = pbt.ask(100);
        assertEquals(8, round.size(), "the whole population at once");
        int exploited = 0;
        for (int r = 1; r < 4; r++) {
            for (Proposal p : round) {
                bySequence.put(p.sequence(), p);
                pbt.tell(p, value(p));
            }
            List<Proposal> next = pbt.ask(100);
            assertEquals(8, next.size());
            for (int i = 0; i < 8; i++) {
                Proposal p = next.get(i);
                assertEquals(2.0 * (r + 1), p.fidelity());
                assertTrue(p.continues());
                if (p.parent() == round.get(i).sequence()) {
                    assertArrayEquals(round.get(i).point(), p.point(), "a member kept continues unchanged");
                    continue;
                }
                exploited++;
                Proposal parent = bySequence.get(p.parent());
                assertEquals(parent.fidelity() + 2, p.fidelity(), "the copy continues the parent's latest segment");
                assertTrue(value(parent) < value(round.get(i)), "copies a better member");
                double[] a = parent.point();
                double[] b = p.point();
                for (int d = 0; d < a.length; d++) {
                    if (explorable[d]) assertNotEquals(a[d], b[d], "explored gene " + d);
                    else assertEquals(a[d], b[d], "copied gene " + d);
                }
            }
            round = next;
        }
        assertEquals(3 * 2, exploited, "the bottom quarter of 8 exploits every round");
    }

    /** Lower is better: the distance of the lr gene from 0.3. */
    private static double value(Proposal p) {
        return Math.abs(p.point()[0] - 0.3) + p.sequence() * 1e-9;
    }

    private static SearchDomain domain() {
        return StudyBuilder.domain(SPACE);
    }

    @Test
    void theTrajectoryDoesNotDependOnTheOrderValuesArriveIn() {
        List<List<Proposal>> reference = null;
        for (long order = 0; order < 4; order++) {
            PopulationBasedTraining pbt = (PopulationBasedTraining) Strategies.create("pbt",
                    Map.of("population", 6, "interval", 1, "max_fidelity", 4), domain(), Direction.MAXIMIZE, 9);
            Random shuffle = new Random(order);
            List<List<Proposal>> rounds = new ArrayList<>();
            for (int r = 0; r < 7; r++) {
                // Asked in pieces, told in a shuffled order: one value comes before the rest is asked.
                List<Proposal> round = new ArrayList<>(pbt.ask(4));
                Proposal early = round.get(shuffle.nextInt(round.size()));
                pbt.tell(early, value(early));
                round.addAll(pbt.ask(10));
                assertEquals(6, round.size());
                for (Proposal p : shuffled(round, shuffle)) if (p != early) pbt.tell(p, value(p));
                rounds.add(round);
            }
            if (reference == null) reference = rounds;
            else for (int r = 0; r < rounds.size(); r++) {
                for (int i = 0; i < rounds.get(r).size(); i++) {
                    Proposal a = reference.get(r).get(i);
                    Proposal b = rounds.get(r).get(i);
                    assertArrayEquals(a.point(), b.point(), "round " + r + " member " + i);
                    assertEquals(a.parent(), b.parent(), "round " + r + " member " + i);
                    assertEquals(a.fidelity(), b.fidelity(), "round " + r + " member " + i);
                }
            }
        }
    }

    private static List<Proposal> shuffled(List<Proposal> ps, Random r) {
        List<Proposal> copy = new ArrayList<>(ps);
        Collections.shuffle(copy, r);
        return copy;
    }

    @Test
    void resumingAPbtStudyContinuesTheSameTrajectory(@TempDir Path dir) {
        Map<String, ?> options = Map.of("population", 4, "interval", 3, "max_fidelity", 9);
        List<TrialRecord> uninterrupted = stored(dir.resolve("a.store"), options, 20);
        Path file = dir.resolve("b.store");
        stored(file, options, 7);
        stored(file, options, 13);
        List<TrialRecord> resumed = stored(file, options, 20);
        assertEquals(20, resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            TrialRecord a = uninterrupted.get(i);
            TrialRecord b = resumed.get(i);
            assertArrayEquals(a.point(), b.point(), "trial " + i);
            assertEquals(a.fidelity(), b.fidelity(), "trial " + i);
            assertEquals(a.parent(), b.parent(), "trial " + i);
            assertEquals(a.value(), b.value(), "trial " + i);
            assertEquals(TrialState.COMPLETE, b.state());
        }
        assertTrue(resumed.stream().anyMatch(t -> t.parent().isPresent()
                && !t.config().equals(resumed.get((int) t.parent().getAsLong()).config())), "nothing exploited");
    }

    private static List<TrialRecord> stored(Path file, Map<String, ?> options, int trials) {
        try (Study study = Study.builder().space(SPACE).objective(SCHEDULED).direction(Direction.MAXIMIZE)
                .strategy("pbt", options).budget(Budget.trials(trials)).seed(3).workers(2).store(file).build()) {
            return study.optimize().trials().stream().map(Trial::record).toList();
        }
    }

    @Test
    void theLineageOfATrialIsItsHyperparameterSchedule() {
        try (Study study = Study.builder().space(SPACE).objective(SCHEDULED).direction(Direction.MAXIMIZE)
                .strategy("pbt", Map.of("population", 4, "interval", 2, "max_fidelity", 8)).budget(Budget.trials(16))
                .seed(4).workers(1).build()) {
            StudyResult r = study.optimize();
            boolean changed = false;
            for (Trial t : r.trials()) {
                if (t.record().fidelity() != 8) continue;
                Lineage lineage = study.lineage(t);
                assertEquals(4, lineage.trials().size());
                assertEquals(List.of(2.0, 4.0, 6.0, 8.0), lineage.trials().stream().map(x -> x.record().fidelity()).toList());
                assertEquals(t, lineage.last());
                List<ScheduleStep> schedule = lineage.schedule();
                changed |= schedule.size() > 1;
                // Replaying the schedule by hand gives the trial's value: it is what the trial trained.
                double progress = 0;
                int epoch = 0;
                for (ScheduleStep step : schedule) {
                    for (; epoch < step.fidelity(); epoch++) progress += gain(step.config().getDouble("lr"), epoch);
                }
                assertEquals(t.value(), progress, 1e-12);
            }
            assertTrue(changed, "some member's schedule changed its configuration");
        }
    }

    @Test
    void badOptionsAreNamed() {
        SearchDomain domain = domain();
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(Map.entry("population", 1),
                Map.entry("interval", 0), Map.entry("max_fidelity", 1), Map.entry("quantile", 0.75), Map.entry("resample", 1.5),
                Map.entry("perturb", 0), Map.entry("population", 2.5), Map.entry("interval", "two"), Map.entry("eta", 3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Strategies.create("pbt", Map.of(bad.getKey(), bad.getValue()), domain, Direction.MINIMIZE, 0), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()) && e.getMessage().contains("pbt"), e.getMessage());
        }
        assertTrue(Strategies.names().contains("pbt"));
    }
}
