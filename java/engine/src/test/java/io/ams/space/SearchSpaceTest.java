package io.ams.space;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchSpaceTest {

    private static SearchSpace optimizerSpace() {
        return SearchSpace.builder()
                .add(Parameter.choice("optimizer", "sgd", "momentum", "nesterov", "adam"))
                .add(Parameter.logReal("lr", 1e-4, 0.3))
                .add(Parameter.real("momentum", 0.5, 0.99).when("optimizer", "momentum", "nesterov"))
                .add(Parameter.bool("warmup").when("optimizer", "adam"))
                .add(Parameter.integer("warmup_epochs", 1, 5).when("warmup", true))
                .add(Parameter.fixed("epochs", 20))
                .build();
    }

    @Test
    void conditionsDecideWhichParametersAreActive() {
        SearchSpace space = optimizerSpace();
        Map<String, Object> all = Map.of("optimizer", "momentum", "lr", 0.01, "momentum", 0.9,
                "warmup", true, "warmup_epochs", 3);
        Config withMomentum = space.config(all, Map.of());
        assertEquals(Map.of("optimizer", "momentum", "lr", 0.01, "momentum", 0.9, "epochs", 20L), withMomentum.values());

        Config adam = space.config(Map.of("optimizer", "adam", "lr", 0.01, "momentum", 0.9, "warmup", true,
                "warmup_epochs", 3), Map.of());
        assertFalse(adam.has("momentum"));
        assertEquals(3, adam.getInt("warmup_epochs"));
    }

    @Test
    void aConditionOnAnInactiveParentNeverHolds() {
        // warmup = true would activate warmup_epochs, but warmup itself is inactive under sgd
        Config sgd = optimizerSpace().config(Map.of("optimizer", "sgd", "lr", 0.01, "warmup", true, "warmup_epochs", 3), Map.of());
        assertEquals(Map.of("optimizer", "sgd", "lr", 0.01, "epochs", 20L), sgd.values());
    }

    @Test
    void conditionsAreResolvedWhateverTheDeclarationOrder() {
        SearchSpace space = SearchSpace.builder()
                .add(Parameter.integer("c", 0, 9).when("b", true))
                .add(Parameter.bool("b").when("a", "x"))
                .add(Parameter.choice("a", "x", "y"))
                .build();
        assertEquals(List.of("a", "b", "c"), space.resolutionOrder().stream().map(Parameter::name).toList());
        assertEquals(List.of("c", "b", "a"), space.parameters().stream().map(Parameter::name).toList());
        assertEquals(Map.of("a", "x", "b", true, "c", 4L), space.config(Map.of("a", "x", "b", true, "c", 4), Map.of()).values());
    }

    @Test
    void conditionsAreValidated() {
        SpaceException missing = assertThrows(SpaceException.class, () -> SearchSpace.builder()
                .add(Parameter.real("momentum", 0.5, 0.99).when("optimiser", "momentum")).build());
        assertEquals("momentum", missing.parameter());
        assertEquals("optimiser", missing.conditionParent().orElseThrow());
        assertEquals("condition on 'optimiser', which is not a parameter", missing.problem());

        SpaceException badValue = assertThrows(SpaceException.class, () -> SearchSpace.builder()
                .add(Parameter.choice("optimizer", "sgd", "adam"))
                .add(Parameter.real("momentum", 0.5, 0.99).when("optimizer", "nesterov")).build());
        assertEquals("condition on 'optimizer': nesterov is not one of [sgd, adam]", badValue.problem());

        SpaceException offGrid = assertThrows(SpaceException.class, () -> SearchSpace.builder()
                .add(Parameter.integer("depth", 1, 9).withStep(2))
                .add(Parameter.real("x", 0, 1).when("depth", 4)).build());
        assertTrue(offGrid.problem().contains("4 is not on the grid"), offGrid.problem());

        SpaceException onReal = assertThrows(SpaceException.class, () -> SearchSpace.builder()
                .add(Parameter.real("lr", 0.1, 1))
                .add(Parameter.real("x", 0, 1).when("lr", 0.5)).build());
        assertTrue(onReal.problem().contains("a real: conditions need a parent with discrete values"));
    }

    @Test
    void cyclesOfConditionsAreRejected() {
        SpaceException e = assertThrows(SpaceException.class, () -> SearchSpace.builder()
                .add(Parameter.choice("a", "x", "y").when("c", 1))
                .add(Parameter.choice("b", true, false).when("a", "x"))
                .add(Parameter.integer("c", 0, 3).when("b", true))
                .build());
        assertEquals("cycle of conditions: a -> c -> b -> a", e.problem());
        SpaceException self = assertThrows(SpaceException.class, () -> SearchSpace.builder()
                .add(Parameter.choice("a", "x", "y").when("a", "x")).build());
        assertEquals("cycle of conditions: a -> a", self.problem());
    }

    @Test
    void namesAreUniqueAndASpaceIsNotEmpty() {
        assertThrows(SpaceException.class, () -> SearchSpace.builder()
                .add(Parameter.real("x", 0, 1), Parameter.integer("x", 0, 1)).build());
        assertThrows(SpaceException.class, () -> SearchSpace.builder()
                .add(Parameter.real("layers", 0, 1)).add(LayerStack.of("layers", 1, 2)).build());
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().build());
    }

    @Test
    void stacksHaveOneValueMapPerLayerAndPerLayerConditions() {
        SearchSpace space = SearchSpace.builder()
                .add(LayerStack.of("layers", 1, 3).with(
                        Parameter.logInt("units", 16, 256),
                        Parameter.choice("activation", "relu", "leaky-relu"),
                        Parameter.real("slope", 0.01, 0.3).when("activation", "leaky-relu"),
                        Parameter.fixed("bias", true)))
                .build();
        Config c = space.config(Map.of(), Map.of("layers", List.of(
                Map.of("units", 64, "activation", "relu", "slope", 0.1),
                Map.of("units", 32, "activation", "leaky-relu", "slope", 0.1))));
        assertEquals(2, c.layers("layers").size());
        assertEquals(Map.of("units", 64L, "activation", "relu", "bias", true), c.layers("layers").get(0).values());
        assertEquals(0.1, c.layers("layers").get(1).getDouble("slope"));

        assertThrows(SpaceException.class, () -> space.config(Map.of(), Map.of("layers", List.of())));
        SpaceException missing = assertThrows(SpaceException.class, () -> space.config(Map.of(),
                Map.of("layers", List.of(Map.of("units", 64, "activation", "leaky-relu")))));
        assertEquals("layers.slope", missing.parameter());
        assertThrows(IllegalArgumentException.class, () -> space.config(Map.of(), Map.of()));

        SpaceException sibling = assertThrows(SpaceException.class, () -> LayerStack.of("layers", 1, 2)
                .with(Parameter.real("slope", 0, 1).when("activation", "leaky-relu")));
        assertEquals("layers.slope", sibling.parameter());
        assertThrows(SpaceException.class, () -> LayerStack.of("layers", 3, 2));
        assertThrows(SpaceException.class, () -> LayerStack.of("layers", 1, 2).withDefaultDepth(3));
    }

    @Test
    void configRejectsUnknownNamesMissingAndInvalidValues() {
        SearchSpace space = optimizerSpace();
        assertThrows(IllegalArgumentException.class, () -> space.config(Map.of("optimizer", "sgd", "lr", 0.1, "beta", 1), Map.of()));
        SpaceException missing = assertThrows(SpaceException.class, () -> space.config(Map.of("optimizer", "sgd"), Map.of()));
        assertEquals("lr", missing.parameter());
        SpaceException invalid = assertThrows(SpaceException.class, () -> space.config(Map.of("optimizer", "sgd", "lr", 0.5), Map.of()));
        assertEquals("0.5 is outside [1.0E-4, 0.3]", invalid.problem());
    }

    @Test
    void spacesAreValuesEqualWhenBuiltAlike() {
        assertEquals(optimizerSpace(), optimizerSpace());
        assertEquals(optimizerSpace().hashCode(), optimizerSpace().hashCode());
    }
}
