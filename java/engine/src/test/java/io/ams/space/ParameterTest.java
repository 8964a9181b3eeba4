package io.ams.space;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterTest {

    private static void rejects(String problemStart, Executable construction) {
        SpaceException e = assertThrows(SpaceException.class, construction);
        assertTrue(e.problem().startsWith(problemStart), () -> "problem: " + e.problem());
    }

    @Test
    void realRangesAreChecked() {
        rejects("low 0.1 > high 0.01", () -> Parameter.real("lr", 0.1, 0.01));
        rejects("empty range [1.0, 1.0]", () -> Parameter.real("x", 1, 1));
        rejects("a log range needs low > 0, got 0.0", () -> Parameter.logReal("wd", 0, 1));
        rejects("a log range needs low > 0, got -1.0", () -> Parameter.logReal("wd", -1, 1));
        rejects("low must be finite", () -> Parameter.real("x", Double.NEGATIVE_INFINITY, 1));
        assertEquals(Scale.LOG, Parameter.logReal("lr", 1e-4, 1).scale());
    }

    @Test
    void integerRangesAndStepsAreChecked() {
        rejects("low 5 > high 4", () -> Parameter.integer("n", 5, 4));
        rejects("empty range [3, 3]", () -> Parameter.integer("n", 3, 3));
        rejects("a log range needs low > 0, got 0", () -> Parameter.logInt("units", 0, 64));
        rejects("step must be >= 1", () -> Parameter.integer("n", 0, 10).withStep(0));
        rejects("high 10 is not on the grid 0, 3, ...", () -> Parameter.integer("n", 0, 10).withStep(3));
        IntParameter stepped = Parameter.integer("batch", 16, 128).withStep(16);
        assertEquals(8, stepped.count());
        assertEquals(64L, stepped.validate(64));
        rejects("65 is not on the grid", () -> stepped.validate(65));
    }

    @Test
    void integerRangesWiderThanTheCodecCanTellApartAreRefused() {
        // [0, 2^62] has more values than a double coordinate of [0, 1] has cells for
        rejects("the range [0, 4611686018427387904] has 4611686018427387905 values, more than the 2^48",
                () -> Parameter.integer("seed", 0, 1L << 62));
        // high - low overflows a long: it used to wrap to a negative count and always decode to low
        rejects("the range [-9223372036854775808, 9223372036854775807] is wider than 2^63 - 1",
                () -> Parameter.integer("n", Long.MIN_VALUE, Long.MAX_VALUE));
        // a step brings the count back within reach
        IntParameter coarse = Parameter.integer("n", 0, 1L << 62, 1L << 20);
        assertEquals((1L << 42) + 1, coarse.count());
        assertEquals(1L << 48, Parameter.integer("n", 1, 1L << 48).count());
        // a log range is told apart at its top, where its cells are narrowest
        rejects("the log range [1, 2199023255552] reaches 2199023255552 steps of 1 above 0, more than the 2^40",
                () -> Parameter.logInt("units", 1, 1L << 41));
        assertEquals(1L << 40, Parameter.logInt("units", 1, 1L << 40).count());
    }

    @Test
    void defaultsMustBeValidValues() {
        assertEquals(Optional.of(0.25), Parameter.real("dropout", 0, 0.5).withDefault(0.25).defaultValue());
        // an integer written for a real is that real
        assertEquals(Optional.of(1.0), Parameter.real("x", 0, 2).withDefault(1).defaultValue());
        rejects("0.7 is outside [0.0, 0.5]", () -> Parameter.real("dropout", 0, 0.5).withDefault(0.7));
        rejects("300 is outside [16, 256]", () -> Parameter.logInt("units", 16, 256).withDefault(300));
        rejects("expected an integer", () -> Parameter.integer("n", 1, 9).withDefault(2.5));
        rejects("nadam is not one of [sgd, adam]", () -> Parameter.choice("opt", "sgd", "adam").withDefault("nadam"));
        rejects("fixed at 20, got 21", () -> Parameter.fixed("epochs", 20).withDefault(21));
        // the record constructor checks a default against its own arguments
        rejects("2.0 is outside [0.0, 1.0]", () -> new RealParameter("x", 0, 1, Scale.LINEAR, Optional.of(2.0), List.of()));
    }

    @Test
    void choicesAreNormalizedAndChecked() {
        rejects("no choices", () -> Parameter.choice("c"));
        rejects("choice 32 is listed twice", () -> Parameter.choice("batch", 32, 64, 32L));
        ChoiceParameter mixed = Parameter.choice("c", "a", 1, 2.5f, true);
        assertEquals(List.of("a", 1L, 2.5, true), mixed.choices());
        assertEquals(List.of(false, true), Parameter.bool("bn").choices());
    }

    @Test
    void namesAreIdentifiers() {
        rejects("a name must be", () -> Parameter.real("learning rate", 0, 1));
        rejects("a name must be", () -> Parameter.real("layers[0]", 0, 1));
        assertEquals("leaky-slope", Parameter.real("leaky-slope", 0, 1).name());
    }

    @Test
    void conditionsAccumulateAndMayNotRepeatAParent() {
        Parameter p = Parameter.real("m", 0, 1).when("opt", "momentum", "nesterov").when("nesterov_ok", true);
        assertEquals(List.of(Condition.of("opt", "momentum", "nesterov"), Condition.of("nesterov_ok", true)), p.conditions());
        rejects("two conditions on 'opt'", () -> Parameter.real("m", 0, 1).when("opt", "a").when("opt", "b"));
        assertThrows(IllegalArgumentException.class, () -> Parameter.real("m", 0, 1).when("opt"));
    }
}
