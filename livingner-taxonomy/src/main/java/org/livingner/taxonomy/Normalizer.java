package org.livingner.taxonomy;

import org.livingner.corpus.scoring.NcbiCode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a LivingNER mention its NCBI Taxonomy code, written as LivingNER writes it: {@code 9606} for every HUMAN
 * mention; for SPECIES one or more NCBI ids joined by {@code |}, then {@code |H} when the code is more general than
 * the mention, or {@code _NOCODE_} when nothing fits. UIMA-free, immutable and thread-safe.
 *
 * <p>A SPECIES mention is looked up, whole, then in parts, each step more tolerant than the one before:
 * <ol>
 *   <li><b>exactly</b>: the training mentions' codes (the most frequent code of the same text, ignoring case, accents
 *       and punctuation), then the same with Latin spellings as Spanish writes them ({@link Surface#spelling}), then
 *       the taxonomy's names (scientific names, synonyms, common names, acronyms), then an abbreviated genus
 *       ({@code S. aureus}: species with that epithet whose genus starts so, preferring a genus written in the
 *       sentence, then taxa the training codes use), then, for one word, its stems ({@link Surface#stems}: plural,
 *       feminine, {@code vírica}, {@code neumocócica}, {@code bacteriemia}, {@code nocardiosis},
 *       {@code antibacterianos}) against the training words and the names of genera and above;</li>
 *   <li><b>coordinated</b>: {@code virus de la hepatitis B y C}, {@code gripe A+B}: each conjunct, completed with the
 *       words it shares with the first, gets its code, and the mention all of them;</li>
 *   <li><b>misspelt</b>: the closest training mention or taxon name within a small edit distance
 *       ({@link FuzzyIndex});</li>
 *   <li><b>by its organism</b>: the longest part of the mention that has a code (among parts as long the leftmost,
 *       unless a later one lies inside it: {@code amastigotes de parásito leishmánico} is Leishmania); marks left
 *       over ({@code VIH-1}, {@code gripe B}) pick the descendant taxon named with them, other words left over add
 *       {@code |H} when they make the mention a subgroup ({@code bacterias gramnegativas}, {@code S. aureus
 *       resistente a meticilina}): learnt from the training mentions, per word and per code.</li>
 * </ol>
 * Where several taxa share a name, the one the training codes use most wins, then the one of the best name class,
 * then the lowest id. The taxonomy supplies the hierarchy (which part is more specific); codes the taxonomy does not
 * know (taxa newer than the dump, such as SARS-CoV-2, 2697049) come from the training codes.
 */
public final class Normalizer {

    /** A code and how it was found ({@code training}, {@code taxonomy}, {@code stem}, {@code misspelling}, ...). */
    public record Normalization(String code, String source) {
    }

    /** The code of every HUMAN mention: Homo sapiens. */
    public static final String HUMAN_CODE = "9606";

    private static final Set<String> CONJUNCTIONS = Set.of("y", "e", "o", "u", "ni", ",", "/", "+", ";");
    private static final Pattern VIRUS_OF =
            Pattern.compile("virus (?:(?:de las|de los|de la|del|de) )?(.+)");
    private static final Set<String> FUNCTION_WORDS = Set.of("de", "del", "la", "las", "el", "los", "y", "o", "e",
            "u", "a", "al", "en", "con", "sin", "por", "para", "que", "se", "su", "sus", "un", "una", "unos", "unas",
            "no", "ni", "tipo", "muy", "mas");
    /** Ranks too high for a mark to name one taxon below them. */
    private static final Set<String> HIGH_RANKS = Set.of("superkingdom", "kingdom", "subkingdom", "superphylum",
            "phylum", "subphylum", "superclass", "class", "subclass", "superorder", "order", "suborder");
    /** Misspelt texts whose closest name is remembered: a long-running service sees ever new ones. */
    private static final int MAX_CACHED = 100_000;
    /** Longest part of a mention tried on its own, in words: longer mentions are sentences, not names. */
    private static final int MAX_PART_WORDS = 8;

    private final NameIndex names;
    private final Map<String, Map<String, Integer>> lexicon = new HashMap<>();
    private final Map<String, Map<String, Integer>> lexiconBySpelling = new HashMap<>();
    private final Map<String, Map<String, Integer>> lexiconByStem = new HashMap<>();
    private final Map<Integer, Integer> trainingTaxa = new HashMap<>();
    private final FuzzyIndex<String> fuzzyLexicon;
    private final Map<String, int[]> subgroupWords = new HashMap<>();
    private final Map<String, int[]> subgroupCodes = new HashMap<>();
    private final double subgroupPrior;
    private final Map<String, Resolution> cache = new ConcurrentHashMap<>();

    /** A code found for a piece of text, and how. */
    private record Resolution(String code, String source) {
    }

    private Normalizer(NameIndex names, TrainingCodes training) {
        this.names = names;
        for (TrainingCodes.Entry e : training.entries()) {
            if (!e.label().equals("SPECIES")) {
                continue;
            }
            String key = Surface.key(e.span());
            if (key.isEmpty()) {
                continue;
            }
            lexicon.computeIfAbsent(key, k -> new TreeMap<>()).merge(e.code(), e.count(), Integer::sum);
            String spelling = Surface.spelling(key);
            lexiconBySpelling.computeIfAbsent(spelling, k -> new TreeMap<>()).merge(e.code(), e.count(), Integer::sum);
            if (spelling.indexOf(' ') < 0) {
                for (String stem : Surface.stems(spelling)) {
                    lexiconByStem.computeIfAbsent(stem, k -> new TreeMap<>()).merge(e.code(), e.count(), Integer::sum);
                }
            }
            for (String id : NcbiCode.ids(e.code())) {
                if (NcbiCode.isTaxonId(id)) {
                    trainingTaxa.merge(Integer.parseInt(id), e.count(), Integer::sum);
                }
            }
        }
        Map<String, String> fuzzyEntries = new HashMap<>();
        lexiconBySpelling.forEach((k, codes) -> fuzzyEntries.put(k, best(codes)));
        this.fuzzyLexicon = new FuzzyIndex<>(fuzzyEntries);
        this.subgroupPrior = learnSubgroups(training);
    }

    private static Normalizer shipped;

    /**
     * The normaliser of the shipped index: the pruned NCBI Taxonomy and the training part's codes. Built once per
     * class loader (some seconds, a few hundred MB) and shared, as it is immutable.
     */
    public static synchronized Normalizer shipped() throws IOException {
        if (shipped == null) {
            shipped = of(Taxonomy.shipped(), TrainingCodes.shipped());
        }
        return shipped;
    }

    /** A normaliser over {@code taxonomy} (e.g. {@link Taxonomy#load} of a current taxdump) and training codes. */
    public static Normalizer of(Taxonomy taxonomy, TrainingCodes training) {
        return new Normalizer(new NameIndex(taxonomy), training);
    }

    /** As {@link #of}, sharing a name index already built (tuning folds). */
    static Normalizer of(NameIndex names, TrainingCodes training) {
        return new Normalizer(names, training);
    }

    /** The taxonomy this normaliser goes by (for its hierarchy, e.g. in {@code NormErrorTable}). */
    public Taxonomy taxonomy() {
        return names.taxonomy;
    }

    /** The code of a mention of {@code label} (HUMAN, SPECIES) whose text is {@code mention}. */
    public String normalize(String label, String mention) {
        return explain(label, mention, null).code();
    }

    /** As {@link #normalize(String, String)}, with the sentence around the mention (abbreviated genera use it). */
    public String normalize(String label, String mention, String sentence) {
        return explain(label, mention, sentence).code();
    }

    /**
     * The code and how it was found; {@code sentence} may be null.
     *
     * @throws IllegalArgumentException for a label other than HUMAN and SPECIES
     */
    public Normalization explain(String label, String mention, String sentence) {
        if (label.equals("HUMAN")) {
            return new Normalization(HUMAN_CODE, "human");
        }
        if (!label.equals("SPECIES")) {
            throw new IllegalArgumentException("expected the label HUMAN or SPECIES, found '" + label + "'");
        }
        Resolution r = resolveMention(mention, sentence);
        return r == null ? new Normalization(NcbiCode.NO_CODE, "none") : new Normalization(r.code(), r.source());
    }

    private Resolution resolveMention(String mention, String sentence) {
        List<String> tokens = Surface.tokens(mention);
        if (tokens.isEmpty()) {
            return null;
        }
        Resolution r = exact(mention, sentence);
        if (r == null) {
            r = coordinated(tokens, sentence);
        }
        if (r == null) {
            r = approximate(mention, sentence);
        }
        if (r == null) {
            r = byPart(tokens, sentence, true);
        }
        return r;
    }

    /** The whole text, exactly (up to case, accents, punctuation, spelling and endings). */
    private Resolution exact(String text, String sentence) {
        String key = Surface.key(text);
        if (key.isEmpty()) {
            return null;
        }
        Map<String, Integer> codes = lexicon.get(key);
        if (codes != null) {
            return new Resolution(best(codes), "training");
        }
        String spelling = Surface.spelling(key);
        codes = lexiconBySpelling.get(spelling);
        if (codes != null) {
            return new Resolution(best(codes), "training");
        }
        if (key.length() >= 4 || isAcronym(text)) {
            for (String name : taxonNames(key)) {
                int[] taxa = names.byKey(name);
                if (taxa.length == 0) {
                    taxa = names.bySpelling(Surface.spelling(name));
                }
                if (taxa.length > 0) {
                    return new Resolution(String.valueOf(preferTrained(taxa)), "taxonomy");
                }
            }
        }
        Resolution abbreviated = abbreviatedGenus(text, sentence, false);
        if (abbreviated != null) {
            return abbreviated;
        }
        return spelling.indexOf(' ') < 0 ? stem(spelling) : null;
    }

    /**
     * The names to look for in the taxonomy: Spanish {@code virus de la X} and a disease's name {@code X} (zika,
     * chikungunya) as NCBI writes the virus, {@code X virus}, first; then the text itself.
     */
    private static List<String> taxonNames(String key) {
        Matcher virus = VIRUS_OF.matcher(key);
        if (virus.matches()) {
            return List.of(virus.group(1) + " virus", key);
        }
        return key.indexOf(' ') < 0 && !key.endsWith("virus") ? List.of(key + " virus", key) : List.of(key);
    }

    private static boolean isAcronym(String text) {
        String t = text.strip();
        return t.length() >= 2 && t.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c)
                || c == '-');
    }

    /** A derived form: the longest stem that a training word or a genus-or-above name shares. */
    private Resolution stem(String spelling) {
        for (String stem : Surface.stems(spelling)) {
            Map<String, Integer> codes = lexiconByStem.get(stem);
            if (codes != null) {
                return new Resolution(best(codes), "stem");
            }
            int[] taxa = names.byStem(stem);
            if (taxa.length > 0) {
                return new Resolution(String.valueOf(preferTrained(taxa)), "stem");
            }
        }
        return null;
    }

    /** The whole text, misspelt: the closest training mention, else the closest taxon name. */
    private Resolution approximate(String text, String sentence) {
        String spelling = Surface.spelling(Surface.key(text));
        if (spelling.length() < 2) {
            return null;
        }
        Resolution cached = cache.get(spelling);
        if (cached == null) {
            cached = approximateUncached(spelling);
            if (cache.size() < MAX_CACHED) {
                cache.put(spelling, cached);
            }
        }
        if (cached.code() != null) {
            return cached;
        }
        return abbreviatedGenus(text, sentence, true);
    }

    private Resolution approximateUncached(String spelling) {
        List<String> marks = shortWords(spelling);
        BiPredicate<String, Object> sameMarks = (k, v) -> shortWords(k).equals(marks);
        FuzzyIndex.Match<String> trained = fuzzyLexicon.closest(spelling, sameMarks::test);
        FuzzyIndex.Match<int[]> named = names.fuzzyNames.closest(spelling, sameMarks::test);
        if (trained != null && (named == null || trained.distance() <= named.distance())) {
            return new Resolution(trained.value(), "misspelling");
        }
        if (named != null) {
            return new Resolution(String.valueOf(preferTrained(named.value())), "misspelling");
        }
        return new Resolution(null, "none");
    }

    /**
     * The words of at most two characters and the numbers: a misspelling does not change them, while they tell
     * hepatitis B from C and HTLV 1 from 2.
     */
    private static List<String> shortWords(String spelling) {
        List<String> out = new ArrayList<>();
        for (String w : spelling.split(" ")) {
            if (w.length() <= 2 || w.chars().anyMatch(Character::isDigit)) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * {@code S. aureus}, {@code R.conorii}, {@code M. intracellulare}: a species with this epithet (or, when
     * {@code fuzzy}, the closest epithet) whose genus starts with the abbreviation: the genus written in the sentence
     * first, then a scientific name over a synonym, then the taxa the training codes use most.
     */
    private Resolution abbreviatedGenus(String text, String sentence, boolean fuzzy) {
        List<String> tokens = new ArrayList<>(Surface.tokens(text));
        if (tokens.size() == 2 && tokens.get(0).length() == 1) {
            tokens.add(1, "."); // S haematobium: the point left out
        }
        if (tokens.size() != 3 || !tokens.get(1).equals(".") || !Character.isUpperCase(tokens.get(0).charAt(0))
                || tokens.get(0).length() > 3 || !Character.isLetter(tokens.get(2).charAt(0))
                || !tokens.get(2).substring(1).chars().allMatch(Character::isLowerCase)) {
            return null;
        }
        String prefix = Surface.key(tokens.get(0));
        String epithet = Surface.spelling(Surface.key(tokens.get(2)));
        NameIndex.Binomial[] candidates = names.byEpithet(epithet);
        if (fuzzy) {
            FuzzyIndex.Match<NameIndex.Binomial[]> m = names.fuzzyEpithets.closest(epithet,
                    (k, binomials) -> Arrays.stream(binomials).anyMatch(b -> b.genusKey().startsWith(prefix)));
            candidates = m == null ? new NameIndex.Binomial[0] : m.value();
        }
        Set<String> sentenceWords = sentence == null ? Set.of()
                : new HashSet<>(List.of(Surface.key(sentence).split(" ")));
        NameIndex.Binomial best = null;
        long bestScore = -1;
        for (NameIndex.Binomial b : candidates) {
            if (!b.genusKey().startsWith(prefix)) {
                continue;
            }
            long score = (sentenceWords.contains(b.genusKey()) ? 1L << 40 : 0) + (b.scientific() ? 1L << 36 : 0)
                    + ((long) trainingTaxa.getOrDefault(b.taxon(), 0) << 20)
                    + trainedGenusCount(b.taxon());
            if (score > bestScore) {
                best = b;
                bestScore = score;
            }
        }
        return best == null ? null : new Resolution(String.valueOf(best.taxon()), "abbreviated genus");
    }

    /** How often the training codes use the genus (or the nearest ancestor) of {@code taxon}. */
    private int trainedGenusCount(int taxon) {
        Taxonomy taxonomy = names.taxonomy;
        int t = taxon;
        for (int steps = 0; steps < 4 && t != Taxonomy.ROOT; steps++) {
            t = taxonomy.parent(t);
            int n = trainingTaxa.getOrDefault(t, 0);
            if (n > 0) {
                return n;
            }
        }
        return 0;
    }

    /** Among taxa sharing a name (best first), the one the training codes use most; else the first. */
    private int preferTrained(int[] taxa) {
        int best = taxa[0];
        int bestCount = trainingTaxa.getOrDefault(best, 0);
        for (int t : taxa) {
            int n = trainingTaxa.getOrDefault(t, 0);
            if (n > bestCount) {
                best = t;
                bestCount = n;
            }
        }
        return best;
    }

    /**
     * {@code virus de la hepatitis B y C}: conjuncts split at {@code y}, {@code o}, commas, {@code /} and {@code +};
     * each later conjunct takes the place of as many of the first one's last words ({@code hepatitis C}). All must
     * have a code.
     */
    private Resolution coordinated(List<String> tokens, String sentence) {
        List<List<String>> conjuncts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String token : tokens) {
            if (CONJUNCTIONS.contains(token.toLowerCase(Locale.ROOT))) {
                conjuncts.add(current);
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        conjuncts.add(current);
        if (conjuncts.size() < 2 || conjuncts.stream().anyMatch(List::isEmpty)) {
            return null;
        }
        List<String> first = conjuncts.get(0);
        Set<String> ids = new LinkedHashSet<>();
        boolean moreGeneral = false;
        for (int c = 0; c < conjuncts.size(); c++) {
            List<String> conjunct = conjuncts.get(c);
            Resolution r = null;
            if (c > 0 && conjunct.size() < first.size()) {
                List<String> completed = new ArrayList<>(first.subList(0, first.size() - conjunct.size()));
                completed.addAll(conjunct);
                r = conjunct(completed, sentence);
            }
            if (r == null) {
                r = conjunct(conjunct, sentence);
            }
            if (r == null) {
                return null;
            }
            ids.addAll(NcbiCode.ids(r.code()));
            moreGeneral |= NcbiCode.isMoreGeneral(r.code());
        }
        return new Resolution(NcbiCode.join(ids, moreGeneral), "coordination");
    }

    private Resolution conjunct(List<String> tokens, String sentence) {
        String text = String.join(" ", tokens).replace(" .", ".");
        Resolution r = exact(text, sentence);
        if (r == null) {
            r = approximate(text, sentence);
        }
        return r != null ? r : byPart(tokens, sentence, false);
    }

    /** The part of a mention that gave its code, and the words left over (as written). */
    private record Part(Resolution resolution, List<String> leftOver) {
    }

    /**
     * The mention by {@link #bestPart}: narrowed to the descendant taxon that the left-over marks name
     * ({@link #markedDescendant}), else with {@code |H} when the left-over words mark a subgroup.
     */
    private Resolution byPart(List<String> tokens, String sentence, boolean approximateToo) {
        Part part = bestPart(tokens, sentence, approximateToo);
        if (part == null) {
            return null;
        }
        String code = part.resolution().code();
        Integer descendant = markedDescendant(code, part.leftOver());
        if (descendant != null) {
            return new Resolution(String.valueOf(descendant),
                    part.resolution().source() + ", by part, marked descendant");
        }
        if (!NcbiCode.isMoreGeneral(code) && NcbiCode.isValid(code) && marksSubgroup(code, part.leftOver())) {
            code = code + "|" + NcbiCode.MORE_GENERAL;
        }
        return new Resolution(code, part.resolution().source() + ", by part");
    }

    /**
     * A mark: a word with a digit or of one or two capitals ({@code 1}, {@code B}, {@code K1}, {@code NL63}), which
     * names a type, serogroup or strain.
     */
    private static boolean isMark(String token) {
        return token.chars().anyMatch(Character::isDigit)
                || token.length() <= 2 && token.chars().allMatch(Character::isUpperCase);
    }

    /**
     * {@code VIH-1}, {@code gripe B}, {@code N. meningitidis serogrupo C}: when {@code code} is one taxon and the
     * left-over words hold marks, the taxon below it (or, for a number, below its parent; up to
     * {@link NameIndex#MARK_DEPTH} levels) whose scientific name has all the marks as words; the one the training codes
     * use most, then the nearest, then the lowest id. Not below the highest ranks.
     */
    private Integer markedDescendant(String code, List<String> leftOver) {
        if (NcbiCode.isMoreGeneral(code) || NcbiCode.ids(code).size() != 1 || !NcbiCode.isValid(code)) {
            return null;
        }
        List<String> marks = leftOver.stream().filter(Normalizer::isMark)
                .flatMap(m -> List.of(Surface.key(m).split(" ")).stream()).toList();
        if (marks.isEmpty()) {
            return null;
        }
        int taxon = Integer.parseInt(code);
        if (!names.taxonomy.contains(taxon) || HIGH_RANKS.contains(names.taxonomy.rank(taxon))
                || names.taxonomy.depth(taxon) <= 2) {
            return null; // below Viruses or Bacteria a number names anything
        }
        Integer best = null;
        long bestScore = Long.MIN_VALUE;
        List<int[]> candidates = new ArrayList<>(names.descendants(taxon));
        if (marks.stream().anyMatch(m -> Character.isDigit(m.charAt(0)))) {
            // NCBI often files the numbered types beside the taxon the acronym names (HIV 12721 and HIV-1 11676 are
            // both in Lentivirus), so for a number the parent's descendants count too, one level further
            names.descendants(names.taxonomy.parent(taxon)).forEach(d -> candidates.add(new int[] {d[0], d[1] + 1}));
        }
        for (int[] d : candidates) {
            if (!names.hasWords(d[0], marks)) {
                continue;
            }
            long score = ((long) trainingTaxa.getOrDefault(d[0], 0) << 32) - ((long) d[1] << 24) - d[0];
            if (score > bestScore) {
                best = d[0];
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * The longest part of the mention (fewer words than the whole) that has a code; among parts as long, the leftmost
     * (Spanish puts the head first: <b>bacterias</b> gram-positivas), unless a later one names a taxon inside it
     * (<b>larvas</b> de Strongyloides: Strongyloides) or, unrelated, comes from the training codes where the earlier
     * one does not (cocos <b>grampositivos</b>: not the coconut, Cocos); exact before approximate (when {@code approximateToo}, and only
     * for parts written as names are, with a capital: {@code Strongyloides stercolaris}); parts that keep the whole's marks ({@link #shortWords}: hepatitis
     * <b>B</b>) first; one-word parts that are function words ({@code de}, {@code la}) do not count.
     */
    private Part bestPart(List<String> tokens, String sentence, boolean approximateToo) {
        List<Integer> words = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (Surface.isWord(tokens.get(i))) {
                words.add(i);
            }
        }
        List<String> marks = shortWords(Surface.spelling(Surface.key(String.join(" ", tokens))));
        Part part = bestPart(tokens, words, sentence, approximateToo, marks);
        return part != null || marks.isEmpty() ? part : bestPart(tokens, words, sentence, approximateToo, List.of());
    }

    /** {@link #bestPart(List, String, boolean)} among the parts that keep all of {@code marks}. */
    private Part bestPart(List<String> tokens, List<Integer> words, String sentence, boolean approximateToo,
            List<String> marks) {
        int n = words.size();
        Resolution best = null;
        int bestFirst = -1;
        int bestLength = 0;
        for (int length = Math.min(n - 1, MAX_PART_WORDS); length >= 1 && best == null; length--) {
            for (int pass = 0; pass < (approximateToo ? 2 : 1) && best == null; pass++) {
                for (int first = 0; first + length <= n; first++) {
                    String firstWord = tokens.get(words.get(first));
                    if (length == 1 && FUNCTION_WORDS.contains(Surface.key(firstWord))
                            || pass == 1 && !Character.isUpperCase(firstWord.charAt(0))) {
                        continue;
                    }
                    String part = text(tokens, words.get(first), words.get(first + length - 1));
                    if (!marks.isEmpty() && !shortWords(Surface.spelling(Surface.key(part))).containsAll(marks)) {
                        continue;
                    }
                    Resolution r = pass == 0 ? exact(part, sentence) : approximate(part, sentence);
                    if (r == null) {
                        continue;
                    }
                    if (best == null || contains(best.code(), r.code())
                            || isTrained(r) && !isTrained(best) && !contains(r.code(), best.code())) {
                        best = r;
                        bestFirst = first;
                        bestLength = length;
                    }
                }
            }
        }
        if (best == null) {
            return null;
        }
        List<String> leftOver = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            if (w < bestFirst || w >= bestFirst + bestLength) {
                leftOver.add(tokens.get(words.get(w)));
            }
        }
        return new Part(best, leftOver);
    }

    private static String text(List<String> tokens, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i <= to; i++) {
            String t = tokens.get(i);
            if (!out.isEmpty() && Surface.isWord(t)) {
                out.append(' ');
            }
            out.append(t);
        }
        return out.toString();
    }

    /** Found in the training codes, which know the Spanish words that the taxonomy's Latin homonyms do not mean. */
    private static boolean isTrained(Resolution r) {
        return r.source().equals("training");
    }

    /**
     * Whether {@code specific} names a taxon inside {@code general}, and another: each of its ids lies within one of
     * the general code's ids ({@code 2759} Eukaryota contains {@code 5658} Leishmania).
     */
    private boolean contains(String general, String specific) {
        Set<String> outer = NcbiCode.ids(general);
        Set<String> inner = NcbiCode.ids(specific);
        return !outer.equals(inner) && !inner.isEmpty() && inner.stream()
                .allMatch(i -> outer.stream().anyMatch(o -> names.taxonomy.containsOrIs(o, i)));
    }

    /** The content words of {@code words} as the subgroup tables key them: roots of their spellings. */
    private static List<String> roots(List<String> words) {
        List<String> roots = new ArrayList<>();
        for (String word : words) {
            String key = Surface.key(word);
            if (!key.isEmpty() && !FUNCTION_WORDS.contains(key)) {
                roots.add(Surface.root(Surface.spelling(key)));
            }
        }
        return roots;
    }

    /**
     * Whether the words around an organism's name make the mention a subgroup of it ({@code gramnegativas},
     * {@code resistente}): the smoothed share, in training, of mentions that added {@code |H} to the code of their
     * part, over one half; of the most telling left-over word seen in training, else of the part's code, else of all.
     */
    private boolean marksSubgroup(String code, List<String> leftOver) {
        double share = -1;
        for (String root : roots(leftOver)) {
            int[] counts = subgroupWords.get(root);
            if (counts != null) {
                share = Math.max(share, smoothed(counts));
            }
        }
        if (share < 0) {
            int[] counts = subgroupCodes.get(code);
            share = counts == null ? subgroupPrior : smoothed(counts);
        }
        return share > 0.5;
    }

    private double smoothed(int[] counts) {
        return (counts[0] + 2 * subgroupPrior) / (counts[1] + 2);
    }

    /**
     * Learns what makes a subgroup: for every training mention of several words whose longest part with a code has
     * the same ids, each content word outside that part, and the part's code, count whether the mention's code added
     * {@code |H}. Returns the share over all such words, the prior.
     */
    private double learnSubgroups(TrainingCodes training) {
        int added = 0;
        int total = 0;
        for (TrainingCodes.Entry e : training.entries()) {
            if (!e.label().equals("SPECIES")) {
                continue;
            }
            Part part = bestPart(Surface.tokens(e.span()), null, false);
            if (part == null || !NcbiCode.ids(part.resolution().code()).equals(NcbiCode.ids(e.code()))) {
                continue;
            }
            int addsH = NcbiCode.isMoreGeneral(e.code()) && !NcbiCode.isMoreGeneral(part.resolution().code())
                    ? e.count() : 0;
            for (String root : roots(part.leftOver())) {
                int[] counts = subgroupWords.computeIfAbsent(root, w -> new int[2]);
                counts[0] += addsH;
                counts[1] += e.count();
                added += addsH;
                total += e.count();
            }
            int[] counts = subgroupCodes.computeIfAbsent(part.resolution().code(), c -> new int[2]);
            counts[0] += addsH;
            counts[1] += e.count();
        }
        return total == 0 ? 0 : (double) added / total;
    }

    /** The most frequent code; ties to the first in order. */
    private static String best(Map<String, Integer> codes) {
        return codes.entrySet().stream().max(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue())
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).orElseThrow().getKey();
    }
}
