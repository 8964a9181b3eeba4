package io.ams.report;

import io.ams.space.Config;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.store.StudyMeta;
import io.ams.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenesTest {

    /** A choice, a log real, a real under a condition, a stack of one or two layers: what the report tests share. */
    static final SearchSpace SPACE = SearchSpace.builder()
            .add(Parameter.choice("optimizer", "sgd", "momentum"),
                    Parameter.logReal("lr", 1e-4, 1.0),
                    Parameter.real("momentum", 0.5, 0.99).when("optimizer", "momentum"))
            .add(LayerStack.of("layers", 1, 2).with(Parameter.integer("units", 4, 64)))
            .build();

    @Test
    void genesAreTheCodecsDimensionsWithWhatEachEncodes() {
        Genes genes = Genes.of(SPACE);
        assertEquals(List.of("optimizer", "lr", "momentum", "layers.depth", "layers[0].units", "layers[1].units"),
                genes.genes().stream().map(Genes.Gene::label).toList());
        Genes.Gene depth = genes.genes().get(3);
        assertTrue(depth.isDepth());
        assertEquals("layers", depth.stack().orElseThrow().name());
        assertTrue(genes.genes().get(0).categorical());
        assertFalse(genes.genes().get(1).conditional());
        assertTrue(genes.genes().get(2).conditional());
        assertEquals(1, genes.genes().get(5).layer());
        assertTrue(genes.genes().get(5).conditional(), "layer 1 exists only at depth 2");
        assertFalse(genes.genes().get(4).conditional(), "every configuration has layer 0 (least depth 1)");
    }

    @Test
    void valuesAndUnitCoordinatesLeaveInactiveGenesOut() {
        Genes genes = Genes.of(SPACE);
        Config c = SPACE.config(Map.of("optimizer", "sgd", "lr", 0.01), Map.of("layers", List.of(Map.of("units", 10))));
        Map<String, Object> v = genes.values(c);
        assertEquals(List.of("optimizer", "lr", "layers.depth", "layers[0].units"), List.copyOf(v.keySet()));
        assertEquals(1L, v.get("layers.depth"));
        assertEquals(10L, v.get("layers[0].units"));
        double[] u = genes.unit(c);
        assertEquals(0.5, u[1], 1e-9, "log 0.01 is half way between log 1e-4 and log 1");
        assertTrue(Double.isNaN(u[2]), "momentum is inactive under sgd");
        assertTrue(Double.isNaN(u[5]), "layer 1 is beyond the depth");
        assertFalse(Double.isNaN(u[4]));
    }

    @Test
    void aStudyMadeThroughTheApiHasNoGenesToReadAndAGenomeStudyHas() {
        StudyMeta api = StudyMeta.of("s", "", "SearchSpace[...]", Direction.MINIMIZE, 1, "random", Map.of());
        assertTrue(Genes.ofStudy(api).isEmpty());
        String yaml = """
                objective: {function: branin}
                metric: {name: value, direction: minimize}
                space:
                  x1: {real: [-5, 10]}
                  x2: {real: [0, 15]}
                budget: {trials: 5}
                """;
        StudyMeta genome = StudyMeta.of("b", yaml, "", Direction.MINIMIZE, 1, "random", Map.of());
        assertEquals(List.of("x1", "x2"), Genes.ofStudy(genome).orElseThrow().genes().stream().map(Genes.Gene::label).toList());
        StudyMeta broken = StudyMeta.of("b", "space: {x1: {real: [3, 1]}}", "", Direction.MINIMIZE, 1, "random", Map.of());
        assertThrows(IllegalArgumentException.class, () -> Genes.ofStudy(broken));
    }
}
