package io.ams.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An objective plug-in (an io.ams.genome.ObjectiveProvider in a jar's META-INF/services), compiled
 * here into a folder no process has on its classpath: `ams run --classpath` finds it, checks the
 * genome through it, and runs it; without it, the genome is refused at the objective's line.
 */
class PluginObjectiveTest {
    static final String PROVIDER = """
            package userland;

            import io.ams.genome.MetricSpec;
            import io.ams.genome.ObjectiveProvider;
            import io.ams.core.Direction;
            import java.util.List;
            import java.util.Map;

            public class BowlProvider implements ObjectiveProvider {
                public String name() { return "bowl"; }

                public Described describe(Map<String, Object> options, io.ams.space.SearchSpace space) {
                    if (!options.containsKey("centre")) throw new OptionException(null, "bowl needs centre");
                    if (!(options.get("centre") instanceof Double || options.get("centre") instanceof Long)) {
                        throw new OptionException("centre", "centre is a number");
                    }
                    if (space.parameters().size() != 1 || !space.parameters().get(0).name().equals("x")) {
                        throw new OptionException("space." + space.parameters().get(0).name(), "bowl reads x only");
                    }
                    return new Described("bowl", new MetricSpec("depth", Direction.MINIMIZE), List.of("distance"), 0);
                }

                public io.ams.eval.Objective create(Map<String, Object> options) {
                    double c = ((Number) options.get("centre")).doubleValue();
                    return (config, context) -> {
                        double d = config.getDouble("x") - c;
                        context.metric("distance", Math.abs(d));
                        return d * d;
                    };
                }
            }
            """;

    static final String GENOME = """
            objective: {bowl: {centre: 0.25}}
            space:
              x: {real: [-1, 1]}
            strategy: {name: bo, seed: 2}
            budget: {trials: 25}
            """;

    private static Path plugin(Path dir) throws Exception {
        Path src = dir.resolve("src/userland/BowlProvider.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, PROVIDER);
        Path classes = dir.resolve("plugin");
        Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(classes.resolve("META-INF/services/io.ams.genome.ObjectiveProvider"), "userland.BowlProvider\n");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.toString()), "the plug-in compiles");
        return classes;
    }

    @Test
    void aPluginObjectiveOnTheClasspathIsCheckedAndRun(@TempDir Path dir) throws Exception {
        Path classes = plugin(dir);
        Path genome = dir.resolve("bowl.yaml");
        Files.writeString(genome, GENOME);
        TrainCommandTest.Run r = TrainCommandTest.run("run", genome.toString(), "--classpath", classes.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals("depth", json.get("metric").asText());
        assertEquals("minimize", json.get("direction").asText());
        assertTrue(json.get("value").asDouble() < 1e-3, "bo finds the bowl's bottom at 0.25: " + json.get("value"));
        assertTrue(Math.abs(json.get("best_config").get("x").asDouble() - 0.25) < 0.05, r.out());

        Files.writeString(genome, GENOME.replace("centre: 0.25", "centre: low"));
        TrainCommandTest.Run bad = TrainCommandTest.run("run", genome.toString(), "--classpath", classes.toString());
        assertTrue(bad.err().contains("bowl.yaml:1: objective.bowl.centre: centre is a number"), bad.err());
    }

    @Test
    void withoutItTheGenomeIsRefusedAtTheObjectivesLine(@TempDir Path dir) throws Exception {
        Path genome = dir.resolve("bowl.yaml");
        Files.writeString(genome, GENOME);
        Path store = dir.resolve("s.ams");
        TrainCommandTest.Run r = TrainCommandTest.run("run", genome.toString(), "--store", store.toString());
        assertTrue(r.exit() != 0 && r.err().contains("bowl.yaml:1: objective.bowl: unknown objective 'bowl'; built in: mlp, function, java"),
                r.err());
        assertFalse(Files.exists(store));
    }
}
