package org.livingner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.uima.cas.CASException;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.jcas.JCas;
import org.livingner.corpus.scoring.ErrorTable;
import org.livingner.corpus.CodedMention;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.Mention;
import org.livingner.corpus.scoring.Scores;
import org.livingner.corpus.scoring.ConfidenceTable;
import org.livingner.corpus.scoring.StrictScorer;
import org.livingner.uima.CasMentions;
import org.livingner.taxonomy.StrawMan;
import org.livingner.taxonomy.TrainingCodes;
import org.livingner.uima.LivingNerNormalizer;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.ModelLocations;
import org.livingner.uima.batch.BatchRunner;
import org.livingner.uima.batch.Failure;
import org.livingner.uima.io.Documents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code livingner evaluate [--model M] --gold FILE.iob2|DIR [--gold-codes FILE] [--json FILE] [--predictions DIR]}:
 * strict span scores (NER) of the pipeline on gold data and, where the gold mentions have NCBI codes, strict Norm
 * scores ({@link NormReport}), printed, and on request written as JSON, with what was scored kept as LivingNER TSV.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores the pipeline on gold data (strict NER and Norm).",
                "Annotates gold data and scores the mentions strictly (exact offsets and label).",
                "Prints per-type and micro P/R/F1; the last line is 'micro P=0.xxxx R=0.xxxx F1=0.xxxx'.",
                "With the gold mentions' NCBI codes (--gold-codes, or NAME-ncbi.tsv beside NAME.iob2) it first"
                        + " prints Norm: strict P/R/F1 (label, offsets and code set agree), the task scorer's"
                        + " figure, the right code on the spans found, the straw man, and the code errors.",
                "Exit code: 0 when every document was scored, 1 when some failed (each is reported), 2 when"
                        + " nothing could run."})
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    RefineOption refine = new RefineOption();

    @Option(names = "--gold", required = true, paramLabel = "FILE.iob2|DIR",
            description = "Gold data: an IOB2 file, a LivingNER .tsv with its .txt documents, or a directory of them.")
    Path gold;

    @Option(names = "--sentences-per-document", paramLabel = "S", defaultValue = "100",
            description = "IOB2 gold is cut into documents of S sentences (0: a file is a document); sentence windows"
                    + " do not cross documents (default: ${DEFAULT-VALUE}).")
    int sentencesPerDocument;

    @Option(names = "--dev-split",
            description = "Score only the dev part of the IOB2 gold file(s): the seeded split the trainer makes"
                    + " (org.livingner.corpus.DevSplit), so its dev scores can be reproduced.")
    boolean devSplit;

    @Mixin
    DevSplitOptions split = new DevSplitOptions();

    @Option(names = "--raw-text",
            description = {"Score IOB2 gold as a user's plain text: each sentence written as a person writes it (no"
                    + " space before closing punctuation or after opening brackets), the pipeline's own sentence"
                    + " splitter and tokenizer at work, mentions matched by exact character offsets. Without it the"
                    + " pipeline is handed the gold sentences and tokens (token-given)."})
    boolean rawText;

    @Option(names = "--gold-codes", paramLabel = "FILE.tsv",
            description = {"The NCBI Taxonomy codes of the gold mentions, as LivingNER's train-ncbi.tsv gives them for"
                    + " train.iob2 (sentence first_token end_token label span NCBITax), to score Norm (the code of"
                    + " each mention) beside NER. Default: NAME-ncbi.tsv beside --gold NAME.iob2 when it is there"
                    + " (../shared/data/livingner/train-ncbi.tsv for train.iob2). A LivingNER-Norm .tsv given as"
                    + " --gold brings its own codes (its NCBITax column)."})
    Path goldCodes;

    @Option(names = "--code-errors", paramLabel = "N", defaultValue = "20",
            description = {"With gold codes: also print the code errors on the spans found (wrong code, too general,"
                    + " too specific, missing; per label) and the N most frequent wrong codes (default:"
                    + " ${DEFAULT-VALUE}; 0: no table)."})
    int codeErrors;

    @Option(names = "--errors", paramLabel = "N", defaultValue = "0",
            description = {"Also print, before the scores, a table of the errors (boundary, type, misses, false"
                    + " alarms; per label) and the N most frequent wrong spans (default: ${DEFAULT-VALUE}: no table)."})
    int errors;

    @Option(names = "--confidence-table",
            description = {"Also print, before the scores, what a confidence threshold keeps: strict P/R/F1 of this"
                    + " run's mentions at or above thresholds from 0 to 0.99 (--min-confidence drops the model's"
                    + " mentions before the refinement engines run, so its scores can differ by a mention or two),"
                    + " and reliability bins (mentions per confidence range, their mean confidence beside the share"
                    + " that are exactly right) with the expected calibration error."})
    boolean confidenceTable;

    @Option(names = "--compare", paramLabel = "M", split = ",",
            description = {"Also score these models (directories, classpath:PATH, hf:ORG/NAME or default), with the"
                    + " same gold data and settings, in this run, and end with one table: a row per model (--model"
                    + " first) with micro and per-type scores; with --raw-text also each model's token-given F1 and"
                    + " the gap between the two. --errors prints each model's error table."})
    List<String> compare = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE",
            description = {"Also write the scores to FILE as JSON: {\"runs\": [{\"model\", \"mode\" (raw-text or"
                    + " tokens-given), \"gold\", \"documents\", \"failed\", \"gold_mentions\", \"predicted_mentions\","
                    + " \"micro\": {\"precision\", \"recall\", \"f1\", \"tp\", \"fp\", \"fn\"}, \"types\": {LABEL:"
                    + " {the same}}, with gold codes also \"norm\": {\"gold_codes\", \"strict\" and \"task\": {\"micro\","
                    + " \"types\"} as above, \"right_code_on_spans_found\": {LABEL or all: {\"right\", \"found\","
                    + " \"share\"}}, \"straw_man\": {the same three}, \"code_errors\": {KIND: count}}}]}, a run per"
                    + " model (and mode) scored."})
    Path json;

    @Option(names = "--predictions", paramLabel = "DIR",
            description = {"Keep what was scored in DIR: text-files/ID.txt (each document as the pipeline read it),"
                    + " mentions.tsv (its mentions) and gold.tsv (the gold mentions), LivingNER TSV with code point"
                    + " offsets, so 'livingner evaluate --gold DIR/gold.tsv' scores the texts again and the TSVs"
                    + " can be compared line by line. Not with --compare."})
    Path predictions;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    public EvaluateCommand() {
        this(System.out, System.err);
    }

    EvaluateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (predictions != null && !compare.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--predictions keeps one model's predictions: give it"
                    + " without --compare, in a run per model");
        }
        try {
            model.applyTorchThreads(1);
            if (!compare.isEmpty()) {
                return compareModels();
            }
            Run run = score(model.settings(refine.list).model(), rawText);
            if (devSplit) {
                err.println("gold: the " + split.describe(devSplit) + " of " + gold
                        + (rawText ? ", as plain text" : ", tokens given"));
            }
            if (errors > 0) {
                out.println(run.errorTable(errors));
            }
            if (confidenceTable) {
                out.println(ConfidenceTable.of(run.gold(), run.confident()).report());
            }
            if (run.norm() != null) {
                out.println(run.norm().report(codeErrors));
            }
            out.println(run.scores().report());
            out.flush();
            writeJson(List.of(run));
            if (predictions != null) {
                run.keep(predictions);
                err.println("kept the scored documents and mentions in " + predictions);
            }
            return run.failures() == 0 ? 0 : 1;
        } catch (Exception e) {
            err.println("livingner evaluate: " + Failure.reason(e));
            return 2;
        }
    }

    /** Every model of --model and --compare, in order: its scores in the chosen mode (and token-given), one table. */
    private int compareModels() throws Exception {
        List<String> models = new ArrayList<>();
        models.add(model.settings(refine.list).model());
        models.addAll(compare);
        for (String m : models) {
            ModelLocations.resolve(m); // a wrong location fails now, not after the models before it were scored
        }
        List<Run> runs = new ArrayList<>();
        List<Run> tokenGiven = new ArrayList<>();
        List<Run> scored = new ArrayList<>();
        for (String m : models) {
            err.println("evaluate: " + m + (rawText ? ", raw text" : ", tokens given"));
            Run run = score(m, rawText);
            runs.add(run);
            scored.add(run);
            if (errors > 0) {
                out.println("errors of " + m + ":");
                out.println(run.errorTable(errors));
            }
            if (rawText) {
                err.println("evaluate: " + m + ", tokens given");
                tokenGiven.add(score(m, false));
                scored.add(tokenGiven.get(tokenGiven.size() - 1));
            }
        }
        if (devSplit) {
            err.println("gold: the " + split.describe(devSplit) + " of " + gold);
        }
        List<String> labels = new ArrayList<>(new TreeSet<>(runs.stream()
                .flatMap(r -> r.scores().perType().keySet().stream()).toList()));
        StringBuilder table = new StringBuilder("| model | P | R | F1 |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|");
        for (String label : labels) {
            table.append(' ').append(label).append(" F1 |");
            rule.append("---:|");
        }
        if (rawText) {
            table.append(" token-given F1 | gap (points) |");
            rule.append("---:|---:|");
        }
        out.println(rawText ? "raw text, mentions by exact character offsets:" : "tokens given:");
        out.println(table);
        out.println(rule);
        int failures = 0;
        for (int i = 0; i < runs.size(); i++) {
            Scores sc = runs.get(i).scores();
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |",
                    models.get(i), sc.micro().precision(), sc.micro().recall(), sc.micro().f1()));
            for (String label : labels) {
                row.append(String.format(Locale.ROOT, " %.4f |", sc.of(label).f1()));
            }
            if (rawText) {
                double given = tokenGiven.get(i).scores().micro().f1();
                row.append(String.format(Locale.ROOT, " %.4f | %.2f |", given, 100 * (given - sc.micro().f1())));
                failures += tokenGiven.get(i).failures();
            }
            out.println(row);
            failures += runs.get(i).failures();
        }
        out.flush();
        writeJson(scored);
        return failures == 0 ? 0 : 1;
    }

    /** {@code --json FILE}: the scores of every run, machine-readable. */
    private void writeJson(List<Run> runs) throws IOException {
        if (json == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("runs");
        for (Run run : runs) {
            ObjectNode node = list.addObject();
            node.put("model", run.model());
            node.put("mode", run.raw() ? "raw-text" : "tokens-given");
            node.put("gold", gold.toString());
            if (devSplit) {
                node.put("split", split.describe(true));
            }
            node.put("documents", run.documents());
            node.put("failed", run.failures());
            node.put("gold_mentions", run.gold().size());
            node.put("predicted_mentions", run.predicted().size());
            NormReport.counts(node.putObject("micro"), run.scores().micro());
            ObjectNode types = node.putObject("types");
            run.scores().perType().forEach((label, c) -> NormReport.counts(types.putObject(label), c));
            if (run.norm() != null) {
                run.norm().json(node.putObject("norm"));
            }
        }
        Path parent = json.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
        err.println("wrote the scores to " + json);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One model's pass over the gold data: its scores, the mentions behind them, the documents scored and those that
     * failed, and the documents' texts (kept for --predictions only).
     */
    private record Run(String model, boolean raw, Scores scores, List<Mention> gold, List<Mention> predicted,
                       List<ConfidenceTable.Scored> confident, Map<String, String> texts, int documents,
                       int failures, List<CodedMention> goldCoded, List<CodedMention> predictedCoded,
                       NormReport norm) {
        String errorTable(int top) {
            return ErrorTable.of(gold, predicted).report(top);
        }

        /** Writes the scored texts and both mention lists as LivingNER TSV + text into {@code dir}. */
        void keep(Path dir) throws IOException {
            Path textFiles = dir.resolve("text-files");
            for (Map.Entry<String, String> text : texts.entrySet()) {
                Path file = textFiles.resolve(text.getKey() + ".txt");
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, text.getValue(), StandardCharsets.UTF_8);
            }
            LivingNerTsv.writeCoded(dir.resolve("mentions.tsv"), codePoints(predictedCoded));
            LivingNerTsv.writeCoded(dir.resolve("gold.tsv"), codePoints(goldCoded));
        }

        private List<CodedMention> codePoints(List<CodedMention> mentions) {
            return mentions.stream().map(m -> new CodedMention(LivingNerTsv.withCodePointOffsets(m.mention(),
                    texts.get(m.mention().docId())), m.code())).toList();
        }
    }

    private Run score(String modelLocation, boolean raw) throws Exception {
        Path codes = goldCodes();
        List<CollectionReaderDescription> readers = Inputs.readers(List.of(gold), true, sentencesPerDocument,
                split.part(devSplit).rawText(raw).goldCodes(codes));
        List<Mention> goldMentions = new ArrayList<>();
        List<Mention> predicted = new ArrayList<>();
        List<ConfidenceTable.Scored> confident = new ArrayList<>();
        List<CodedMention> goldCoded = new ArrayList<>();
        List<CodedMention> predictedCoded = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        BatchRunner.Result result;
        try (ProgressReporter progress = ProgressReporter.of("evaluate", err, ProgressReporter.onTerminal(err))) {
            result = BatchRunner.run(readers,
                    LivingNerPipeline.create(model.settings(refine.list).withModel(modelLocation)),
                    new BatchRunner.Sink() {
                        @Override
                        public JsonNode processed(JCas jcas) throws CASException {
                            String id = Documents.id(jcas);
                            for (org.livingner.Mention m : CasMentions.detailed(jcas)) {
                                Mention mention = new Mention(id, m.label(), m.begin(), m.end(), m.text());
                                predicted.add(mention);
                                confident.add(new ConfidenceTable.Scored(mention, m.confidence()));
                            }
                            predictedCoded.addAll(CasMentions.coded(jcas, id));
                            if (predictions != null) {
                                texts.put(id, jcas.getDocumentText());
                            }
                            if (CasMentions.hasGold(jcas)) {
                                goldMentions.addAll(CasMentions.of(CasMentions.goldView(jcas), id));
                                goldCoded.addAll(CasMentions.coded(CasMentions.goldView(jcas), id));
                            }
                            return null;
                        }

                        @Override
                        public void progress(int done, int totalEstimate, boolean failed) {
                            progress.update(done, totalEstimate, failed);
                        }
                    }, BatchRunner.Options.threads(1));
        }
        for (Failure failure : result.failures()) {
            err.println("FAILED " + failure);
        }
        err.printf("scored %d documents: %d gold mentions, %d predicted%s%n", result.processed(),
                goldMentions.size(), predicted.size(),
                result.failures().isEmpty() ? "" : "; " + result.failures().size() + " failed (listed above)");
        // codes from --gold-codes, or a LivingNER-Norm TSV given as gold (its NCBITax column)
        Path codesSource = codes != null ? codes : goldCoded.stream().anyMatch(m -> m.code() != null) ? gold : null;
        NormReport norm = codesSource == null ? null : NormReport.of(goldCoded, predictedCoded, codesSource,
                LivingNerNormalizer.load(model.settings(refine.list).taxonomy()).taxonomy(),
                StrawMan.of(TrainingCodes.shipped()));
        return new Run(modelLocation, raw, StrictScorer.score(goldMentions, predicted), goldMentions, predicted,
                confident, texts, result.processed(), result.failures().size(), goldCoded, predictedCoded, norm);
    }

    /**
     * The codes of the gold mentions: {@code --gold-codes}, else {@code NAME-ncbi.tsv} beside {@code --gold
     * NAME.iob2} when it exists; null when there are none (Norm is not scored).
     *
     * @throws IOException when {@code --gold-codes} names no file
     */
    Path goldCodes() throws IOException {
        if (goldCodes != null) {
            if (!Files.isRegularFile(goldCodes)) {
                throw new IOException("--gold-codes " + goldCodes + ": no such file (expected the NCBI codes of the"
                        + " gold mentions, as train-ncbi.tsv gives them)");
            }
            return goldCodes;
        }
        String name = gold.getFileName() == null ? "" : gold.getFileName().toString();
        if (Files.isRegularFile(gold) && name.endsWith(".iob2")) {
            Path beside = gold.resolveSibling(name.substring(0, name.length() - ".iob2".length()) + "-ncbi.tsv");
            if (Files.isRegularFile(beside)) {
                return beside;
            }
        }
        return null;
    }
}
