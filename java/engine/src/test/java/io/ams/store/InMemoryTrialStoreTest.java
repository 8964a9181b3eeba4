package io.ams.store;

class InMemoryTrialStoreTest extends TrialStoreContract {
    @Override
    TrialStore newStore() {
        return new InMemoryTrialStore(Trials.meta());
    }
}
