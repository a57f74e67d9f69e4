package org.livingner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.jcas.JCas;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.CodedMention;
import org.livingner.corpus.Mention;
import org.livingner.uima.CasMentions;
import org.livingner.uima.batch.BatchRunner;
import org.livingner.uima.batch.Failure;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.ModelLocations;
import org.livingner.uima.PipelineSettings;
import org.livingner.uima.batch.OutputsApart;
import org.livingner.uima.batch.RunJournal;
import org.dkpro.core.api.io.JCasFileWriter_ImplBase;
import org.livingner.uima.io.Documents;
import org.livingner.uima.io.Iob2Writer;
import org.livingner.uima.io.LivingNerBratWriter;
import org.livingner.uima.io.LivingNerHtmlWriter;
import org.livingner.uima.io.LivingNerJsonWriter;
import org.livingner.uima.io.LivingNerTsvWriter;
import org.livingner.uima.io.LivingNerXmiWriter;
import org.livingner.corpus.AtomicFiles;
import org.livingner.uima.io.Utf8Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code livingner annotate [--model M] [--format tsv|jsonl|json|brat|xmi|iob2|html] [--encoding CHARSET]
 * [--context packed|windows] [--threads N] IN... [-o OUT]}. {@code IN} {@code -} is standard input. Without
 * {@code -o} the mentions go to standard output (tsv, jsonl, iob2); with {@code -o}, a journal of finished documents
 * makes a killed run resumable, and failed documents are listed in {@code errors.tsv}.
 */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = {"Finds HUMAN and SPECIES mentions in documents.",
                "IN: .txt files, directories of them, - (standard input, one document called 'stdin'), .iob2 files"
                        + " (tokens in the first column), or a LivingNER .tsv with its .txt documents. Without -o the"
                        + " mentions are printed (tsv, jsonl or iob2).",
                "With -o, documents finished by an earlier run into the same output are skipped (journal "
                        + RunJournal.FILE_NAME + "), and failed ones are listed in errors.tsv (document, reason),"
                        + " which a run without failures does not leave.",
                "Exit code: 0 when every document was annotated, 1 when some failed (each is reported), 2 when"
                        + " nothing could run (a usage error, no model, ...)."})
public final class AnnotateCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format {
        tsv, jsonl, json, brat, xmi, iob2, html;

        /** Whether the format can be printed: one stream for the whole collection. */
        boolean printable() {
            return this == tsv || this == jsonl || this == iob2;
        }

