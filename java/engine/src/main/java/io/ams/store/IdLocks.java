package io.ams.store;

/**
 * Striped locks by trial id: puts of one trial are serialised (its copies and its index entry
 * change together), puts of different trials mostly are not.
 */
final class IdLocks {
    private final Object[] stripes = new Object[64];

    IdLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    Object of(long id) {
        return stripes[(int) (Long.hashCode(id * 0x9E3779B97F4A7C15L) & (stripes.length - 1))];
    }
}
