package io.ams.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which trial checkpoints a study keeps on disk ({@code <store>.checkpoints/<trialId>.ckpt}).
 * Multi-fidelity strategies continue a trial from its parent's checkpoint; once no trial can
 * continue from one, it is only disk (a hyperband run on the digits left 75 MB of them).
 */
public enum KeepCheckpoints {
    /** Every checkpoint stays: what Ams did before this option. */
    ALL,
    /**
     * A checkpoint is deleted as soon as the strategy says that no later trial can continue it
     * ({@link Strategy#stillContinuable(long)}), so at the end the folder holds only what
     * {@code ams resume} with a larger budget can still continue. A strategy that cannot say
     * (a plug-in that does not override it) keeps them all.
     */
    CONTINUABLE,
    /**
     * As {@link #CONTINUABLE} while the search runs; when {@link Study#optimize()} returns, only
     * the best trial's checkpoint stays. A later resume that would continue another trial fails
     * that trial, saying its checkpoint is missing: it never trains it from scratch.
     */
    BEST;

    /** The default: what a resume can continue, nothing more. */
    public static final KeepCheckpoints DEFAULT = CONTINUABLE;

    /** The name written in genomes and on the command line: {@code all}, {@code continuable}, {@code best}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From its {@link #id()}; anything else is an error that lists the accepted names. */
    public static KeepCheckpoints of(String id) {
        for (KeepCheckpoints k : values()) if (k.id().equals(id)) return k;
        String hint = io.ams.core.Spelling.closest(String.valueOf(id),
                Arrays.stream(values()).map(KeepCheckpoints::id).toList()).map(c -> " (did you mean '" + c + "'?)").orElse("");
        throw new IllegalArgumentException("keep_checkpoints must be one of " + names() + ", got '" + id + "'" + hint);
    }

    /** The accepted names, as {@code all, continuable, best}. */
    public static String names() {
        return Arrays.stream(values()).map(KeepCheckpoints::id).collect(Collectors.joining(", "));
    }
}
