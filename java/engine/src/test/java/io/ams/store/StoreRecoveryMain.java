package io.ams.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process {@link RecoveryKillTest} kills while it recovers: opens an uncleanly closed
 * store again and again ({@code recover FILE}: as a writer, marking it crashed each time
 * first; {@code read FILE}: for reading), printing "OPENING" before each open and
 * "DONE size" after each close.
 */
public final class StoreRecoveryMain {
    private StoreRecoveryMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean read = args[0].equals("read");
        Path file = Path.of(args[1]);
        while (true) {
            if (!read) {
                Files.writeString(StoreLock.pathFor(file), "open pid=1\n"); // as a crashed writer leaves it
            }
            System.out.println("OPENING");
            System.out.flush();
            int size;
            try (ChronicleTrialStore store = read ? ChronicleTrialStore.openForReading(file) : ChronicleTrialStore.open(file)) {
                size = store.size();
            }
            System.out.println("DONE " + size);
            System.out.flush();
        }
    }
}