        /** The files a per-document format writes for document {@code ID}: {@code ID} + each of these. */
        List<String> documentFiles() {
            return switch (this) {
                case json -> List.of(".json");
                case xmi -> List.of(".xmi");
                case brat -> List.of(".txt", ".ann");
                case html -> List.of(".html");
                case iob2 -> List.of(".iob2");
                case tsv, jsonl -> List.of();
            };
        }
    }

    @Mixin
    ModelOptions model;

    @Mixin
    RefineOption refine = new RefineOption();

    @Mixin
    BatchDocumentsOption batchDocuments = new BatchDocumentsOption();

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tsv",
            description = {"Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). tsv: LivingNER-Norm TSV"
                    + " (filename mark label off0 off1 span NCBITax; code point offsets). jsonl: a JSON object a line per document, {\"id\", \"mentions\":"
                    + " [{\"label\", \"begin\", \"end\", \"text\", \"confidence\", \"identifier\", \"source\"}]} (Java String"
                    + " offsets; identifier: the NCBI Taxonomy code, null when none). json, brat (with annotation.conf,"
                    + " visual.conf, tools.conf), xmi, html (a page per document, mentions highlighted, and"
                    + " index.html): a file per document, with -o DIR."})
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output directory; for tsv, jsonl and iob2 also a single .tsv / .jsonl / .iob2 file.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Input files or directories; - for standard input.")
    List<Path> inputs;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
            description = "Charset of .txt documents and standard input, e.g. ISO-8859-1 or windows-1252 for"
                    + " hospital exports (default: ${DEFAULT-VALUE}); a document that does not decode fails alone,"
                    + " named with the first bad byte. .iob2 and LivingNER .tsv files are read as UTF-8.")
    Charset encoding;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Documents processed at once, each thread with its own engines, all sharing one loaded"
                    + " model; outputs are in input order whatever N is; with --context packed, --batch-documents"
                    + " documents are given to the model at once even at one thread (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--resume", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With -o: skip the documents that an earlier run into the same output finished (its journal"
                    + " " + RunJournal.FILE_NAME + "); --no-resume redoes everything (default: ${DEFAULT-VALUE}).")
    boolean resume;

    @Option(names = "--max-document-size", paramLabel = "BYTES", defaultValue = Utf8Text.DEFAULT_MAX_BYTES_TEXT,
            description = "A .txt document larger than this fails alone, before it is read, and is listed with its"
                    + " size; the others go on (default: ${DEFAULT-VALUE}, 16 MiB).")
    long maxDocumentSize;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public AnnotateCommand() {
        this(System.out, System.err, ProgressReporter.onTerminal(System.err));
    }

    public AnnotateCommand(PrintStream out, PrintStream err) {
        this(out, err, false);
    }

    /** @param terminal whether {@code err} is a terminal: progress is then a bar redrawn in place */
    AnnotateCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        checkUsage();
        try {
            // before anything is read, written or deleted
            OutputsApart.check(inputs.stream().map(Path::toString).toList(), output == null ? null : output.toString());
            if (output != null) {
                RunFiles.checkNoOtherRun(output, format);
            }
            for (String skipped : Inputs.skippedFiles(inputs)) {
                err.println("note: skipped " + skipped);
            }
            List<CollectionReaderDescription> readers = Inputs.readers(inputs, false, 0, Inputs.Iob2Part.ALL,
                    maxDocumentSize, encoding);
            PipelineSettings settings = model.settings(refine.list);
            model.applyTorchThreads(threads);
            AnalysisEngineDescription pipeline = LivingNerPipeline.create(settings);
            RunFiles files = output == null ? null : RunFiles.of(output, format);
            try (RunJournal journal = files == null ? null
                    : RunJournal.open(files.journal(), resume, journalSettings(settings))) {
                if (journal != null) {
                    RunFiles.checkNoOtherRun(output, format); // again: the other run may have started meanwhile
                    // what a killed run was writing when it died; no other run writes here now (we hold the lock)
                    if (singleFile(output, format)) {
                        AtomicFiles.removeLeftoversOf(output);
                        AtomicFiles.removeLeftoversOf(files.errors());
                    } else {
                        AtomicFiles.removeLeftovers(output);
                    }
                }
                if (journal != null && journal.staleLock() != null) {
                    err.println("note: an earlier run into " + output + " (" + journal.staleLock() + ") ended without"
                            + " finishing; its lock is taken over" + (resume ? " and its finished documents skipped"
                            : ""));
                }
                BatchRunner.Result result;
                AnnotationSink sink;
                try (ProgressReporter progress = ProgressReporter.of("annotate", err, terminal)) {
                    sink = new AnnotationSink(progress);
                    result = BatchRunner.run(readers, pipeline, sink,
                            new BatchRunner.Options(threads, batchDocuments.forContext(settings.context()), journal,
                                    files == null ? null : files.errors()));
                }
                // after the progress bar's last line: the report starts lines of its own
                for (Failure failure : result.failures()) {
                    err.println("FAILED " + failure);
                }
                printResumed(result.resumed());
                err.printf("annotated %d document%s (%d mention%s)%s%s%s%n", result.processed(),
                        result.processed() == 1 ? "" : "s", sink.mentions, sink.mentions == 1 ? "" : "s",
                        output == null ? "" : " -> " + output,
                        result.skipped() == 0 ? "" : "; " + result.skipped() + " skipped, done by an earlier run"
                                + " (" + files.journal() + ")",
                        result.failures().isEmpty() ? "" : "; " + result.failures().size() + " failed (listed above"
                                + (files == null ? "" : " and in " + files.errors()) + ")");
                return result.failures().isEmpty() ? 0 : 1;
            }
        } catch (Exception e) {
            err.println("livingner annotate: " + Failure.reason(e));
            return 2;
        }
    }

    /**
     * What a resumed run found changed since the earlier run, and did about it; a run started over ({@code
     * --no-resume}) can only have removed the outputs of documents that are no longer inputs.
     */
    private void printResumed(BatchRunner.Resumed resumed) {
        if (!resumed.any()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (resumed.changed() > 0) {
            parts.add(resumed.changed() + " changed since the earlier run (redone)");
        }
        if (resumed.otherSource() > 0) {
            parts.add(resumed.otherSource() + " read from another file than in the earlier run (redone)");
        }
        if (resumed.rewritten() > 0) {
            parts.add(resumed.rewritten() + " with outputs missing or changed (rewritten)");
        }
        if (resumed.removed() > 0) {
            parts.add(resumed.removed() + " no longer among the inputs (its outputs removed)");
        }
        err.println((resume ? "resumed: of the documents an earlier run finished, "
                : "started over: of the documents an earlier run wrote, ") + String.join("; ", parts));
    }

    /** Refuses, as usage errors, option values that cannot work together. */
    private void checkUsage() {
        if (output == null && !format.printable()) {
            throw usage("--format " + format + " writes files (one per document): give -o DIR, or print with"
                    + " --format tsv, jsonl or iob2");
        }
        if (threads < 1) {
            throw usage("--threads must be at least 1, found " + threads);
        }
        if (batchDocuments.documents < 1) {
            throw usage("--batch-documents must be at least 1, found " + batchDocuments.documents);
        }
        if (maxDocumentSize < 1) {
            throw usage("--max-document-size must be at least 1 byte, found " + maxDocumentSize);
        }
        if (inputs.stream().filter(Inputs::isStandardInput).count() > 1) {
            throw usage("- (standard input) can be given once");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * What must not change between a run and its resumption: it decides what the outputs contain. The model is
     * named by its location and by the content of its files, so a model retrained in place is not mistaken for the
     * one the earlier documents were annotated with; so are refinement files and a --taxonomy directory's dumps. The
     * charset is recorded when it is not UTF-8, so journals of runs from before --encoding existed (all UTF-8) still
     * resume.
     */
    private Map<String, String> journalSettings(PipelineSettings pipeline) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("format", format.name());
        if (!encoding.equals(StandardCharsets.UTF_8)) {
            settings.put("encoding", encoding.name());
        }
        settings.putAll(pipeline.journalSettings());
        settings.putAll(ModelFingerprint.of(ModelLocations.resolve(pipeline.model())));
        settings.putAll(ModelFingerprint.refineFiles(pipeline.refine()));
        settings.putAll(ModelFingerprint.taxonomyFiles(pipeline.taxonomy()));
        return settings;
    }

    /** Whether {@code -o OUT} names the single file of a printable format ({@code out.tsv}, {@code out.jsonl}). */
    static boolean singleFile(Path output, Format format) {
        return format.printable() && output.toString().endsWith("." + format.name());
    }

    /** The journal and error list of a run with {@code -o}: inside the output directory, or next to an output file. */
    record RunFiles(Path journal, Path errors) {
        static RunFiles of(Path output, Format format) {
            if (singleFile(output, format)) {
                Path dir = output.toAbsolutePath().getParent();
                String name = output.getFileName().toString();
                return new RunFiles(dir.resolve("." + name + RunJournal.FILE_NAME), dir.resolve(name + ".errors.tsv"));
            }
            return new RunFiles(output.resolve(RunJournal.FILE_NAME), output.resolve(ERRORS_FILE_NAME));
        }

        /**
         * Refuses an output whose files another kind of run writes too: a single output file named like a directory
         * run's collection file ({@code -o X/mentions.tsv}) in a directory that is a run's output, and a directory
         * run into a directory where a single-file run writes such a file. Either would overwrite the other's file.
         */
        static void checkNoOtherRun(Path output, Format format) throws IOException {
            Path dir = singleFile(output, format) ? output.toAbsolutePath().getParent() : output;
            if (singleFile(output, format)) {
                String name = output.getFileName().toString();
                if (DIRECTORY_RUN_FILES.contains(name) && isRunOutput(dir.resolve(RunJournal.FILE_NAME))) {
                    throw new IOException(output + " is a file another run writes: " + dir + " is the output"
                            + " directory of another run (" + dir.resolve(RunJournal.FILE_NAME) + "). Give this"
                            + " output another name or directory");
                }
                return;
            }
            for (String name : DIRECTORY_RUN_FILES) {
                Path journal = dir.resolve("." + name + RunJournal.FILE_NAME);
                if (isRunOutput(journal)) {
                    throw new IOException(dir.resolve(name) + " is the output file of another run (" + journal
                            + "), and a run into " + dir + " would write it. Give this run another output directory");
                }
            }
        }

        private static boolean isRunOutput(Path journal) {
            return Files.exists(journal) || Files.exists(journal.resolveSibling(journal.getFileName() + ".lock"));
        }
    }

    /** The collection-wide files a run into a directory writes there. */
    private static final List<String> DIRECTORY_RUN_FILES = List.of(LivingNerTsvWriter.DEFAULT_FILE_NAME,
            AnnotateCommand.JSONL_FILE_NAME, AnnotateCommand.ERRORS_FILE_NAME);

    /** The list of failed documents in an output directory. */
    public static final String ERRORS_FILE_NAME = "errors.tsv";

    /** The file of a collection of JSON lines in an output directory. */
    public static final String JSONL_FILE_NAME = "mentions.jsonl";

    /**
     * Writes each document as it comes (in input order): printed without -o; a file per document for json, brat,
     * xmi, html and iob2 into a directory; one file for the collection (mentions.tsv, or the .tsv, .jsonl or .iob2
     * file -o names; mentions.jsonl for jsonl into a directory) from every document's part, kept in the journal so
     * that a resumed run rebuilds the whole file.
     */
    private final class AnnotationSink implements BatchRunner.Sink {
        private final ProgressReporter progress;
        private final AnalysisEngine writer;
        private final List<CodedMention> tsvMentions = new ArrayList<>();
        private final StringBuilder collected = new StringBuilder();
        private boolean headerPrinted;
        int mentions;

        AnnotationSink(ProgressReporter progress) throws Exception {
            this.progress = progress;
            this.writer = output != null && perDocumentFiles()
                    ? AnalysisEngineFactory.createEngine(writer(format, output.toString(),
                            model.settings(refine.list).taxonomy())) : null;
        }

        private boolean perDocumentFiles() {
            return !(format == Format.tsv || format == Format.jsonl || singleFile(output, format));
        }

        @Override
        public JsonNode processed(JCas jcas) throws Exception {
            String id = Documents.id(jcas);
            List<Mention> found = CasMentions.of(jcas, id);
            mentions += found.size();
            if (output == null) {
                print(jcas, id, found);
                return null;
            }
            if (writer != null) {
                writer.process(jcas);
                return documentFiles(id);
            }
            if (format != Format.tsv) {
                String part = part(jcas, id, found);
                collected.append(part);
                return JSON.getNodeFactory().textNode(part);
            }
            ArrayNode rows = JSON.createArrayNode();
            for (CodedMention cp : codePointMentions(jcas, id)) {
                tsvMentions.add(cp);
                Mention m = cp.mention();
                rows.add(JSON.createArrayNode().add(m.label()).add(m.begin()).add(m.end()).add(m.text())
                        .add(cp.code()));
            }
            return rows;
        }

        /** A document's part of an IOB2 or JSON-lines stream. */
        private String part(JCas jcas, String id, List<Mention> found) throws IOException {
            if (format == Format.iob2) {
                return Iob2Writer.format(jcas, found);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", id);
            line.put("mentions", CasMentions.detailed(jcas));
            return JSON.writeValueAsString(line) + "\n";
        }

        /** The files written for a document, with their hashes: {"files": {"ID.json": "HEX"}}. */
        private JsonNode documentFiles(String id) throws IOException {
            com.fasterxml.jackson.databind.node.ObjectNode files = JSON.createObjectNode();
            for (String extension : format.documentFiles()) {
                Path file = output.resolve(id + extension);
                if (Files.isRegularFile(file)) {
                    files.put(id + extension, ModelFingerprint.sha256(file));
                }
            }
            return JSON.createObjectNode().set("files", files);
        }

        @Override
        public boolean intact(String document, JsonNode kept) {
            if (writer == null) {
                return true; // a collection file: rebuilt whole by every run
            }
            JsonNode files = kept == null ? null : kept.get("files");
            if (files == null || files.size() < format.documentFiles().size()) {
                return false;
            }
            for (var file : (Iterable<Map.Entry<String, JsonNode>>) files::fields) {
                try {
                    Path path = output.resolve(file.getKey());
                    if (!Files.isRegularFile(path) || !ModelFingerprint.sha256(path).equals(file.getValue().asText())) {
                        return false;
                    }
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void removed(String document, JsonNode kept) throws IOException {
            if (writer == null) {
                return; // a collection file: rebuilt whole by every run
            }
            List<String> names = new ArrayList<>();
            JsonNode files = kept == null ? null : kept.get("files");
            if (files != null) {
                files.fieldNames().forEachRemaining(names::add);
            } else {
                // not finished (killed or failed while its outputs were written): whatever of them exists
                format.documentFiles().forEach(extension -> names.add(document + extension));
            }
            for (String name : names) {
                Path file = output.resolve(name).normalize();
                if (file.startsWith(output.normalize())) {
                    Files.deleteIfExists(file);
                }
            }
        }

        @Override
        public void skipped(String document, JsonNode kept) throws IOException {
            if (writer != null || output == null) {
                return;
            }
            if (kept == null) {
                throw new IOException(document + ": the journal has no " + format + " output for it; rerun with"
                        + " --no-resume");
            }
            if (format != Format.tsv) {
                collected.append(kept.asText());
                return;
            }
            for (JsonNode row : kept) {
                // a journal of a run before the code column has no fifth element: no code
                tsvMentions.add(new CodedMention(new Mention(document, row.get(0).asText(), row.get(1).asInt(),
                        row.get(2).asInt(), row.get(3).asText()), row.path(4).isTextual() ? row.get(4).asText() : null));
                mentions++;
            }
        }

        @Override
        public void progress(int done, int totalEstimate, boolean failed) {
            progress.update(done, totalEstimate, failed);
        }

        @Override
        public void finish() throws Exception {
            if (writer != null) {
                writer.collectionProcessComplete();
                writer.destroy();
            } else if (output != null && format == Format.tsv) {
                LivingNerTsv.writeCoded(singleFile(output, format) ? output
                        : output.resolve(LivingNerTsvWriter.DEFAULT_FILE_NAME), tsvMentions);
            } else if (output != null) {
                Path file = singleFile(output, format) ? output : output.resolve(JSONL_FILE_NAME);
                AtomicFiles.write(file, collected.toString().getBytes(StandardCharsets.UTF_8));
            }
        }

        /** Prints the document's mentions (TSV, JSON lines or IOB2) to stdout. */
        private void print(JCas jcas, String id, List<Mention> found) throws IOException {
            if (format != Format.tsv) {
                out.print(part(jcas, id, found));
                out.flush();
                return;
            }
            if (!headerPrinted) {
                out.println(LivingNerTsv.header(true));
                headerPrinted = true;
            }
            int mark = 0;
            for (CodedMention cp : codePointMentions(jcas, id)) {
                out.println(LivingNerTsv.line(cp.mention(), ++mark, cp.code(), true));
            }
            out.flush();
        }

        /** The document's mentions with their codes, offsets in code points of the file as read (as TSV counts). */
        private List<CodedMention> codePointMentions(JCas jcas, String id) {
            List<CodedMention> coded = new ArrayList<>();
            for (CodedMention m : CasMentions.coded(jcas, id)) {
                coded.add(new CodedMention(LivingNerTsv.withCodePointOffsets(m.mention(), jcas.getDocumentText(),
                        Documents.removedPrefix(jcas)), m.code()));
            }
            return coded;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The writer of a per-document format. DKPro's file writers (json, brat, xmi, html) are told to overwrite: a
     * resumed run writes again the documents an earlier one did not finish, a {@code --no-resume} run all of them.
     */
    static AnalysisEngineDescription writer(Format format, String target) throws Exception {
        return writer(format, target, null);
    }

    /** As above; the HTML pages name the codes' taxa from {@code taxonomy} (a taxdump directory, null: shipped). */
    static AnalysisEngineDescription writer(Format format, String target, String taxonomy) throws Exception {
        if (format == Format.html && taxonomy != null) {
            return AnalysisEngineFactory.createEngineDescription(LivingNerHtmlWriter.class,
                    JCasFileWriter_ImplBase.PARAM_TARGET_LOCATION, target,
                    JCasFileWriter_ImplBase.PARAM_OVERWRITE, true,
                    LivingNerHtmlWriter.PARAM_TAXONOMY_LOCATION, taxonomy);
        }
        Class<? extends JCasFileWriter_ImplBase> fileWriter = switch (format) {
            case brat -> LivingNerBratWriter.class;
            case xmi -> LivingNerXmiWriter.class;
            case json -> LivingNerJsonWriter.class;
            case html -> LivingNerHtmlWriter.class;
            case iob2 -> null;
            case tsv, jsonl -> throw new IllegalArgumentException(format + " is one file for the whole collection");
        };
        if (fileWriter != null) {
            return AnalysisEngineFactory.createEngineDescription(fileWriter,
                    JCasFileWriter_ImplBase.PARAM_TARGET_LOCATION, target,
                    JCasFileWriter_ImplBase.PARAM_OVERWRITE, true);
        }
        return AnalysisEngineFactory.createEngineDescription(Iob2Writer.class, Iob2Writer.PARAM_TARGET_LOCATION,
                target);
    }
}
