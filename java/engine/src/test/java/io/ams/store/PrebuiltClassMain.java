package io.ams.store;

import java.nio.file.Path;

/** For {@link ChronicleClassesTest}: a fresh JVM creates a store, then says whether Chronicle took the prebuilt class. */
public final class PrebuiltClassMain {
    private PrebuiltClassMain() {
    }

    public static void main(String[] args) {
        ChronicleTrialStore.create(Path.of(args[0]), Trials.meta(), 10).close();
        System.out.println("PREBUILT " + ChronicleClasses.definePrebuilt());
    }
}
