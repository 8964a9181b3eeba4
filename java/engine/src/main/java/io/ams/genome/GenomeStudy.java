package io.ams.genome;

import io.ams.engine.Budget;
import io.ams.engine.KeepCheckpoints;
import io.ams.engine.Pruners;
import io.ams.engine.Study;
import io.ams.engine.StudyBuilder;
import io.ams.engine.StudyListener;
import io.ams.engine.Trial;
import io.ams.models.MlpObjective;
import io.ams.eval.Objective;
import io.ams.models.MultiObjectiveFunctions;
import io.ams.models.TestFunctions;
import io.ams.space.Config;
import io.ams.space.Parameter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A study set up from a genome file: its space, objective, metric, strategy and budget, with
 * the command line's overrides on top. Owns the objective's resources (the MLP objective's
 * native data) and the study's store; close it when done.
 */
public final class GenomeStudy implements AutoCloseable {
    /** Command-line overrides; null fields keep the genome's value. */
    public record Overrides(String strategy, Integer trials, Duration time, Long seed, Integer workers, Path store,
                            Duration trialTimeout, Integer maxFailures, KeepCheckpoints keepCheckpoints, Path archive) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null, null, null);

        /** Overrides that archive nothing ({@code archive}: the folder a finished study is kept in, null for none). */
        public Overrides(String strategy, Integer trials, Duration time, Long seed, Integer workers, Path store,
                         Duration trialTimeout, Integer maxFailures, KeepCheckpoints keepCheckpoints) {
            this(strategy, trials, time, seed, workers, store, trialTimeout, maxFailures, keepCheckpoints, null);
        }

        /** Overrides that keep the genome's checkpoints setting. */
        public Overrides(String strategy, Integer trials, Duration time, Long seed, Integer workers, Path store,
                         Duration trialTimeout, Integer maxFailures) {
            this(strategy, trials, time, seed, workers, store, trialTimeout, maxFailures, null);
        }

        /** Overrides that keep the genome's failure budget. */
        public Overrides(String strategy, Integer trials, Duration time, Long seed, Integer workers, Path store,
                         Duration trialTimeout) {
            this(strategy, trials, time, seed, workers, store, trialTimeout, null);
        }
    }

    private final Genome genome;
    private final Study study;
    private final Objective objective;
    private final MlpObjective mlp;

    private GenomeStudy(Genome genome, Study study, Objective objective) {
        this.genome = genome;
        this.study = study;
        this.objective = objective;
        this.mlp = objective instanceof MlpObjective m ? m : null;
    }

    /**
     * The objective a genome describes, as every process that evaluates its trials builds it (the
     * study's, a cluster worker's): the MLP on its dataset and split (an {@link MlpObjective}, whose
     * prepared data the caller closes), a built-in test function, or a new instance of the genome's
     * Java class (which the caller closes when it is {@link AutoCloseable}).
     */
    public static Objective objective(Genome genome) {
        if (genome.objective() instanceof ObjectiveSpec.Mlp m) {
            SplitSpec split = genome.split().orElse(SplitSpec.DEFAULT);
            return new MlpObjective(m.dataset(), split.validation(), split.test(), split.seed(),
                    MlpObjective.metric(genome.metric().name()));
        }
        if (genome.objective() instanceof ObjectiveSpec.JavaClass j) {
            try {
                return j.newObjective();
            } catch (IllegalArgumentException e) {
                throw genome.error("objective.java", e.getMessage());
            }
        }
        if (genome.objective() instanceof ObjectiveSpec.Provided p) {
            try {
                return p.newObjective();
            } catch (IllegalArgumentException e) {
                throw genome.error("objective." + p.provider(), e.getMessage());
            }
        }
        ObjectiveSpec.TestFunction f = (ObjectiveSpec.TestFunction) genome.objective();
        List<String> names = genome.space().parameters().stream().map(Parameter::name).toList();
        List<String> recorded = f.recorded();
        java.util.function.ToDoubleFunction<double[]> single = recorded.isEmpty()
                ? TestFunctions.of(f.name(), names.size(), f.instance()) : null;
        return (Config c, io.ams.eval.TrialContext ctx) -> {
            double[] x = new double[names.size()];
            for (int i = 0; i < x.length; i++) x[i] = c.getDouble(names.get(i));
            if (single != null) return single.applyAsDouble(x);
            double[] values = MultiObjectiveFunctions.evaluate(f.name(), x);
            for (int i = 0; i < recorded.size(); i++) ctx.metric(recorded.get(i), values[i + 1]);
            return values[0];
        };
    }

    /**
     * Sets up the study. {@code text} is the genome file's text, kept in the store so that a
     * resume rebuilds the same study from the store alone.
     */
    public static GenomeStudy open(Genome genome, String text, Overrides o, List<StudyListener> listeners) {
        return open(genome, text, o, listeners, java.util.Map.of());
    }

    /**
     * As {@link #open(Genome, String, Overrides, List)}, keeping {@code attributes} in a new
     * store's metadata (the command line keeps its budget flags there for `ams resume`).
     */
    public static GenomeStudy open(Genome genome, String text, Overrides o, List<StudyListener> listeners,
                                   java.util.Map<String, String> attributes) {
        return open(genome, text, o, listeners, attributes, null);
    }

    /**
     * As {@link #open(Genome, String, Overrides, List, java.util.Map)}, with the trials evaluated by
     * {@code evaluator} (null: this JVM's threads), which the caller closes.
     */
    public static GenomeStudy open(Genome genome, String text, Overrides o, List<StudyListener> listeners,
                                   java.util.Map<String, String> attributes, io.ams.eval.Evaluator evaluator) {
        Objective objective = objective(genome);
        try {
            BudgetSpec b = genome.budget();
            Budget budget = Budget.trials(o.trials() != null ? o.trials() : b.trials().orElse(Integer.MAX_VALUE));
            Duration time = o.time() != null ? o.time() : b.time().orElse(null);
            if (time != null) budget = budget.withTime(time);
            if (b.target().isPresent()) budget = budget.withTarget(b.target().getAsDouble());
            boolean strategyOverridden = o.strategy() != null && !o.strategy().equals(genome.strategy().name());
            StudyBuilder builder = Study.builder()
                    .space(genome.space())
                    .objective(objective)
                    .direction(genome.metric().direction())
                    // The genome's strategy options belong to its strategy, not to one named on the command line.
                    .strategy(strategyOverridden ? o.strategy() : genome.strategy().name(),
                            strategyOverridden ? java.util.Map.of() : genome.strategy().options())
                    .budget(budget)
                    .seed(o.seed() != null ? o.seed() : genome.strategy().seed())
                    .name(genome.source())
                    .spaceSource(text)
                    .pruner(Pruners.create(genome.pruner().name(), genome.pruner().options()));
            describe(builder, genome);
            genome.constraints().forEach(builder::constraint);
            genome.goals().forEach(builder::goal);
            genome.reference().ifPresent(r -> builder.reference(r.stream().mapToDouble(Double::doubleValue).toArray()));
            attributes.forEach(builder::attribute);
            if (o.workers() != null) builder.workers(o.workers());
            if (o.store() != null) builder.store(o.store());
            if (o.trialTimeout() != null) builder.trialTimeout(o.trialTimeout());
            Integer maxFailures = o.maxFailures() != null ? o.maxFailures()
                    : b.maxFailures().isPresent() ? Integer.valueOf(b.maxFailures().getAsInt()) : null;
            if (maxFailures != null) builder.maxFailures(maxFailures);
            builder.keepCheckpoints(o.keepCheckpoints() != null ? o.keepCheckpoints()
                    : b.keepCheckpoints().orElse(KeepCheckpoints.DEFAULT));
            listeners.forEach(builder::listener);
            if (evaluator != null) builder.evaluator(evaluator);
            builder.deterministic(genome.deterministic());
            if (o.archive() != null) builder.archive(o.archive());
            if (genome.warmStart().isPresent()) {
                builder.warmStart(genome.warmStart().get().resolve(o.archive()));
            }
            return new GenomeStudy(genome, builder.build(), objective);
        } catch (RuntimeException e) {
            closeObjective(objective);
            throw e;
        }
    }

    /**
     * What the genome's study is beyond its space, strategy, seed, direction and pruner: the
     * objective, the metric and (for the MLP) the split. Recorded in a new store, and compared
     * with a store's own when the study resumes it: two genomes of the same space but another
     * function or dataset are two studies, whose values must not be ranked together.
     */
    private static void describe(StudyBuilder builder, Genome genome) {
        if (genome.objective() instanceof ObjectiveSpec.Mlp m) {
            builder.objectiveId("mlp:" + m.dataset());
            SplitSpec split = genome.split().orElse(SplitSpec.DEFAULT);
            builder.describe("split", "validation=" + split.validation() + ", test=" + split.test() + ", seed=" + split.seed());
        } else if (genome.objective() instanceof ObjectiveSpec.JavaClass j) {
            builder.objectiveId("java:" + j.className());
        } else if (genome.objective() instanceof ObjectiveSpec.Provided p) {
            builder.objectiveId(p.described().id());
        } else {
            ObjectiveSpec.TestFunction f = (ObjectiveSpec.TestFunction) genome.objective();
            builder.objectiveId("function:" + f.name() + (f.instance() != 0 ? "#" + f.instance() : ""));
        }
        builder.describe("metric", genome.metric().name());
    }

    public Genome genome() { return genome; }
    public Study study() { return study; }

    /**
     * For the MLP objective, the best trial's validation and test figures (the test split's only
     * use), from its model trained again: its configuration, or for a multi-fidelity trial its
     * lineage's schedule ({@link Study#lineage}).
     */
    public Optional<MlpObjective.Report> finalReport(Trial best, int threads) {
        if (mlp == null) return Optional.empty();
        if (best.record().fidelity() > 0) {
            // Retrain the lineage's schedule: one step for a promoted configuration, the
            // hyperparameter schedule of a population-based trial.
            return Optional.of(mlp.report(study.lineage(best).schedule(), best.seed(), threads, study.maxFidelity()));
        }
        return Optional.of(mlp.report(best.config(), best.seed(), threads, best.record().fidelity(), study.maxFidelity()));
    }

    @Override
    public void close() {
        study.close();
        closeObjective(objective);
    }

    /** Closes an objective that holds resources (the MLP's native data, a user's class that is AutoCloseable). */
    public static void closeObjective(Objective objective) {
        if (!(objective instanceof AutoCloseable c)) return;
        try {
            c.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the objective failed: " + e.getMessage(), e);
        }
    }
}
