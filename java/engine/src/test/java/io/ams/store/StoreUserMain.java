package io.ams.store;

import java.nio.file.Path;

/**
 * The child process of {@link JvmFlagsCheckTest}: creates a store (args: {@code create FILE})
 * or opens one ({@code open FILE}), stores one trial, closes it. A failure is left uncaught, so
 * that the JVM prints it to stderr and exits with status 1, as a user's program would.
 */
public final class StoreUserMain {
    private StoreUserMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[1]);
        try (ChronicleTrialStore store = args[0].equals("create")
                ? ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10)
                : ChronicleTrialStore.open(file)) {
            store.put(Trials.sample(store.nextId()));
        }
        System.out.println("STORED");
    }
}
