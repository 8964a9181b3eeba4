package io.ams.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every TrialStore must do; one subclass per implementation. */
abstract class TrialStoreContract {

    /** A new, empty store for {@link Trials#meta()}. */
    abstract TrialStore newStore();

    @Test
    void roundTripsEveryField() {
        try (TrialStore store = newStore()) {
            List<TrialRecord> expected = new ArrayList<>();
            for (long id = 0; id < 12; id++) {
                expected.add(Trials.sample(id));
            }
            expected.add(Trials.withLargeCurve(12, 20_000));
            expected.add(new TrialRecord(13, TrialState.RUNNING, Double.NaN, new double[0], "", 0,
                    null, 0, 0, 0, null, 0, null));
            for (TrialRecord r : expected) {
                store.put(r);
            }
            assertEquals(expected, store.all());
            for (TrialRecord r : expected) {
                assertEquals(r, store.get(r.id()).orElseThrow());
            }
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(store.get(0).orElseThrow().point()[2]));
            assertTrue(Double.isNaN(store.get(3).orElseThrow().value()));
            assertEquals(20_000, store.get(12).orElseThrow().curveLength());
            assertEquals(expected.size(), store.size());
            assertFalse(store.get(99).isPresent());
            assertEquals(Trials.meta().name(), store.meta().name());
        }
    }

    @Test
    void putReplacesById() {
        try (TrialStore store = newStore()) {
            TrialRecord running = Trials.sample(4);
            store.put(running);
            TrialRecord done = running.completed(0.125, new double[] {0.5, 0.25, 0.125}, 99);
            store.put(done);
            assertEquals(1, store.size());
            assertEquals(done, store.get(4).orElseThrow());
            assertEquals(List.of(done), store.all());
        }
    }

    @Test
    void allIsSortedById() {
        try (TrialStore store = newStore()) {
            for (long id : new long[] {50, 3, 17, 0, 1_000_000_000_000L}) {
                store.put(Trials.sample(id));
            }
            assertEquals(List.of(0L, 3L, 17L, 50L, 1_000_000_000_000L),
                    store.all().stream().map(TrialRecord::id).toList());
        }
    }

    @Test
    void nextIdIsPastTheLargestId() {
        try (TrialStore store = newStore()) {
            assertEquals(0, store.nextId());
            store.put(Trials.sample(7));
            store.put(Trials.sample(2));
            assertEquals(8, store.nextId());
        }
    }

    @Test
    void findCompletedMatchesConfigAndFidelityOfCompletedTrialsOnly() {
        try (TrialStore store = newStore()) {
            TrialRecord a = TrialRecord.running(10, new double[] {0.1}, "{\"lr\":0.1}", 9, 1, 1, 5, Map.of());
            store.put(a);
            assertTrue(store.findCompleted("{\"lr\":0.1}", 9).isEmpty(), "a running trial is no dedup hit");
            store.put(a.completed(0.7, null, 6));
            assertEquals(10, store.findCompleted("{\"lr\":0.1}", 9).orElseThrow().id());
            assertTrue(store.findCompleted("{\"lr\":0.1}", 27).isEmpty(), "other fidelity");
            assertTrue(store.findCompleted("{\"lr\":0.2}", 9).isEmpty(), "other config");
            // a second identical completed trial with a smaller id becomes the answer
            store.put(TrialRecord.running(4, new double[] {0.1}, "{\"lr\":0.1}", 9, 2, 1, 5, Map.of())
                    .completed(0.8, null, 6));
            assertEquals(4, store.findCompleted("{\"lr\":0.1}", 9.0).orElseThrow().id());
            // replacing trial 4 by a failed run removes it from the index
            store.put(TrialRecord.running(4, new double[] {0.1}, "{\"lr\":0.1}", 9, 2, 2, 5, Map.of())
                    .failed("boom", null, 8));
            assertEquals(10, store.findCompleted("{\"lr\":0.1}", 9).orElseThrow().id());
            assertEquals(0.7, store.findCompleted("{\"lr\":0.1}", 9).orElseThrow().value());
        }
    }

    @Test
    void concurrentPutsFromFourThreadsAllLand() throws Exception {
        int perThread = 400;
        try (TrialStore store = newStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            long id = (long) i * 4 + thread;
                            TrialRecord r = TrialRecord.running(id, new double[] {id}, "{\"i\":" + (id % 50) + "}",
                                    0, id, 1, 1, Map.of("thread", "t" + thread));
                            store.put(r);
                            store.put(r.completed(id, new double[] {id, id}, 2));
                            store.findCompleted("{\"i\":" + (id % 50) + "}", 0);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(4 * perThread, store.size());
            assertEquals(4 * perThread, store.nextId());
            List<TrialRecord> all = store.all();
            for (int i = 0; i < all.size(); i++) {
                TrialRecord r = all.get(i);
                assertEquals(i, r.id());
                assertEquals(TrialState.COMPLETE, r.state());
                assertEquals((double) i, r.value());
            }
            for (int k = 0; k < 50; k++) {
                assertEquals(k, store.findCompleted("{\"i\":" + k + "}", 0).orElseThrow().id());
            }
        }
    }

    @Test
    void aClosedStoreRefusesWork() {
        TrialStore store = newStore();
        store.put(Trials.sample(1));
        store.close();
        store.close();
        assertThrows(StoreException.class, () -> store.put(Trials.sample(2)));
        assertThrows(StoreException.class, () -> store.get(1));
        assertThrows(StoreException.class, store::all);
    }
}
