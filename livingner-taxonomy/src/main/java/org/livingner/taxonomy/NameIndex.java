package org.livingner.taxonomy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The taxonomy's names arranged for look-up by mention text: by {@link Surface#key} and {@link Surface#spelling},
 * by the stems of one-word names of genera and above (for Spanish derived forms such as {@code "nocardiosis"}), by the
 * species epithet of binomials (for abbreviated genera such as {@code "S. aureus"}), and approximately (for
 * misspellings). Each look-up gives the candidate taxa best first: by name class (scientific names, then synonyms,
 * common names, acronyms, misspellings), then by taxon id (older, better known taxa have lower ids). Building it from
 * the shipped index takes a few seconds, so the normaliser's tuning folds share one. Immutable and thread-safe.
 */
final class NameIndex {

    /**
     * A species known by a binomial: its taxon, the {@link Surface#key} of the genus word, and whether the binomial
     * is its scientific name (rather than a synonym, an anamorph, ...).
     */
    record Binomial(int taxon, String genusKey, boolean scientific) {
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
    /** The children of taxon t are {@code childList[childStart[t] .. childStart[t + 1])}. */
    private final int[] childStart;
    private final int[] childList;
    /** The scientific name's key of taxon t is {@code keyList[keyStart[t] .. keyStart[t + 1])}. */
    private final int[] keyStart;
    private final String[] keyList;
    private final Map<String, int[]> byKey;
    private final Map<String, int[]> bySpelling;
    private final Map<String, int[]> byStem;
    private final Map<String, Binomial[]> byEpithet;
    final FuzzyIndex<int[]> fuzzyNames;
    final FuzzyIndex<Binomial[]> fuzzyEpithets;

    NameIndex(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
        int expected = taxonomy.names().size() * 2;
        Map<String, List<int[]>> keys = new HashMap<>(expected);
        Map<String, List<int[]>> spellings = new HashMap<>(expected);
        Map<String, List<int[]>> stems = new HashMap<>();
        Map<String, List<Binomial>> epithets = new HashMap<>();
        int limit = taxonomy.idLimit();
        keyStart = new int[limit + 1];
        List<String> allKeys = new ArrayList<>(taxonomy.names().size());
        List<Integer> keyTaxa = new ArrayList<>(taxonomy.names().size());
        for (Taxonomy.Name name : taxonomy.names()) {
            int priority = priority(name.nameClass());
            String key = Surface.key(name.text());
            if (key.isEmpty() || key.chars().allMatch(Character::isDigit)) {
                continue;
            }
            int[] candidate = {name.taxon(), priority};
            if (priority == 0) {
                allKeys.add(key);
                keyTaxa.add(name.taxon());
                keyStart[name.taxon() + 1]++;
            }
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
                        .add(new Binomial(name.taxon(), words[0], priority == 0));
            }
        }
        keyList = new String[allKeys.size()];
        fill(keyStart, keyTaxa, i -> keyList[i.position()] = allKeys.get(i.item()));
        childStart = new int[limit + 1];
        List<Integer> childTaxa = new ArrayList<>();
        List<Integer> parentsOf = new ArrayList<>();
        taxonomy.taxa().filter(t -> t != Taxonomy.ROOT).forEach(t -> {
            childTaxa.add(t);
            parentsOf.add(taxonomy.parent(t));
            childStart[taxonomy.parent(t) + 1]++;
        });
        childList = new int[childTaxa.size()];
        fill(childStart, parentsOf, i -> childList[i.position()] = childTaxa.get(i.item()));
        this.byKey = ordered(keys);
        this.bySpelling = ordered(spellings);
        this.byStem = ordered(stems);
        Map<String, Binomial[]> e = new HashMap<>();
        epithets.forEach((k, list) -> e.put(k, list.size() == 1 ? new Binomial[] {list.get(0)} : list.stream()
                .distinct().sorted(Comparator.comparingInt(Binomial::taxon)).toArray(Binomial[]::new)));
        this.byEpithet = e;
        this.fuzzyNames = new FuzzyIndex<>(bySpelling);
        this.fuzzyEpithets = new FuzzyIndex<>(byEpithet);
    }

    private record Placement(int item, int position) {
    }

    /**
     * Turns per-owner counts ({@code start[owner + 1]}) into offsets and places item i, owned by {@code owners[i]},
     * at its position (a counting sort: arrays rather than a map of half a million lists).
     */
    private static void fill(int[] start, List<Integer> owners, Consumer<Placement> place) {
        for (int t = 1; t < start.length; t++) {
            start[t] += start[t - 1];
        }
        int[] next = Arrays.copyOf(start, start.length);
        for (int i = 0; i < owners.size(); i++) {
            place.accept(new Placement(i, next[owners.get(i)]++));
        }
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
            if (list.size() == 1) {
                out.put(k, new int[] {list.get(0)[0]});
                return;
            }
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
                for (int i = childStart[t]; i < childStart[t + 1]; i++) {
                    out.add(new int[] {childList[i], depth});
                    next.add(childList[i]);
                }
            }
            level = next;
        }
        return out;
    }

    /** Whether the scientific name of {@code taxon} holds all these words ({@link Surface#key}s). */
    boolean hasWords(int taxon, List<String> words) {
        if (taxon < 0 || taxon + 1 >= keyStart.length) {
            return false;
        }
        Set<String> own = new HashSet<>();
        for (int i = keyStart[taxon]; i < keyStart[taxon + 1]; i++) {
            own.addAll(List.of(keyList[i].split(" ")));
        }
        return own.containsAll(words);
    }

    @Override
    public String toString() {
        return "NameIndex[" + byKey.size() + " names, " + byStem.size() + " stems, " + byEpithet.size()
                + " epithets]";
    }
}
