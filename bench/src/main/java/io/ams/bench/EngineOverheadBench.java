package io.ams.bench;

import io.ams.engine.Budget;
import io.ams.core.Direction;
import io.ams.engine.Study;
import io.ams.engine.StudyBuilder;
import io.ams.engine.Trial;
import io.ams.models.TestFunctions;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH twin of {@link EngineOverhead}'s ask/tell figures: one invocation = a whole fresh study of
 * {@code trials} ask/tell rounds with a Branin objective, random strategy, workers 1; the study
 * (and, for the Chronicle store, its file in a temp folder) is made before and removed after each
 * invocation, outside the timing. Score = ms per study; µs per trial = score x 1000 / trials.
 *
 * <pre>java -jar bench/target/benchmarks.jar EngineOverheadBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "-Dchronicle.analytics.disable=true"})
public class EngineOverheadBench {
    @Param({"100", "1000", "10000"})
    public int trials;

    @Param({"memory", "chronicle"})
    public String store;

    private static final SearchSpace SPACE =
            SearchSpace.builder().add(Parameter.real("x1", -5, 10), Parameter.real("x2", 0, 15)).build();

    private Study study;
    private Path dir;

    @Setup(Level.Invocation)
    public void setup() throws IOException {
        StudyBuilder b = Study.builder().space(SPACE)
                .objective((c, ctx) -> TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2")))
                .direction(Direction.MINIMIZE).strategy("random", Map.of()).budget(Budget.trials(trials)).seed(1).workers(1);
        if (store.equals("chronicle")) {
            dir = Files.createTempDirectory("ams-overhead-jmh-");
            b.store(dir.resolve("study.ams"));
        }
        study = b.build();
    }

    @Benchmark
    public double study() {
        double sum = 0;
        while (true) {
            Optional<Trial> t = study.ask();
            if (t.isEmpty()) return sum;
            double v = TestFunctions.branin(t.get().config().getDouble("x1"), t.get().config().getDouble("x2"));
            study.tell(t.get(), v);
            sum += v;
        }
    }

    @TearDown(Level.Invocation)
    public void tearDown() throws IOException {
        study.close();
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
            dir = null;
        }
    }
}
