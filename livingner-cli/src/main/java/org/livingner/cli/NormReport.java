package org.livingner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.livingner.corpus.CodedMention;
import org.livingner.corpus.scoring.NormErrorTable;
import org.livingner.corpus.scoring.NormScorer;
import org.livingner.corpus.scoring.Scores;
import org.livingner.corpus.scoring.TaxonHierarchy;
import org.livingner.taxonomy.StrawMan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Norm part of {@code evaluate}: the pipeline's codes and the straw man's ({@link StrawMan}, on the same predicted
 * spans) scored strictly and as the task's scorer counts ({@link NormScorer}), the right code on the spans found
 * ({@link NormScorer#codeAccuracy}) and the code errors ({@link NormErrorTable}).
 *
 * @param goldCodes the file the gold codes came from
 * @param pipeline  the pipeline's Norm scores
 * @param strawMan  the straw man's Norm scores on the pipeline's spans
 * @param accuracy  the pipeline's right codes on the spans found, per label and all
 * @param strawManAccuracy the straw man's
 * @param errors    the pipeline's code errors on the spans found
 */
record NormReport(Path goldCodes, NormScorer.Result pipeline, NormScorer.Result strawMan,
                  Map<String, NormScorer.CodeAccuracy> accuracy, Map<String, NormScorer.CodeAccuracy> strawManAccuracy,
                  NormErrorTable errors) {

    /** Scores {@code predicted} and the straw man's codes for the same spans against {@code gold}. */
    static NormReport of(List<CodedMention> gold, List<CodedMention> predicted, Path goldCodes,
                         TaxonHierarchy hierarchy, StrawMan straw) {
        List<CodedMention> strawCoded = new ArrayList<>(predicted.size());
        for (CodedMention p : predicted) {
            strawCoded.add(new CodedMention(p.mention(), straw.code(p.mention().label(), p.mention().text())));
        }
        return new NormReport(goldCodes, NormScorer.score(gold, predicted), NormScorer.score(gold, strawCoded),
                NormScorer.codeAccuracy(gold, predicted), NormScorer.codeAccuracy(gold, strawCoded),
                NormErrorTable.of(gold, predicted, hierarchy));
    }

    /**
     * One table, a row per system and label (micro last): strict Norm P/R/F1, the task scorer's F1 and the right code
     * on the spans found; then {@code Norm micro P=… R=… F1=…} (strict) and the task scorer's line; then the code
     * errors with the {@code top} most frequent wrong codes (none for 0).
     */
    String report(int top) {
        StringBuilder out = new StringBuilder("Norm (NCBI Taxonomy codes; gold codes of " + goldCodes + "): strict"
                + " = label, offsets and code set agree; task scorer = rows without a valid NCBI id dropped first;"
                + " straw man = HUMAN 9606, SPECIES the training code of the same lower-cased text, on the same"
                + " spans\n\n| system | label | P | R | F1 | task-scorer F1 | right code on spans found |\n"
                + "|---|---|---:|---:|---:|---:|---:|\n");
        TreeSet<String> labels = new TreeSet<>(pipeline.strict().perType().keySet());
        labels.addAll(accuracy.keySet());
        labels.remove(NormScorer.ALL);
        rows(out, "normaliser", pipeline, accuracy, labels);
        rows(out, "straw man", strawMan, strawManAccuracy, labels);
        Scores.Counts micro = pipeline.strict().micro();
        Scores.Counts task = pipeline.task().micro();
        out.append(String.format(Locale.ROOT, "%nNorm micro P=%.4f R=%.4f F1=%.4f%n", micro.precision(),
                micro.recall(), micro.f1()));
        out.append(String.format(Locale.ROOT, "Norm (task scorer) micro P=%.4f R=%.4f F1=%.4f%n", task.precision(),
                task.recall(), task.f1()));
        if (top > 0) {
            out.append("\nCode errors on the spans found:\n\n").append(errors.report(top));
        }
        return out.toString();
    }

    private static void rows(StringBuilder out, String system, NormScorer.Result result,
                             Map<String, NormScorer.CodeAccuracy> accuracy, TreeSet<String> labels) {
        for (String label : labels) {
            row(out, system, label, result.strict().of(label), result.task().of(label), accuracy.get(label));
        }
        row(out, system, "micro", result.strict().micro(), result.task().micro(), accuracy.get(NormScorer.ALL));
    }

    private static void row(StringBuilder out, String system, String label, Scores.Counts strict, Scores.Counts task,
                            NormScorer.CodeAccuracy accuracy) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.4f | %s |%n", system, label,
                strict.precision(), strict.recall(), strict.f1(), task.f1(), accuracy == null ? "-"
                        : String.format(Locale.ROOT, "%d / %d (%.1f %%)", accuracy.right(), accuracy.found(),
                        100 * accuracy.share())));
    }

    /** The figures as JSON, into {@code node}. */
    void json(ObjectNode node) {
        node.put("gold_codes", goldCodes.toString());
        scores(node, pipeline, accuracy);
        scores(node.putObject("straw_man"), strawMan, strawManAccuracy);
        ObjectNode kinds = node.putObject("code_errors");
        for (NormErrorTable.Kind kind : NormErrorTable.Kind.values()) {
            kinds.put(kind.description(), errors.count(kind));
        }
    }

    private static void scores(ObjectNode node, NormScorer.Result result, Map<String, NormScorer.CodeAccuracy> acc) {
        scores(node.putObject("strict"), result.strict());
        scores(node.putObject("task"), result.task());
        ObjectNode right = node.putObject("right_code_on_spans_found");
        acc.forEach((label, a) -> right.putObject(label).put("right", a.right()).put("found", a.found())
                .put("share", a.share()));
    }

    private static void scores(ObjectNode node, Scores scores) {
        counts(node.putObject("micro"), scores.micro());
        ObjectNode types = node.putObject("types");
        scores.perType().forEach((label, c) -> counts(types.putObject(label), c));
    }

    static void counts(ObjectNode node, Scores.Counts c) {
        node.put("precision", c.precision()).put("recall", c.recall()).put("f1", c.f1()).put("tp", c.tp())
                .put("fp", c.fp()).put("fn", c.fn());
    }
}
