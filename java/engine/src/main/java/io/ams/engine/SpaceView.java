package io.ams.engine;

import io.ams.space.Config;

import java.util.function.Function;

/** The search space as the study uses it: the strategies' unit-cube domain and the decoder of its points. */
record SpaceView(SearchDomain domain, Function<double[], Config> decoder, String canonicalSpace) {
    Config decode(double[] point) {
        return decoder.apply(point);
    }
}
