package io.ams.cli;

import io.ams.engine.KeepCheckpoints;
import io.ams.genome.GenomeStudy;
import io.ams.engine.strategies.Strategies;
import io.ams.genome.Genome;
import io.ams.genome.GenomeException;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StudyMeta;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ams resume}: continues the study a store holds, rebuilt from the store alone (the
 * genome text, strategy and seed kept in its metadata), until its budget is spent.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue the search kept in a store (after a kill, a crash or a spent time budget) until its budget is spent.",
                "Completed trials are kept; trials that were running are run again."})
final class ResumeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The store, as given to `ams run --store`.")
    Path store;
    @Option(names = "--workers", description = "Trials run at once (default: one per core, at most as many as the study was started with).")
    Integer workers;
    @Option(names = "--trials", description = "Trial budget, counting the stored trials (default: the study's).")
    Integer trials;
    @Option(names = "--time", converter = DurationConverter.class, description = "Time budget of this run, e.g. 30s, 2m.")
    Duration time;
    @Option(names = "--strategy", description = "Must be the stored study's strategy: a resumed search continues as it began.")
    String strategy;
    @Option(names = "--seed", description = "Must be the stored study's seed.")
    Long seed;
    @Option(names = "--keep-checkpoints", paramLabel = "WHICH", converter = RunCommand.KeepCheckpointsConverter.class,
            description = "Which trial checkpoints stay on disk, for this run: continuable, best or all "
                    + "(default: the one given to `ams run`, else the genome's).")
    KeepCheckpoints keepCheckpoints;
    @picocli.CommandLine.Mixin StudyClusterOptions cluster;
    @picocli.CommandLine.Mixin ClasspathOption classpath;
    @picocli.CommandLine.Mixin ArchiveOption archive;

    @Option(names = "--json", description = "Print one JSON object with the result instead of progress and text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        cluster.check();
        return classpath.call(this::search);
    }

    private Integer search() {
        if (trials != null && trials < 1) throw new IllegalArgumentException("--trials must be >= 1, got " + trials);
        if (workers != null && workers < 1) throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        StudyMeta meta;
        int stored;
        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            meta = s.meta();
            stored = s.size();
        }
        // The budget counts the stored trials: one below them would end at once, silently. (Equal
        // is allowed: it still runs again the trials a kill left running.)
        if (trials != null && trials < stored) {
            throw new IllegalArgumentException("--trials " + trials + " is below the " + stored
                    + " trials " + store + " holds, so there is nothing to run: --trials counts the stored trials; "
                    + "give at least " + stored);
        }
        if (strategy != null && !strategy.equals(meta.strategy())) {
            throw new IllegalArgumentException(store + " holds a " + meta.strategy() + " search (seed " + meta.seed()
                    + "); resume continues it as it began. To search with " + strategy + ", start a new store: "
                    + "ams run GENOME --strategy " + strategy + " --store NEW_FILE");
        }
        if (seed != null && seed != meta.seed()) {
            throw new IllegalArgumentException(store + " holds a search with seed " + meta.seed()
                    + "; resume continues it as it began. For seed " + seed + ", start a new store.");
        }
        if (Strategies.find(meta.strategy()).isEmpty()) {
            throw new IllegalArgumentException(store + " was searched with strategy '" + meta.strategy()
                    + "', which this class path does not provide (it has " + String.join(", ", Strategies.names())
                    + "; a plug-in strategy needs its jar on the class path)");
        }
        if (meta.spaceSource().isBlank()) {
            throw new IllegalArgumentException(store + " does not keep a genome (it was made through the Study API, "
                    + "not `ams run`): resume it from the program that made it, with Study.builder().store(...)");
        }
        Genome genome;
        try {
            genome = Genome.parse(meta.spaceSource(), meta.name());
        } catch (GenomeException e) {
            throw new IllegalArgumentException(store + ": the genome kept in the store no longer reads: " + e.getMessage(), e);
        }
        Search.RunFlags flags = Search.RunFlags.of(meta);
        return Search.run(spec, genome, meta.spaceSource(), new GenomeStudy.Overrides(meta.strategy(),
                trials != null ? trials : flags.trials(), time != null ? time : flags.time(), meta.seed(), workers, store,
                flags.timeout(), flags.maxFailures(), keepCheckpoints != null ? keepCheckpoints : flags.keepCheckpoints(),
                archive.folder()),
                json, Map.of(), cluster.cluster.settings(), cluster.workersLocal);
    }
}
