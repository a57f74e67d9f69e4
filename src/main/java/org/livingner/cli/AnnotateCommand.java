package org.livingner.cli;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.jcas.JCas;
import org.livingner.eval.LivingNerTsv;
import org.livingner.eval.Mention;
import org.livingner.uima.CasMentions;
import org.livingner.uima.CollectionRunner;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.io.BratWriter;
import org.livingner.uima.io.Documents;
import org.livingner.uima.io.Iob2Writer;
import org.livingner.uima.io.JsonWriter;
import org.livingner.uima.io.LivingNerTsvWriter;
import org.livingner.uima.io.XmiWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code livingner annotate [--model M] [--format tsv|brat|xmi|json|iob2] [--window 3] IN... -o OUT}. */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = {"Finds HUMAN and SPECIES mentions in documents.",
                "IN: .txt files, directories of them, .iob2 files (tokens in the first column), or a LivingNER .tsv"
                        + " with its .txt documents. Without -o the mentions are printed (tsv or iob2).",
                "Exit code: 0 when every document was annotated, 1 when some failed (each is reported), 2 when"
                        + " nothing could run."})
public final class AnnotateCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format { tsv, brat, xmi, json, iob2 }

    @Mixin
    ModelOptions model;

    @Option(names = "--format", defaultValue = "tsv",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output directory; for tsv and iob2 also a single .tsv / .iob2 file.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Input files or directories.")
    List<Path> inputs;

    private final PrintStream out;
    private final PrintStream err;
    private boolean headerPrinted;

    public AnnotateCommand() {
        this(System.out, System.err);
    }

    AnnotateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            if (output == null && format != Format.tsv && format != Format.iob2) {
                err.println("livingner annotate: --format " + format + " writes one file per document: give -o DIR");
                return 2;
            }
            List<CollectionReaderDescription> readers = Inputs.readers(inputs, false, 0);
            List<AnalysisEngineDescription> engines = new ArrayList<>();
            engines.add(LivingNerPipeline.create(model.pipeline()));
            if (output != null) {
                engines.add(writer(format, output.toString()));
            }
            int[] mentions = {0};
            CollectionRunner.Result result;
            try (ProgressReporter progress = ProgressReporter.forStderr("annotate")) {
                result = CollectionRunner.run(readers, (jcas, failed, done, total) -> {
                    if (!failed) {
                        mentions[0] += print(jcas);
                    }
                    progress.update(done, total, failed);
                }, engines.toArray(AnalysisEngineDescription[]::new));
            }
            for (CollectionRunner.Failure failure : result.failures()) {
                err.println("FAILED " + failure);
            }
            err.printf("annotated %d documents (%d mentions)%s%s%n", result.processed(), mentions[0],
                    output == null ? "" : " -> " + output,
                    result.failures().isEmpty() ? "" : "; " + result.failures().size() + " failed (listed above)");
            return result.failures().isEmpty() ? 0 : 1;
        } catch (Exception e) {
            err.println("livingner annotate: " + Errors.describe(e));
            return 2;
        }
    }

    /** Prints the document's mentions when there is no output file; returns how many it has. */
    private int print(JCas jcas) {
        if (output == null && format == Format.tsv && !headerPrinted) {
            out.println(String.join("\t", LivingNerTsv.COLUMNS));
            headerPrinted = true;
        }
        String id = Documents.id(jcas);
        List<Mention> mentions = CasMentions.of(jcas, id);
        if (output == null) {
            if (format == Format.iob2) {
                out.print(Iob2Writer.format(jcas, mentions));
            } else {
                int mark = 0;
                for (Mention m : mentions) {
                    Mention cp = LivingNerTsv.withCodePointOffsets(m, jcas.getDocumentText());
                    out.println(id + "\tT" + (++mark) + "\t" + cp.label() + "\t" + cp.begin() + "\t" + cp.end() + "\t"
                            + cp.text().replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
                }
            }
            out.flush();
        }
        return mentions.size();
    }

    static AnalysisEngineDescription writer(Format format, String target) throws Exception {
        Class<? extends org.apache.uima.analysis_component.AnalysisComponent> writer = switch (format) {
            case tsv -> LivingNerTsvWriter.class;
            case brat -> BratWriter.class;
            case xmi -> XmiWriter.class;
            case json -> JsonWriter.class;
            case iob2 -> Iob2Writer.class;
        };
        return AnalysisEngineFactory.createEngineDescription(writer, "targetLocation", target);
    }
}
