package org.livingner.taxonomy;

import org.livingner.corpus.CodedMention;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.NcbiCodeTable;
import org.livingner.corpus.WrittenSentence;
import org.livingner.corpus.scoring.NcbiCode;
import org.livingner.corpus.scoring.NormErrorTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * How often the normaliser gives a gold span its gold code, per label, beside the straw man (HUMAN: 9606; SPECIES: the
 * most frequent training code of the same lower-cased text, else {@code _NOCODE_}). Spans are the gold ones, as the
 * sentences are written ({@link WrittenSentence}), with the sentence as context; spans without a code row are left
 * out. Both learn from the training part only.
 *
 * <pre>
 * NormalizerEvaluation [--train train.iob2] [--codes train-ncbi.tsv] [--taxonomy TAXDUMP_DIR] [--folds K] [--misses]
 * </pre>
 * By default it scores the dev part of the default {@link DevSplit}. {@code --folds K} scores the training part
 * instead, in K folds of sentences, each normalised by what the other folds teach: for tuning without touching dev.
 */
public final class NormalizerEvaluation {

    /** LivingNER's sentences, relative to the repository root. */
    public static final String DEFAULT_TRAIN = "../shared/data/livingner/train.iob2";
    /** Their codes. */
    public static final String DEFAULT_CODES = "../shared/data/livingner/train-ncbi.tsv";

    /** Right codes of one system on one label. */
    record Tally(int right, int total) {
        double share() {
            return total == 0 ? 0 : (double) right / total;
        }
    }

    /** One span scored: gold mention and code, the normaliser's code and how it found it, the straw man's. */
    record Scored(CodedMention gold, Normalizer.Normalization predicted, String strawMan) {
    }

    private NormalizerEvaluation() {
    }

    /** Prints the table (and with {@code --misses} every span the normaliser got wrong). */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        Path train = Path.of(options.getOrDefault("--train", DEFAULT_TRAIN));
        Path codesTsv = Path.of(options.getOrDefault("--codes", DEFAULT_CODES));
        long start = System.nanoTime();
        Taxonomy taxonomy = options.containsKey("--taxonomy") ? Taxonomy.load(Path.of(options.get("--taxonomy")))
                : Taxonomy.shipped();
        NameIndex names = new NameIndex(taxonomy);
        double loaded = (System.nanoTime() - start) / 1e9;
        List<Iob2Sentence> sentences = Iob2Corpus.read(train);
        NcbiCodeTable table = NcbiCodeTable.read(codesTsv, sentences);
        boolean[] dev = new boolean[sentences.size()];
        for (int i : DevSplit.devIndices(sentences.size(), DevSplit.DEFAULT_DEV_FRACTION, DevSplit.DEFAULT_SEED)) {
            dev[i] = true;
        }
        List<Scored> scored = new ArrayList<>();
        String what;
        long normalising = System.nanoTime();
        if (options.containsKey("--folds")) {
            int folds = Integer.parseInt(options.get("--folds"));
            for (int fold = 0; fold < folds; fold++) {
                int f = fold;
                scored.addAll(score(names, sentences, table, i -> !dev[i] && i % folds != f,
                        i -> !dev[i] && i % folds == f));
            }
            what = "training part, " + folds + " folds";
        } else {
            scored.addAll(score(names, sentences, table, i -> !dev[i], i -> dev[i]));
            what = "dev split (" + DevSplit.DEFAULT_SEED + ", " + (int) (DevSplit.DEFAULT_DEV_FRACTION * 100)
                    + " %)";
        }
        double normalised = (System.nanoTime() - normalising) / 1e9;
        System.out.println(table(scored, what));
        List<CodedMention> gold = scored.stream().map(Scored::gold).toList();
        List<CodedMention> predicted = scored.stream()
                .map(s -> new CodedMention(s.gold().mention(), s.predicted().code())).toList();
        System.out.println(NormErrorTable.of(gold, predicted, taxonomy).report(20));
        System.out.printf(Locale.ROOT, "taxonomy %s: %d taxa, names indexed in %.1f s; %d spans normalised in %.1f s"
                + " (lexicons included)%n", options.getOrDefault("--taxonomy", "shipped index"), taxonomy.size(),
                loaded, scored.size(), normalised);
        if (options.containsKey("--misses")) {
            for (Scored s : scored) {
                if (!agrees(s.predicted().code(), s.gold().code())) {
                    System.out.printf("MISS %s\t%s\t%s\t%s\t%s%n", s.gold().mention().label(),
                            s.gold().mention().text(), s.gold().code(), s.predicted().code(), s.predicted().source());
                }
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--misses")) {
                options.put(args[i], "");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "' (expected --train FILE,"
                        + " --codes FILE, --taxonomy DIR, --folds K, --misses)");
            }
        }
        return options;
    }

    /** Learns from the sentences {@code learn} accepts and scores the coded spans of those {@code test} accepts. */
    static List<Scored> score(NameIndex names, List<Iob2Sentence> sentences, NcbiCodeTable table, IntPredicate learn,
            IntPredicate test) {
        TrainingCodes training = TrainingCodes.of(sentences, table, learn);
        return score(Normalizer.of(names, training), training, sentences, table, test);
    }

    /**
     * Scores {@code normalizer} and the straw man of {@code training} on the coded spans of the sentences that
     * {@code test} accepts.
     */
    static List<Scored> score(Normalizer normalizer, TrainingCodes training, List<Iob2Sentence> sentences,
            NcbiCodeTable table, IntPredicate test) {
        StrawMan strawMan = StrawMan.of(training);
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            if (!test.test(i)) {
                continue;
            }
            Iob2Sentence sentence = sentences.get(i);
            WrittenSentence written = WrittenSentence.of(sentence.tokens());
            for (CodedMention gold : table.mentions(i, sentence, written, "s" + i)) {
                if (gold.code() == null) {
                    continue;
                }
                String text = gold.mention().text();
                String label = gold.mention().label();
                Normalizer.Normalization n = normalizer.explain(label, text, written.text());
                out.add(new Scored(gold, n, strawMan.code(label, text)));
            }
        }
        return out;
    }

    static boolean agrees(String predicted, String gold) {
        return NcbiCode.parts(predicted).equals(NcbiCode.parts(gold));
    }

    /** The markdown table: per label and all, gold spans, right codes of the straw man and of the normaliser. */
    static String table(List<Scored> scored, String what) {
        Map<String, Tally[]> tallies = new TreeMap<>();
        for (Scored s : scored) {
            for (String label : List.of(s.gold().mention().label(), "all")) {
                Tally[] t = tallies.computeIfAbsent(label, l -> new Tally[] {new Tally(0, 0), new Tally(0, 0)});
                t[0] = new Tally(t[0].right() + (agrees(s.strawMan(), s.gold().code()) ? 1 : 0), t[0].total() + 1);
                t[1] = new Tally(t[1].right() + (agrees(s.predicted().code(), s.gold().code()) ? 1 : 0),
                        t[1].total() + 1);
            }
        }
        StringBuilder out = new StringBuilder("Right code on gold spans, " + what + ":\n\n"
                + "| label | gold spans | straw man | normaliser |\n|---|---:|---:|---:|\n");
        for (String label : List.of("HUMAN", "SPECIES", "all")) {
            Tally[] t = tallies.get(label);
            if (t != null) {
                out.append(String.format(Locale.ROOT, "| %s | %d | %d (%.1f %%) | %d (%.1f %%) |%n", label,
                        t[0].total(), t[0].right(), 100 * t[0].share(), t[1].right(), 100 * t[1].share()));
            }
        }
        return out.toString();
    }
}
