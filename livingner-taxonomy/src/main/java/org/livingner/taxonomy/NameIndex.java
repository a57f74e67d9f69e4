package org.livingner.taxonomy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The taxonomy's names arranged for look-up by mention text: by {@link Surface#key} and {@link Surface#spelling},
 * by the stems of one-word names of genera and above (for Spanish derived forms such as {@code "nocardiosis"}), by the
 * species epithet of binomials (for abbreviated genera such as {@code "S. aureus"}), and approximately (for
 * misspellings). Each look-up gives the candidate taxa best first: by name class (scientific names, then synonyms,
 * common names, acronyms, misspellings), then by taxon id (older, better known taxa have lower ids). Building it from
 * the shipped index takes a few seconds, so the normaliser's tuning folds share one. Immutable and thread-safe.
 */
final class NameIndex {

    /** A species known by its binomial: its taxon and the {@link Surface#key} of its genus word. */
    record Binomial(int taxon, String genusKey) {
    }

    private static final List<Set<String>> CLASS_ORDER = List.of(
            Set.of("scientific name"),
            Set.of("synonym", "equivalent name", "genbank synonym"),
            Set.of("genbank common name", "common name", "blast name"),
            Set.of("acronym", "genbank acronym"),
            Set.of("anamorph", "genbank anamorph", "teleomorph"),
            Set.of("misspelling", "misnomer"));

    /** Ranks whose one-word names Spanish derives words from ({@code nocardiosis}, {@code estafilocócica}). */
    private static final Set<String> STEMMED_RANKS = Set.of("genus", "family", "order", "class", "phylum",
            "kingdom", "superkingdom", "subgenus", "subfamily", "suborder", "subclass", "subphylum");

    /** How many levels below a taxon {@link #descendants} goes. */
    static final int MARK_DEPTH = 3;
    /** At most this many descendants are looked at, so a mark on a large group stays cheap. */
    private static final int MAX_DESCENDANTS = 20_000;

    final Taxonomy taxonomy;
    private final Map<Integer, int[]> children;
    private final Map<Integer, Set<String>> wordsOf;
    private final Map<String, int[]> byKey;
    private final Map<String, int[]> bySpelling;
    private final Map<String, int[]> byStem;
    private final Map<String, Binomial[]> byEpithet;
    final FuzzyIndex<int[]> fuzzyNames;
    final FuzzyIndex<Binomial[]> fuzzyEpithets;

    NameIndex(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
        Map<String, List<int[]>> keys = new HashMap<>();
        Map<String, List<int[]>> spellings = new HashMap<>();
        Map<String, List<int[]>> stems = new HashMap<>();
        Map<String, List<Binomial>> epithets = new HashMap<>();
        Map<Integer, Set<String>> nameWords = new HashMap<>();
        for (Taxonomy.Name name : taxonomy.names()) {
            int priority = priority(name.nameClass());
            String key = Surface.key(name.text());
            if (key.isEmpty() || key.chars().allMatch(Character::isDigit)) {
                continue;
            }
            int[] candidate = {name.taxon(), priority};
            nameWords.computeIfAbsent(name.taxon(), t -> new java.util.HashSet<>()).addAll(List.of(key.split(" ")));
            keys.computeIfAbsent(key, k -> new ArrayList<>()).add(candidate);
            String spelling = Surface.spelling(key);
            spellings.computeIfAbsent(spelling, k -> new ArrayList<>()).add(candidate);
            String[] words = key.split(" ");
            if (words.length == 1 && STEMMED_RANKS.contains(taxonomy.rank(name.taxon())) && priority <= 1) {
                for (String stem : Surface.stems(spelling)) {
                    stems.computeIfAbsent(stem, k -> new ArrayList<>()).add(candidate);
                }
            }
            if (words.length == 2 && isBinomial(name.text()) && priority < CLASS_ORDER.size() - 1) {
                epithets.computeIfAbsent(Surface.spelling(words[1]), k -> new ArrayList<>())
                        .add(new Binomial(name.taxon(), words[0]));
            }
        }
        this.wordsOf = nameWords;
        Map<Integer, List<Integer>> kids = new HashMap<>();
        taxonomy.taxa().filter(t -> t != Taxonomy.ROOT)
                .forEach(t -> kids.computeIfAbsent(taxonomy.parent(t), p -> new ArrayList<>()).add(t));
        this.children = new HashMap<>();
        kids.forEach((p, list) -> children.put(p, list.stream().mapToInt(Integer::intValue).toArray()));
        this.byKey = ordered(keys);
        this.bySpelling = ordered(spellings);
        this.byStem = ordered(stems);
        Map<String, Binomial[]> e = new HashMap<>();
        epithets.forEach((k, list) -> e.put(k, list.stream().distinct()
                .sorted(Comparator.comparingInt(Binomial::taxon)).toArray(Binomial[]::new)));
        this.byEpithet = e;
        this.fuzzyNames = new FuzzyIndex<>(bySpelling);
        this.fuzzyEpithets = new FuzzyIndex<>(byEpithet);
    }

