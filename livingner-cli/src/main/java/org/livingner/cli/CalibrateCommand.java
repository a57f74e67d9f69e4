package org.livingner.cli;

import org.livingner.bert.tagging.Calibration;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.bert.tokenization.Word;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.onnx.OnnxForwardPass;
import org.livingner.onnx.Precision;
import org.livingner.train.ModelWordSplit;
import org.livingner.uima.LivingNerAnnotator;
import org.livingner.uima.ModelLocations;
import org.livingner.uima.PipelineSettings;
import org.livingner.uima.batch.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code livingner calibrate}: fits the temperature of a model's word probabilities ({@link Calibration}) on labelled
 * sentences the model did not learn from, and writes it into the model directory, so that mention confidences and
 * {@code --min-confidence} mean something.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Fits the confidence of a model on held-out sentences.",
                "Reads labelled sentences (with --dev-split, the dev part the trainer held out) as the annotator"
                + " reads documents (the model's own words, packed), fits the one temperature that makes the model's"
                + " word probabilities most likely on their gold labels, and writes it as calibration.json into the"
                + " model directory (or -o DIR). Labels never change; confidences do."})
public final class CalibrateCommand implements Callable<Integer> {

    @Option(names = PipelineSettings.OPTION_MODEL, paramLabel = "M",
            description = "Model: a directory, classpath:PATH or hf:ORG/NAME[@REVISION]. Default: the embedded model.")
    String model;

    @Option(names = PipelineSettings.OPTION_PRECISION, paramLabel = "auto|int8|fp32",
            defaultValue = PipelineSettings.DEFAULT_PRECISION,
            description = "Arithmetic of the forward pass the confidence is fitted for, as annotate's --precision"
                    + " (default: ${DEFAULT-VALUE}: the model's own choice, int8 for the embedded model).")
    String precision;

    @Option(names = "--gold", required = true, paramLabel = "FILE.iob2",
            description = "Labelled sentences the model did not learn from (IOB2).")
    Path gold;

    @Option(names = "--dev-split", description = "Fit on the dev part of --gold only: the sentences the trainer"
            + " holds out (see --dev-fraction, --seed).")
    boolean devSplit;

    @Mixin
    DevSplitOptions split = new DevSplitOptions();

    @Option(names = "--sentences-per-document", paramLabel = "S", defaultValue = "100",
            description = "Consecutive sentences read as one document, as evaluate reads them (default: ${DEFAULT-VALUE}).")
    int sentencesPerDocument;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Directory to write calibration.json into (default: the --model directory; required for"
                    + " the embedded and hub models, whose directories are caches).")
    Path output;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    public CalibrateCommand() {
        this(System.out, System.err);
    }

    CalibrateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Path target = output;
        if (target == null) {
            if (model == null || !Files.isDirectory(Path.of(model))) {
                throw new ParameterException(spec.commandLine(), "give -o DIR: the model "
                        + (model == null ? "(the embedded one)" : model) + " is not a directory to write into");
            }
            target = Path.of(model);
        }
        if (sentencesPerDocument < 1) {
            throw new ParameterException(spec.commandLine(), "--sentences-per-document must be at least 1, got "
                    + sentencesPerDocument);
        }
        try {
            List<Iob2Sentence> sentences = Iob2Corpus.read(gold);
            if (devSplit) {
                split.part(true);
                sentences = DevSplit.split(sentences, split.devFraction, split.seed).dev();
            }
            Calibration.Fit fit;
            Path dir = ModelLocations.resolve(model);
            Precision arithmetic = Precision.resolve(precision, dir, PipelineSettings.OPTION_PRECISION);
            try (TokenClassifier classifier = TokenClassifier.load(dir, TokenClassifier.Options.defaults(), null,
                    OnnxForwardPass.factory(arithmetic))) {
                fit = fit(classifier, sentences);
            }
            Files.createDirectories(target);
            String fittedOn = gold.getFileName() + ", " + split.describe(devSplit) + ", " + sentences.size()
                    + " sentences, " + arithmetic.name().toLowerCase(Locale.ROOT);
            fit.calibration().write(target, fittedOn, fit);
            out.printf(Locale.ROOT, "temperature %.4f fitted on %d words of %s: mean NLL %.4f at T=1, %.4f at T=%.4f%n",
                    fit.calibration().temperature(), fit.words(), fittedOn, fit.nllBefore(), fit.nllAfter(),
                    fit.calibration().temperature());
            err.println("wrote " + target.resolve(Calibration.FILE));
            return 0;
        } catch (Exception e) {
            err.println("livingner calibrate: " + Failure.reason(e));
            return 2;
        }
    }

    /** The words of the sentences in the model's own segmentation, read in documents as the annotator reads them. */
    private Calibration.Fit fit(TokenClassifier classifier, List<Iob2Sentence> sentences) {
        List<String> labels = classifier.config().labels();
        ContextPacker packer = LivingNerAnnotator.packer(PipelineSettings.DEFAULT_PACKED_LENGTH,
                PipelineSettings.DEFAULT_PACKED_CONTEXT, classifier.maxSequenceLength());
        List<float[]> distributions = new ArrayList<>();
        List<Integer> goldLabels = new ArrayList<>();
        int documents = (sentences.size() + sentencesPerDocument - 1) / sentencesPerDocument;
        try (ProgressReporter progress = ProgressReporter.of("calibrate", err, ProgressReporter.onTerminal(err))) {
            for (int d = 0; d < documents; d++) {
                List<Iob2Sentence> doc = sentences.subList(d * sentencesPerDocument,
                        Math.min(sentences.size(), (d + 1) * sentencesPerDocument));
                List<List<Word>> words = new ArrayList<>();
                for (Iob2Sentence s : doc) {
                    Iob2Sentence split = ModelWordSplit.apply(s, classifier.tokenizer());
                    int[] begins = split.tokenBegins();
                    int[] ends = split.tokenEnds();
                    List<Word> sentence = new ArrayList<>();
                    for (int i = 0; i < split.size(); i++) {
                        sentence.add(new Word(split.tokens().get(i), begins[i], ends[i]));
                        int label = labels.indexOf(split.tags().get(i));
                        if (label < 0) {
                            throw new IllegalArgumentException(gold + ": tag " + split.tags().get(i)
                                    + " is not one of the model's labels " + labels);
                        }
                        goldLabels.add(label);
                    }
                    words.add(sentence);
                }
                for (List<float[]> sentence : classifier.wordDistributions(List.of(words), packer).get(0)) {
                    distributions.addAll(sentence);
                }
                progress.update(d + 1, documents, false);
            }
        }
        return Calibration.fit(distributions, goldLabels.stream().mapToInt(Integer::intValue).toArray());
    }
}
