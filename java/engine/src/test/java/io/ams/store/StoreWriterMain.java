package io.ams.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process that {@link KillDurabilityTest} kills: opens (or creates) a store and runs
 * trials forever, printing "R id" after the RUNNING put returned and "C id" after the
 * COMPLETE put returned.
 */
public final class StoreWriterMain {
    private StoreWriterMain() {
    }

    static TrialRecord running(long id) {
        return TrialRecord.running(id, new double[] {id * 1e-3, 1 - id * 1e-3}, "{\"x\":" + id + ",\"s\":\"é-" + id + "\"}",
                id % 2 == 0 ? 9 : 27, id * 31, 1, 1_700_000_000_000L + id, Map.of("worker", "w" + id % 3));
    }

    /** Every 10th trial has a long curve, so that entries of very different sizes are written. */
    static TrialRecord done(long id) {
        double[] curve = new double[id % 10 == 0 ? 2000 : 5];
        for (int i = 0; i < curve.length; i++) {
            curve[i] = id + 1.0 / (i + 1);
        }
        return running(id).completed(id * 0.5, curve, 1_700_000_001_000L + id);
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        TrialStore store = Files.exists(file)
                ? ChronicleTrialStore.open(file)
                : ChronicleTrialStore.create(file, Trials.meta(), 1000);
        System.out.println("READY " + store.nextId());
        System.out.flush();
        for (long id = store.nextId(); ; id++) {
            store.put(running(id));
            System.out.println("R " + id);
            store.put(done(id));
            System.out.println("C " + id);
            System.out.flush();
        }
    }
}