    /** {@code Genus epithet}: a capitalised word, then a lower-case one. */
    private static boolean isBinomial(String text) {
        int space = text.indexOf(' ');
        return space > 1 && Character.isUpperCase(text.charAt(0)) && space + 1 < text.length()
                && Character.isLowerCase(text.charAt(space + 1)) && text.indexOf(' ', space + 1) < 0;
    }

    private static int priority(String nameClass) {
        for (int i = 0; i < CLASS_ORDER.size(); i++) {
            if (CLASS_ORDER.get(i).contains(nameClass)) {
                return i;
            }
        }
        return CLASS_ORDER.size();
    }

    /** Distinct taxa, best first: lowest class priority, then lowest id. */
    private static Map<String, int[]> ordered(Map<String, List<int[]>> candidates) {
        Map<String, int[]> out = new HashMap<>(candidates.size() * 2);
        candidates.forEach((k, list) -> {
            list.sort(Comparator.<int[]>comparingInt(c -> c[1]).thenComparingInt(c -> c[0]));
            out.put(k, list.stream().mapToInt(c -> c[0]).distinct().toArray());
        });
        return out;
    }

    /** Taxa named exactly {@code key} ({@link Surface#key}), best first; empty when none. */
    int[] byKey(String key) {
        return byKey.getOrDefault(key, EMPTY);
    }

    /** Taxa whose name has this {@link Surface#spelling}, best first. */
    int[] bySpelling(String spelling) {
        return bySpelling.getOrDefault(spelling, EMPTY);
    }

    /** Taxa of genus rank or above whose one-word name has this stem, best first. */
    int[] byStem(String stem) {
        return byStem.getOrDefault(stem, EMPTY);
    }

    /** Species whose binomial has this epithet ({@link Surface#spelling}), by taxon id. */
    Binomial[] byEpithet(String epithet) {
        return byEpithet.getOrDefault(epithet, new Binomial[0]);
    }

    static final int[] EMPTY = new int[0];

    /** The taxa below {@code taxon}, up to {@link #MARK_DEPTH} levels, each with its level: {@code {taxon, level}}. */
    List<int[]> descendants(int taxon) {
        List<int[]> out = new ArrayList<>();
        List<Integer> level = List.of(taxon);
        for (int depth = 1; depth <= MARK_DEPTH && !level.isEmpty() && out.size() < MAX_DESCENDANTS; depth++) {
            List<Integer> next = new ArrayList<>();
            for (int t : level) {
                for (int c : children.getOrDefault(t, EMPTY)) {
                    out.add(new int[] {c, depth});
                    next.add(c);
                }
            }
            level = next;
        }
        return out;
    }

    /** Whether one of the names of {@code taxon} holds all these words ({@link Surface#key}s). */
    boolean hasWords(int taxon, List<String> words) {
        Set<String> own = wordsOf.get(taxon);
        return own != null && own.containsAll(words);
    }

    @Override
    public String toString() {
        return "NameIndex[" + byKey.size() + " names, " + byStem.size() + " stems, " + byEpithet.size()
                + " epithets]";
    }
}
