package org.livingner.taxonomy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Approximate look-up of misspelt names: the closest key within an edit distance that grows with the length
 * (optimal string alignment: insertions, deletions, substitutions and swaps of neighbours each cost 1). Keys are
 * grouped by their first two characters and sorted by length, since misspellings seldom touch a name's first letters,
 * so a query scans only the keys of its group within the allowed length difference. Immutable and thread-safe.
 *
 * @param <V> what a key stands for
 */
final class FuzzyIndex<V> {

    /** A key found and its distance from the query. */
    record Match<V>(String key, V value, int distance) {
    }

    private record Entry<V>(String key, V value) {
    }

    private final Map<String, List<Entry<V>>> groups = new HashMap<>();

    /** @param entries keys with their values; when a key repeats, the first value wins */
    FuzzyIndex(Map<String, V> entries) {
        entries.forEach((k, v) -> {
            if (k.length() >= 2) {
                groups.computeIfAbsent(k.substring(0, 2), g -> new ArrayList<>()).add(new Entry<>(k, v));
            }
        });
        groups.values().forEach(list -> list.sort(Comparator.comparingInt((Entry<V> e) -> e.key().length())
                .thenComparing(Entry::key)));
    }

    /**
     * The edit distance allowed for a query of {@code length} characters: none under 5 (short words have too many
     * neighbours), 1 up to 7, 2 from 8 on.
     */
    static int allowedDistance(int length) {
        return length < 5 ? 0 : length < 8 ? 1 : 2;
    }

    /**
     * The closest key other than {@code query} itself within {@link #allowedDistance} that {@code acceptable} accepts,
     * or null; ties to the shorter key, then alphabetically.
     */
    Match<V> closest(String query, BiPredicate<String, V> acceptable) {
        int allowed = allowedDistance(query.length());
        if (allowed == 0) {
            return null;
        }
        List<Entry<V>> group = groups.get(query.substring(0, 2));
        if (group == null) {
            return null;
        }
        Match<V> best = null;
        for (Entry<V> e : group) {
            int diff = e.key().length() - query.length();
            if (diff < -allowed) {
                continue;
            }
            if (diff > allowed) {
                break;
            }
            int limit = best == null ? allowed : best.distance() - 1;
            if (limit < 0) {
                break;
            }
            int d = distance(query, e.key(), limit);
            if (d <= limit && d > 0 && acceptable.test(e.key(), e.value())) {
                best = new Match<>(e.key(), e.value(), d);
            }
        }
        return best;
    }

    /**
     * Optimal string alignment distance, or {@code limit + 1} as soon as it must exceed {@code limit}. Only the band
     * of cells within {@code limit} of the diagonal is computed (the others are already more than {@code limit}), so a
     * query costs length x (2 limit + 1) cells, not length squared: the fuzzy look-up was most of the normaliser's
     * time.
     */
    static int distance(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > limit) {
            return limit + 1;
        }
        int outside = limit + 1;
        int[] before = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        java.util.Arrays.fill(before, outside);
        java.util.Arrays.fill(current, outside);
        for (int j = 0; j <= m; j++) {
            previous[j] = j <= limit ? j : outside;
        }
        for (int i = 1; i <= n; i++) {
            int from = Math.max(1, i - limit);
            int to = Math.min(m, i + limit);
            // the cell left of the band: column 0 is i; further right it is outside the band
            current[from - 1] = from == 1 ? Math.min(i, outside) : outside;
            int rowMin = current[from - 1];
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, before[j - 2] + 1);
                }
                current[j] = Math.min(d, outside);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (to < m) {
                current[to + 1] = outside; // read as the cell above by the next row's last column
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = before;
            before = previous;
            previous = current;
            current = t;
        }
        return Math.min(previous[m], outside);
    }
}
