package org.livingner.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.scoring.Scores;
import org.livingner.train.ModelWordSplit;
import org.livingner.train.SoftTargets;
import org.livingner.train.TeacherPass;
import org.livingner.train.TrainingProgress;
import org.livingner.uima.batch.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code livingner teach}: runs a fine-tuned teacher once over a training file and stores its distribution for every
 * word ({@link SoftTargets}), so that students can be distilled from it, alone or with other teachers, without the
 * teacher (its 700 MB or the hours that trained it).
 */
@Command(name = "teach", mixinStandardHelpOptions = true,
        description = {"Stores a teacher's soft targets for distilling.",
                "Runs a fine-tuned token classifier (--model) over every sentence of --train, read as train reads"
                + " them (the dev split's training part packed as training packs it, its dev part as dev scoring"
                + " does), and writes each word's label distribution to -o FILE (gzip; a few hundred kB for"
                + " LivingNER's train.iob2). 'livingner train --teacher-targets FILE[,FILE...]' distils from one or"
                + " the mean of several; 'livingner score-targets' scores them on the dev part."})
public final class TeachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "The teacher: a fine-tuned token-classifier directory (Hugging Face layout).")
    Path model;

    @Option(names = "--train", required = true, paramLabel = "FILE.iob2",
            description = "The training file students will be trained on (tagged IOB2).")
    Path train;

    @Option(names = "--dev-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "The dev split train uses (seed " + DevSplit.DEFAULT_SEED + "): its dev part is read as dev"
                    + " scoring reads it and marked dev; 0: every sentence is training (default: ${DEFAULT-VALUE}).")
    double devFraction;

    @Option(names = "--pack", paramLabel = "N", defaultValue = "256",
            description = "Read the sentences packed into sequences of up to N subwords, as 'train --pack N' does;"
                    + " 0: each sentence alone (default: ${DEFAULT-VALUE}).")
    int pack;

    @Mixin
    PackingOptions packing = new PackingOptions();

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "128",
            description = "With --pack 0: longest input in subwords (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch intra-op threads (default: engine's).")
    Integer threads;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Where to write the soft targets (conventionally NAME.soft.gz).")
    Path output;

    private final PrintStream out;
    private final PrintStream err;

    public TeachCommand() {
        this(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                java.nio.charset.StandardCharsets.UTF_8), System.err);
    }

    TeachCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (!(devFraction >= 0 && devFraction < 1)) {
            throw new ParameterException(spec.commandLine(), "--dev-fraction must be in [0, 1), got " + devFraction);
        }
        if (!Files.isRegularFile(model.resolve("config.json"))) {
            throw new ParameterException(spec.commandLine(), "--model " + model
                    + ": no config.json there (expected a fine-tuned token-classifier directory)");
        }
        ContextPacker packer = pack == 0 ? null : packing.packer(spec, pack);
        int length = pack == 0 ? maxLength : pack;
        try {
            List<Iob2Sentence> all = Iob2Corpus.read(train);
            DevSplit.Split<Iob2Sentence> split = DevSplit.split(all, devFraction, DevSplit.DEFAULT_SEED);
            Engine.getEngine("PyTorch");
            if (threads != null) {
                JniUtils.setNumThreads(threads);
            }
            long t0 = System.nanoTime();
            BertConfig config = BertConfig.load(model.resolve("config.json"));
            List<String> parts = new ArrayList<>();
            List<Iob2Sentence> sentences = new ArrayList<>();
            List<float[]> logProbabilities = new ArrayList<>();
            List<Iob2Sentence> dev;
            try (NDManager manager = NDManager.newBaseManager("PyTorch");
                 BertTokenizer tokenizer = BertTokenizer.load(model);
                 BertForTokenClassification teacher = BertForTokenClassification.load(model, config, manager)) {
                tokenizer.checkFits(config, model.resolve("config.json"));
                List<Iob2Sentence> trainPart = ModelWordSplit.apply(split.train(), tokenizer);
                dev = ModelWordSplit.apply(split.dev(), tokenizer);
                out.printf(Locale.ROOT, "teacher %s (%d layers) over %s: %d training and %d dev sentences, %s%n",
                        model, config.numHiddenLayers(), train, trainPart.size(), dev.size(), reading(packer, length));
                for (var part : List.of(new Part("train", trainPart), new Part("dev", dev))) {
                    if (part.sentences().isEmpty()) {
                        continue;
                    }
                    try (TrainingProgress.Counter progress = new TrainingProgress.Counter("teacher, " + part.name()
                            + " part", "inputs", part.sentences().size(), out, java.time.Duration.ofSeconds(30))) {
                        logProbabilities.addAll(TeacherPass.logProbabilities(teacher, tokenizer, part.sentences(),
                                packer, packing.packDocumentSentences, length, manager, progress::update));
                    }
                    sentences.addAll(part.sentences());
                    parts.addAll(Collections.nCopies(part.sentences().size(), part.name()));
                }
                SoftTargets.Header header = SoftTargets.Header.of(config.labels(), model.toString() + " ("
                                + config.numHiddenLayers() + " layers)",
                        train.getFileName() + ", " + all.size() + " sentences, dev fraction " + devFraction
                                + " seed " + DevSplit.DEFAULT_SEED, reading(packer, length));
                int written = SoftTargets.write(output, header, parts, sentences, logProbabilities);
                out.printf(Locale.ROOT, "wrote %s: %d sentences (%d repeated word for word kept once), %d kB, in %.0f s%n",
                        output, written, sentences.size() - written, Files.size(output) / 1024,
                        (System.nanoTime() - t0) / 1e9);
            }
            if (!dev.isEmpty()) {
                Scores scores = SoftTargets.Ensemble.read(List.of(output)).score(dev);
                out.println("its dev part: " + ScoreTargetsCommand.format(scores));
            }
            return 0;
        } catch (Exception e) {
            err.println("livingner teach: " + Failure.reason(e));
            return 2;
        }
    }

    private record Part(String name, List<Iob2Sentence> sentences) {
    }

    private String reading(ContextPacker packer, int length) {
        return packer == null ? "each sentence alone, at most " + length + " subwords"
                : "packed " + packer.length() + "/" + packer.context() + " in documents of " + packing.packDocumentSentences
                + " sentences";
    }
}
