package org.livingner.corpus.scoring;

import org.livingner.corpus.Mention;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the strict errors are. Every predicted mention that is not exactly a gold one, and every gold mention not
 * exactly predicted, falls in one class: a <b>type error</b> (same offsets, other label), a <b>boundary error</b>
 * (overlaps a gold mention but its offsets differ; counted once per wrong prediction, and the gold mentions it
 * overlaps are not also counted as misses), a <b>false alarm</b> (overlaps no gold mention) or a <b>miss</b> (a gold
 * mention that no prediction overlaps). A boundary error with the wrong label too is still a boundary error.
 */
public final class ErrorTable {

    /** The classes, in report order. */
    public enum Kind {
        BOUNDARY("boundary error"), TYPE("type error"), MISS("miss"), FALSE_ALARM("false alarm");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One wrong mention: the predicted one (or, for a miss, the gold one), its class, and for boundary and type
     * errors the gold mention it overlaps (the first, in document order), else null.
     */
    public record Error(Kind kind, Mention mention, Mention gold) {
    }

    private final List<Error> errors;

    private ErrorTable(List<Error> errors) {
        this.errors = List.copyOf(errors);
    }

    public static ErrorTable of(Collection<Mention> gold, Collection<Mention> predicted) {
        Map<String, List<Mention>> goldByDoc = byDocument(gold);
        Map<String, List<Mention>> predictedByDoc = byDocument(predicted);
        Set<Mention.Key> goldKeys = gold.stream().map(Mention::key).collect(Collectors.toSet());
        Set<Mention.Key> predictedKeys = predicted.stream().map(Mention::key).collect(Collectors.toSet());
        List<Error> errors = new ArrayList<>();
        Set<Mention> explained = new java.util.HashSet<>();
        Map<Mention.Key, Mention> distinct = new LinkedHashMap<>();
        predicted.stream().sorted(Mention.ORDER).forEach(p -> distinct.putIfAbsent(p.key(), p));
        for (Mention p : distinct.values()) {
            if (goldKeys.contains(p.key())) {
                continue;
            }
            List<Mention> overlapping = goldByDoc.getOrDefault(p.docId(), List.of()).stream()
                    .filter(g -> g.begin() < p.end() && p.begin() < g.end()).toList();
            if (overlapping.isEmpty()) {
                errors.add(new Error(Kind.FALSE_ALARM, p, null));
                continue;
            }
            boolean sameSpan = overlapping.stream().anyMatch(g -> g.begin() == p.begin() && g.end() == p.end());
            errors.add(new Error(sameSpan ? Kind.TYPE : Kind.BOUNDARY, p,
                    overlapping.stream().min(Mention.ORDER).orElseThrow()));
            explained.addAll(overlapping);
        }
        for (Mention g : gold) {
            if (!predictedKeys.contains(g.key()) && !explained.contains(g)) {
                boolean overlapped = predictedByDoc.getOrDefault(g.docId(), List.of()).stream()
                        .anyMatch(p -> p.begin() < g.end() && g.begin() < p.end());
                if (!overlapped) {
                    errors.add(new Error(Kind.MISS, g, null));
                }
            }
        }
        return new ErrorTable(errors);
    }

    public List<Error> errors() {
        return errors;
    }

    public long count(Kind kind) {
        return errors.stream().filter(e -> e.kind() == kind).count();
    }

    /**
     * A markdown table of the counts per class and label, then the {@code top} most frequent wrong spans (text, with
     * the gold mention it overlaps for boundary and type errors; class; label; count; ties by text).
     */
    public String report(int top) {
        StringBuilder out = new StringBuilder();
        Set<String> labels = new java.util.TreeSet<>();
        errors.forEach(e -> labels.add(e.mention().label()));
        out.append("| error | all |");
        labels.forEach(l -> out.append(' ').append(l).append(" |"));
        out.append("\n|---|---:|");
        labels.forEach(l -> out.append("---:|"));
        out.append('\n');
        for (Kind kind : Kind.values()) {
            out.append("| ").append(kind.description()).append(" | ").append(count(kind)).append(" |");
            for (String l : labels) {
                out.append(' ').append(errors.stream()
                        .filter(e -> e.kind() == kind && e.mention().label().equals(l)).count()).append(" |");
            }
            out.append('\n');
        }
        Map<List<String>, Integer> spans = new HashMap<>();
        for (Error e : errors) {
            String span = oneLine(e.mention().text()) + (e.gold() == null ? ""
                    : " (gold: " + oneLine(e.gold().text()) + (e.kind() == Kind.TYPE ? " " + e.gold().label() : "")
                    + ")");
            spans.merge(List.of(e.kind().description(), e.mention().label(), span), 1, Integer::sum);
        }
        out.append("\n| wrong span | error | label | count |\n|---|---|---|---:|\n");
        spans.entrySet().stream()
                .sorted(Map.Entry.<List<String>, Integer>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().get(2)).thenComparing(e -> e.getKey().get(0)))
                .limit(top)
                .forEach(e -> out.append("| ").append(e.getKey().get(2)).append(" | ").append(e.getKey().get(0))
                        .append(" | ").append(e.getKey().get(1)).append(" | ").append(e.getValue()).append(" |\n"));
        return out.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
    }

    private static Map<String, List<Mention>> byDocument(Collection<Mention> mentions) {
        Map<String, List<Mention>> out = new LinkedHashMap<>();
        for (Mention m : mentions) {
            out.computeIfAbsent(m.docId(), d -> new ArrayList<>()).add(m);
        }
        return out;
    }
}
