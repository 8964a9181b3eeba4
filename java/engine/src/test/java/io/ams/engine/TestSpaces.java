package io.ams.engine;

import io.ams.models.TestFunctions;
import io.ams.space.Config;

import java.util.Map;

/** Small spaces for engine tests, built without genome files. */
final class TestSpaces {
    private TestSpaces() {}

    /** Branin's domain: x1 in [-5, 10], x2 in [0, 15]; minimum 0.397887. */
    static SpaceView branin() {
        return new SpaceView(SearchDomain.flat(2),
                p -> Config.of(Map.of("x1", -5 + 15 * p[0], "x2", 15 * p[1])), "test:branin");
    }

    static double branin(Config c) {
        return TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2"));
    }

    /** Two integer genes with 4 values each: 16 configurations, so duplicates are common. */
    static SpaceView tiny() {
        return new SpaceView(SearchDomain.flat(2),
                p -> Config.of(Map.of("a", (long) Math.floor(p[0] * 4), "b", (long) Math.floor(p[1] * 4))), "test:tiny");
    }
}
