package example;

import io.ams.engine.Study;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.spi.SLF4JServiceProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ams as a dependency of someone else's project: what arrives on the class path, and a stored study that works. */
class BraninSearchTest {
    @Test
    void theLibraryBringsNoLoggingProviderAndNoCommandLine() {
        List<String> providers = ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(p -> p.type().getName()).toList();
        assertEquals(List.of("org.slf4j.simple.SimpleServiceProvider"), providers, "only this project's own choice");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
    }

    @Test
    void aStoredStudyRunsAndResumes(@TempDir Path dir) {
        Path store = dir.resolve("branin.ams");
        BraninSearch.main(new String[] {store.toString()});
        assertTrue(Files.exists(store));
        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            List<TrialRecord> trials = s.all();
            assertEquals(40, trials.size());
            double best = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                    .mapToDouble(TrialRecord::value).min().orElseThrow();
            assertTrue(best < 0.5, "bo finds Branin's minimum 0.398 within 40 trials, got " + best);
        }
        // Run again on the same file: the study resumes, its budget is spent, nothing is re-run.
        BraninSearch.main(new String[] {store.toString()});
        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            assertEquals(40, s.all().size());
        }
    }

    @Test
    void aDifferentStudyOnTheSameFileIsRefused(@TempDir Path dir) {
        Path store = dir.resolve("branin.ams");
        BraninSearch.main(new String[] {store.toString()});
        SearchSpace other = SearchSpace.builder().add(Parameter.real("x", 0, 1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.builder()
                .space(other).objective((c, ctx) -> c.getDouble("x")).store(store).build());
        assertTrue(e.getMessage().contains("another study"), e.getMessage());
    }
}
