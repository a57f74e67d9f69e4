package org.livingner.corpus.scoring;

import org.livingner.corpus.CodedMention;
import org.livingner.corpus.Mention;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the code errors are, on the mentions whose span and label were found (document, label and both offsets agree
 * with a gold mention; span errors are {@link ErrorTable}'s). Each such mention whose code set differs from the gold
 * one falls in one class:
 * <ul>
 *   <li><b>missing</b>: the prediction has no valid NCBI id ({@code _NOCODE_}, empty) while the gold code has one;</li>
 *   <li><b>too general</b>: every predicted id is a gold id or contains one in the hierarchy, and the prediction is
 *       not the gold code (an ancestor taxon, or only the {@code |H} marker added);</li>
 *   <li><b>too specific</b>: the other way round (a descendant taxon, or {@code |H} missing);</li>
 *   <li><b>wrong code</b>: anything else.</li>
 * </ul>
 */
public final class NormErrorTable {

    /** The classes, in report order. */
    public enum Kind {
        WRONG("wrong code"), TOO_GENERAL("too general"), TOO_SPECIFIC("too specific"), MISSING("missing");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** One code error: the gold mention with its code, the predicted code, and its class. */
    public record Error(Kind kind, CodedMention gold, String predicted) {
    }

    private final List<Error> errors;
    private final int spansFound;

    private NormErrorTable(List<Error> errors, int spansFound) {
        this.errors = List.copyOf(errors);
        this.spansFound = spansFound;
    }

    /**
     * Classifies the code errors of {@code predicted} against {@code gold}; {@code hierarchy} tells ancestors
     * ({@link TaxonHierarchy#NONE} to go by the {@code |H} marker only). A span predicted several times is judged by
     * its first prediction.
     */
    public static NormErrorTable of(Collection<CodedMention> gold, Collection<CodedMention> predicted,
            TaxonHierarchy hierarchy) {
        Map<Mention.Key, String> predictedCodes = new HashMap<>();
        for (CodedMention p : predicted) {
            predictedCodes.putIfAbsent(p.mention().key(), p.code());
        }
        List<Error> errors = new ArrayList<>();
        int found = 0;
        for (CodedMention g : gold) {
            if (!predictedCodes.containsKey(g.mention().key())) {
                continue;
            }
            found++;
            String p = predictedCodes.get(g.mention().key());
            if (!NcbiCode.parts(p).equals(NcbiCode.parts(g.code()))) {
                errors.add(new Error(classify(g.code(), p, hierarchy), g, p));
            }
        }
        errors.sort((a, b) -> Mention.ORDER.compare(a.gold().mention(), b.gold().mention()));
        return new NormErrorTable(errors, found);
    }

    static Kind classify(String gold, String predicted, TaxonHierarchy hierarchy) {
        if (!NcbiCode.isValid(predicted)) {
            return NcbiCode.isValid(gold) ? Kind.MISSING : Kind.WRONG;
        }
        Set<String> goldIds = NcbiCode.ids(gold);
        Set<String> predictedIds = NcbiCode.ids(predicted);
        if (goldIds.equals(predictedIds)) {
            return NcbiCode.isMoreGeneral(predicted) ? Kind.TOO_GENERAL : Kind.TOO_SPECIFIC;
        }
        if (covers(predictedIds, goldIds, hierarchy)) {
            return Kind.TOO_GENERAL;
        }
        if (covers(goldIds, predictedIds, hierarchy)) {
            return Kind.TOO_SPECIFIC;
        }
        return Kind.WRONG;
    }

    /** Every id of {@code general} is or contains one of {@code specific}, and every specific id is covered. */
    private static boolean covers(Set<String> general, Set<String> specific, TaxonHierarchy hierarchy) {
        if (general.isEmpty() || specific.isEmpty()) {
            return false;
        }
        return general.stream().allMatch(a -> specific.stream().anyMatch(d -> hierarchy.containsOrIs(a, d)))
                && specific.stream().allMatch(d -> general.stream().anyMatch(a -> hierarchy.containsOrIs(a, d)));
    }

    public List<Error> errors() {
        return errors;
    }

    /** The gold mentions whose span and label were found: the denominator of the code accuracy. */
    public int spansFound() {
        return spansFound;
    }

    public long count(Kind kind) {
        return errors.stream().filter(e -> e.kind() == kind).count();
    }

    /**
     * A markdown table of the counts per class and label (with the spans found, for scale), then the {@code top}
     * most frequent wrong codes (span text, gold code, predicted code, class, count; ties by text).
     */
    public String report(int top) {
        StringBuilder out = new StringBuilder();
        Set<String> labels = new TreeSet<>();
        errors.forEach(e -> labels.add(e.gold().mention().label()));
        out.append("| code error | all |");
        labels.forEach(l -> out.append(' ').append(l).append(" |"));
        out.append("\n|---|---:|");
        labels.forEach(l -> out.append("---:|"));
        out.append('\n');
        for (Kind kind : Kind.values()) {
            out.append("| ").append(kind.description()).append(" | ").append(count(kind)).append(" |");
            for (String l : labels) {
                out.append(' ').append(errors.stream()
                        .filter(e -> e.kind() == kind && e.gold().mention().label().equals(l)).count()).append(" |");
            }
            out.append('\n');
        }
        out.append("\n(").append(errors.size()).append(" code errors on ").append(spansFound)
                .append(" spans found)\n");
        Map<List<String>, Integer> wrong = new HashMap<>();
        for (Error e : errors) {
            wrong.merge(List.of(oneLine(e.gold().mention().text()), String.valueOf(e.gold().code()),
                    String.valueOf(e.predicted()), e.kind().description()), 1, Integer::sum);
        }
        out.append("\n| span | gold | predicted | error | count |\n|---|---|---|---|---:|\n");
        wrong.entrySet().stream()
                .sorted(Map.Entry.<List<String>, Integer>comparingByValue().reversed()
                        .thenComparing(e -> String.join("\t", e.getKey())))
                .limit(top)
                .forEach(e -> out.append("| ").append(String.join(" | ", e.getKey().stream()
                        .map(NormErrorTable::oneLine).toList())).append(" | ").append(e.getValue()).append(" |\n"));
        return out.toString();
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
    }
}
