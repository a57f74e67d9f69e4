package org.livingner.taxonomy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FuzzyIndexTest {

    /** The full optimal string alignment table, every cell: what the banded computation must agree with. */
    private static int fullDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        for (int edits = random.nextInt(4); edits > 0 && b.length() > 1; edits--) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, (char) ('a' + random.nextInt(4)));
                case 2 -> b.setCharAt(at, (char) ('a' + random.nextInt(4)));
                default -> {
                    if (at + 1 < b.length()) {
                        char c = b.charAt(at);
                        b.setCharAt(at, b.charAt(at + 1));
                        b.setCharAt(at + 1, c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Test
    void theBandedDistanceIsTheFullTablesWithinTheLimitAndLimitPlusOneBeyond() {
        Random random = new Random(7);
        int compared = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder a = new StringBuilder();
            for (int k = 1 + random.nextInt(14); k > 0; k--) {
                a.append((char) ('a' + random.nextInt(4)));
            }
            String b = mutate(a.toString(), random);
            int limit = random.nextInt(4);
            int full = fullDistance(a.toString(), b);
            assertEquals(Math.min(full, limit + 1), FuzzyIndex.distance(a.toString(), b, limit),
                    a + " / " + b + " limit " + limit);
            compared++;
        }
        assertEquals(20_000, compared);
        assertEquals(1, FuzzyIndex.distance("Salmonella", "Slamonella", 2), "a swap of neighbours costs 1");
        assertEquals(3, FuzzyIndex.distance("abcdef", "", 2), "beyond the limit: limit + 1");
    }

    @Test
    void theClosestKeyWithinTheAllowedDistanceTiesToTheShorterThenAlphabetically() {
        Map<String, Integer> keys = new LinkedHashMap<>();
        keys.put("Staphylococcus", 1279);
        keys.put("Streptococcus", 1301);
        keys.put("Stenotrophomonas", 40323);
        keys.put("Candida", 5475);
        FuzzyIndex<Integer> index = new FuzzyIndex<>(keys);
        FuzzyIndex.Match<Integer> match = index.closest("Streptococus", (k, v) -> true);
        assertEquals("Streptococcus", match.key());
        assertEquals(1, match.distance());
        assertEquals("Staphylococcus", index.closest("Staphilococcus", (k, v) -> true).key());
        assertNull(index.closest("Candida", (k, v) -> true), "the query itself is no match");
        assertNull(index.closest("Cndida", (k, v) -> true), "misspellings keep the first two letters");
        assertNull(index.closest("Streptococus", (k, v) -> v != 1301), "what the predicate refuses is skipped");
        keys.put("Streptococcas", 2);
        keys.put("Streptococcos", 3);
        assertEquals("Streptococcas", new FuzzyIndex<>(keys).closest("Streptococc", (k, v) -> true).key(),
                "equal distance: alphabetical among equal lengths");
    }
}
