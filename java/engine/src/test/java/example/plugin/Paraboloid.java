package example.plugin;

import io.ams.eval.Objective;
import io.ams.eval.TrialContext;
import io.ams.space.Config;

import java.util.concurrent.atomic.AtomicInteger;

/** A user's objective as a genome names it ({@code objective: {java: example.plugin.Paraboloid}}): (x - 0.3)^2 + (y + 1)^2, recording its radius. */
public final class Paraboloid implements Objective, AutoCloseable {
    /** Instances closed so far: the study closes the one it built. */
    public static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public double evaluate(Config config, TrialContext context) {
        double x = config.getDouble("x"), y = config.getDouble("y");
        context.metric("radius", Math.hypot(x, y));
        return (x - 0.3) * (x - 0.3) + (y + 1) * (y + 1);
    }

    @Override
    public void close() {
        CLOSED.incrementAndGet();
    }

    /** Not an objective: a genome naming it is refused. */
    public static final class NotAnObjective {}

    /** An objective without a constructor the study can call. */
    public static final class NeedsArguments implements Objective {
        public NeedsArguments(int unused) {}

        @Override
        public double evaluate(Config config, TrialContext context) {
            return 0;
        }
    }
}
