package io.ams.bench;

import io.ams.eval.Objective;
import io.ams.eval.TrialContext;
import io.ams.space.Config;

/**
 * An objective that takes 200 ms without using the CPU, for measuring how well a cluster keeps its
 * workers busy (bench/run-cluster.sh compiles it and gives it to the study and the workers with
 * --classpath): its value is x^2, so the study has something to rank.
 */
public final class SleepObjective implements Objective {
    static final long MILLIS = 200;

    @Override
    public double evaluate(Config config, TrialContext context) throws InterruptedException {
        Thread.sleep(MILLIS);
        double x = config.getDouble("x");
        return x * x;
    }
}
