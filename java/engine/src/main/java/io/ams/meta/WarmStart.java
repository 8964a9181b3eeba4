package io.ams.meta;

import io.ams.codec.SpaceCodec;
import io.ams.space.Config;
import io.ams.space.SearchSpace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A warm start: the new study first evaluates configurations that did best in the earlier
 * studies most like it, taken from an archive ({@link StudyArchive}).
 *
 * <p>How it chooses ({@link #plan}):
 * <ol>
 *   <li>An entry is usable when at least one of its best configurations is a configuration of
 *       the new study's space (same parameters, values within its bounds and choices); the
 *       others are skipped with a note, never an error.</li>
 *   <li>Neighbours: when the new task has {@link TaskFeatures}, the usable entries whose
 *       features are comparable, nearest first. Each feature is standardised over the new task
 *       and those entries (mean 0, standard deviation 1; a feature equal everywhere is left out),
 *       and the distance is Euclidean over the features, divided by the square root of their
 *       number. Entries without comparable features are skipped with a note. Without features on
 *       the new task, the most recently finished usable entries. Ties: the later finished first,
 *       then by study name.</li>
 *   <li>Configurations: round robin over the {@code neighbours} nearest, each giving its best
 *       configurations in order (the nearest's best, the second's best, ..., then each one's
 *       second best, ...), skipping ones that do not fit the space or were taken already, until
 *       {@code configurations} are chosen or the neighbours have no more.</li>
 * </ol>
 *
 * @param archive        the archive folder
 * @param neighbours     how many earlier studies to take configurations from, at least 1
 * @param configurations how many configurations to evaluate first, at least 1
 */
public record WarmStart(Path archive, int neighbours, int configurations) {
    public static final int DEFAULT_NEIGHBOURS = 3;
    public static final int DEFAULT_CONFIGURATIONS = 10;
    /** The most of either a warm start takes: more is a typo or a wrong unit. */
    public static final int MAX = 10_000;

    public WarmStart {
        Objects.requireNonNull(archive, "archive");
        if (neighbours < 1 || neighbours > MAX) throw new IllegalArgumentException("neighbours must be in [1, " + MAX + "], got " + neighbours);
        if (configurations < 1 || configurations > MAX) {
            throw new IllegalArgumentException("configurations must be in [1, " + MAX + "], got " + configurations);
        }
    }

    /** A warm start from {@code archive} with the default neighbours (3) and configurations (10). */
    public static WarmStart from(Path archive) {
        return new WarmStart(archive, DEFAULT_NEIGHBOURS, DEFAULT_CONFIGURATIONS);
    }

    /** An earlier study chosen as a neighbour, with its distance (NaN when chosen by recency). */
    public record Neighbour(ArchiveEntry entry, double distance) {
        @Override
        public String toString() {
            return entry.study() + (entry.objective().isEmpty() ? "" : " (" + entry.objective() + ")")
                    + (Double.isNaN(distance) ? "" : String.format(Locale.ROOT, " at distance %.3f", distance));
        }
    }

    /** What a warm start chose: the configurations to evaluate first, in order, and where they came from. */
    public record Plan(List<Config> configurations, List<Neighbour> neighbours) {
        public Plan {
            configurations = List.copyOf(configurations);
            neighbours = List.copyOf(neighbours);
        }
    }

    /**
     * The configurations a new study of {@code space} on the task described by {@code task} (null:
     * not described) evaluates first; what was skipped and why goes to {@code notes}.
     */
    public Plan plan(TaskFeatures task, SearchSpace space, Consumer<String> notes) {
        return plan(task, space, new StudyArchive(archive).entries(notes), notes);
    }

    /** As {@link #plan(TaskFeatures, SearchSpace, Consumer)}, from {@code entries} already read. */
    public Plan plan(TaskFeatures task, SearchSpace space, List<ArchiveEntry> entries, Consumer<String> notes) {
        SpaceCodec codec = SpaceCodec.of(space);
        List<ArchiveEntry> usable = new ArrayList<>();
        List<List<Config>> fitting = new ArrayList<>();
        for (ArchiveEntry e : entries) {
            List<Config> fits = new ArrayList<>();
            String problem = null;
            for (ArchiveEntry.Scored s : e.best()) {
                try {
                    codec.encode(s.config());
                    fits.add(s.config());
                } catch (IllegalArgumentException ex) {
                    if (problem == null) problem = ex.getMessage();
                }
            }
            if (fits.isEmpty()) {
                notes.accept("archived study " + e.study() + " skipped: none of its " + e.best().size()
                        + " best configurations fits this space" + (problem == null ? "" : " (" + problem + ")"));
                continue;
            }
            usable.add(e);
            fitting.add(fits);
        }
        List<Neighbour> ranked = task == null ? byRecency(usable, notes) : byFeatures(task, usable, notes);
        List<Neighbour> chosen = ranked.subList(0, Math.min(neighbours, ranked.size()));
        List<List<Config>> lists = chosen.stream().map(n -> fitting.get(usable.indexOf(n.entry()))).toList();
        Set<String> taken = new LinkedHashSet<>();
        List<Config> configs = new ArrayList<>();
        int longest = lists.stream().mapToInt(List::size).max().orElse(0);
        for (int rank = 0; rank < longest && configs.size() < configurations; rank++) {
            for (List<Config> list : lists) {
                if (configs.size() >= configurations) break;
                if (rank < list.size() && taken.add(list.get(rank).canonical())) configs.add(list.get(rank));
            }
        }
        return new Plan(configs, chosen);
    }

    private static List<Neighbour> byRecency(List<ArchiveEntry> usable, Consumer<String> notes) {
        if (!usable.isEmpty()) notes.accept("this objective does not describe its task: the most recent archived studies are its neighbours");
        return usable.stream().sorted(recentFirst()).map(e -> new Neighbour(e, Double.NaN)).toList();
    }

    private static List<Neighbour> byFeatures(TaskFeatures task, List<ArchiveEntry> usable, Consumer<String> notes) {
        List<ArchiveEntry> comparable = new ArrayList<>();
        for (ArchiveEntry e : usable) {
            if (e.features() != null && e.features().comparable(task)) {
                comparable.add(e);
            } else {
                notes.accept("archived study " + e.study() + " skipped: its task is "
                        + (e.features() == null ? "not described" : "described by other features (" + e.features().kind() + ")")
                        + ", so its distance to this one's (" + task.kind() + ") is unknown");
            }
        }
        int d = task.names().size();
        double[] mean = new double[d];
        double[] sd = new double[d];
        List<double[]> all = new ArrayList<>();
        all.add(task.values());
        comparable.forEach(e -> all.add(e.features().values()));
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (double[] v : all) sum += v[j];
            mean[j] = sum / all.size();
            double sq = 0;
            for (double[] v : all) sq += (v[j] - mean[j]) * (v[j] - mean[j]);
            sd[j] = Math.sqrt(sq / all.size());
        }
        double[] target = task.values();
        List<Neighbour> out = new ArrayList<>();
        for (ArchiveEntry e : comparable) {
            double[] v = e.features().values();
            double sum = 0;
            int used = 0;
            for (int j = 0; j < d; j++) {
                // A feature equal everywhere (or numerically so) tells no task from another.
                if (!(sd[j] > 1e-12 * Math.max(1, Math.abs(mean[j])))) continue;
                double z = (v[j] - target[j]) / sd[j];
                sum += z * z;
                used++;
            }
            out.add(new Neighbour(e, used == 0 ? 0 : Math.sqrt(sum / used)));
        }
        Comparator<Neighbour> byDistance = Comparator.comparingDouble(Neighbour::distance);
        out.sort(byDistance.thenComparing(Neighbour::entry, recentFirst()));
        return out;
    }

    private static Comparator<ArchiveEntry> recentFirst() {
        return Comparator.comparingLong(ArchiveEntry::finishedAtMillis).reversed().thenComparing(ArchiveEntry::study);
    }
}
