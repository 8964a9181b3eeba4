package io.ams.core;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean ...?" for names a user typed: a misspelt name in a file is found only if the
 * error says which name was meant.
 */
public final class Spelling {
    private Spelling() {}

    /**
     * The known name closest to {@code typed} by edit distance (insertions, deletions,
     * substitutions), the first in {@code known}'s order on a tie; empty when even the closest
     * differs in more than a third of its letters (at least 2 allowed), where a guess would
     * mislead more than help.
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(typed, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance > 0 && bestDistance <= Math.max(2, typed.length() / 3)
                ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
