package org.livingner.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.bert.modeling.Checkpoints;
import org.livingner.bert.io.RawTensor;
import org.livingner.train.Trainer;
import org.livingner.train.Distillation;
import org.livingner.train.SoftTargets;
import org.livingner.train.TrainingOptions;
import org.livingner.corpus.DevSplit;
import org.livingner.train.MentionReplacement;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code livingner train}: fine-tunes a BERT token classifier on IOB2 sentences. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Fine-tunes or distils a BERT token classifier.",
                "Fine-tunes a BERT token classifier (AdamW, linear schedule, gradient clipping at norm 1) on "
                + "IOB2 sentences and keeps the epoch with the best strict dev F1 in -o DIR (Hugging Face layout), "
                + "with DIR/train-log.jsonl.",
                "Checkpoints go to DIR/checkpoint/ every --checkpoint-minutes and at each epoch end; running the "
                        + "same command again resumes a killed run and ends as the uninterrupted run would.",
                "Defaults are the reference recipe: lr 5e-5, batch 8, 7 epochs, no warm-up, linear decay, seed 42."})
public final class TrainCommand implements Callable<Integer> {

    private static final Pattern LAYER_KEY = Pattern.compile("^bert\\.encoder\\.layer\\.(\\d+)\\.");

    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE.iob2", description = "Tagged IOB2 training sentences.")
    Path train;

    @ArgGroup(exclusive = true)
    DevSource devSource = new DevSource();

    static final class DevSource {
        @Option(names = "--dev", paramLabel = "FILE.iob2", description = "Tagged IOB2 sentences for model selection.")
        Path dev;

        @Option(names = "--dev-fraction", paramLabel = "F", defaultValue = "0.1",
                description = "Without --dev: share of --train held out as dev, seeded split with seed 42 "
                        + "(default: ${DEFAULT-VALUE}).")
        double devFraction = DevSplit.DEFAULT_DEV_FRACTION;

        @Option(names = "--no-dev", description = "Train on all of --train, no dev scoring; the last epoch is kept.")
        boolean noDev;
    }

    @Option(names = "--init", paramLabel = "MODEL_DIR",
            description = "Model to start from: a base BERT (e.g. from 'livingner convert-mbert'; gets a fresh "
                    + "classifier) or a token classifier (kept when its labels are the training data's).")
    Path init;

    @Option(names = "--config", paramLabel = "config.json",
            description = "Without --init: start from random weights of this shape (needs --tokenizer).")
    Path config;

    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "Without --init: directory with the tokenizer (tokenizer.json or vocab.txt).")
    Path tokenizerDir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output model directory.")
    Path out;

    @Option(names = "--lr", defaultValue = "5e-5", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", defaultValue = "8", description = "Sentences per update (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "7", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-length", defaultValue = "128",
            description = "Longest input in subwords incl. [CLS]/[SEP]; longer sentences are cut at word "
                    + "boundaries (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--warmup-ratio", defaultValue = "0.0",
            description = "Share of updates for linear warm-up; 0 as the reference recipe (default: ${DEFAULT-VALUE}).")
    double warmupRatio;

    @Option(names = "--weight-decay", defaultValue = "0.01",
            description = "Decoupled weight decay, not on biases and LayerNorm weights (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of data order, dropout and a fresh classifier (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch intra-op threads (default: engine's).")
    Integer threads;

    @Option(names = "--freeze-embeddings", description = "Keep the word-embedding matrix fixed.")
    boolean freezeEmbeddings;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after N updates; 0: no limit.")
    long maxSteps;

    @Option(names = "--layers", paramLabel = "N", description = "Keep only the first N encoder layers of the initial model.")
    Integer layers;

    @Option(names = "--eval-every-epoch", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Score dev after every epoch (default: ${DEFAULT-VALUE}); --no-eval-every-epoch scores "
                    + "only after the last.")
    boolean evalEveryEpoch;

    @Option(names = "--corpus-words",
            description = {"Train on the corpus's tokens as they are. Default: on the model's own words inside them"
                    + " (SARS-CoV-2 is SARS, -, CoV, -, 2; the token's tag on the first, the mention continued on the"
                    + " rest), which is how the annotator reads raw text."})
    boolean corpusWords;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1",
            description = {"Train each sentence inside a window of N consecutive sentences of --train (N-1 "
                    + "unlabelled neighbours, as the annotator's --window / PARAM_WINDOW_SENTENCES reads documents), "
                    + "the loss on the middle one; the nearest context that fits in --max-length is kept; dev "
                    + "scoring uses the same windows (default: ${DEFAULT-VALUE}: sentences alone)."})
    int window;

    @Option(names = "--pack", paramLabel = "N", defaultValue = "0",
            description = {"Train on packed sequences of up to N subwords, as `annotate --context packed` reads "
                    + "documents: consecutive sentences of --train (and of dev) are taken as documents of "
                    + "--pack-document-sentences, packed into sequences of several whole sentences with "
                    + "--pack-context subwords of unlabelled context on each side, and the loss is on the sentences'"
                    + " words. N is also the max length (leave --max-length out or give the same). 0: off "
                    + "(default: ${DEFAULT-VALUE}). The annotator's default is 256."})
    int pack;

    @Mixin
    PackingOptions packing = new PackingOptions();

    @Option(names = "--teacher", paramLabel = "MODEL_DIR",
            description = {"Distil from this fine-tuned token classifier (same labels): the loss adds its soft "
                    + "targets, computed once before training from its own tokenization of the same words, so it may "
                    + "have another vocabulary and depth than the student (--init)."})
    Path teacher;

    @Option(names = "--teacher-targets", paramLabel = "FILE", split = ",",
            description = {"Distil from soft targets stored by 'livingner teach' instead of a live --teacher: one"
                    + " file, or several (comma-separated) whose distributions are averaged word by word (an"
                    + " ensemble). Every training sentence must be in each file."})
    List<Path> teacherTargets;

    @Option(names = "--distill-alpha", defaultValue = "0.5",
            description = "With --teacher or --teacher-targets: weight of the soft targets; the gold labels get 1 - alpha "
                    + "(default: ${DEFAULT-VALUE}).")
    double distillAlpha;

    @Option(names = "--temperature", defaultValue = "2.0",
            description = "With --teacher or --teacher-targets: softmax temperature of the soft targets"
                    + " (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--replace-species", paramLabel = "FILE",
            description = {"Mention replacement: also train on a copy of each training sentence with SPECIES"
                    + " mentions, each of them replaced with probability --replace-probability (at least one per"
                    + " copy) by a name drawn from FILE (one name a line, UTF-8; '#' starts a comment line). The dev"
                    + " sentences are never copied. With --teacher-targets a copy's kept words take their source"
                    + " words' stored targets and the names put in their gold labels."})
    Path replaceSpecies;

    @Option(names = "--replace-probability", paramLabel = "P", defaultValue = "0.5",
            description = "With --replace-species: chance that a mention is replaced in its copy (default: ${DEFAULT-VALUE}).")
    double replaceProbability;

    @Option(names = "--save-epochs", description = "Also keep each epoch's model in DIR/epoch-N (the snapshots of"
            + " one run, e.g. for an ensemble of stored teachers: livingner teach --model DIR/epoch-N).")
    boolean saveEpochs;

    @Option(names = "--checkpoint-minutes", defaultValue = "10",
            description = "Minutes between checkpoints inside an epoch (default: ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                java.nio.charset.StandardCharsets.UTF_8);
        ContextPacker packer = null;
        if (pack != 0) {
            boolean maxLengthGiven = spec.commandLine().getParseResult().hasMatchedOption("--max-length");
            if (maxLengthGiven && maxLength != pack) {
                throw new ParameterException(spec.commandLine(), "--pack " + pack + " sets the max length; "
                        + "--max-length " + maxLength + " differs (leave it out or give " + pack + ")");
            }
            if (window != 1) {
                throw new ParameterException(spec.commandLine(), "--pack and --window " + window
                        + " exclude each other: packed sequences bring their own context");
            }
            packer = packing.packer(spec, pack);
            maxLength = pack;
        }
        TrainingOptions options;
        try {
            options = new TrainingOptions(lr, batchSize, epochs, maxLength, warmupRatio, weightDecay, 1.0, seed,
                    freezeEmbeddings, maxSteps, evalEveryEpoch, checkpointMinutes, 0,
                    TrainingOptions.defaults().megaBatchFactor());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if ((init == null) == (config == null)) {
            throw new ParameterException(spec.commandLine(),
                    "give either --init MODEL_DIR or --config config.json with --tokenizer DIR");
        }
        if (config != null && tokenizerDir == null) {
            throw new ParameterException(spec.commandLine(), "--config needs --tokenizer DIR");
        }
        Distillation distillation = null;
        if (teacher != null && teacherTargets != null) {
            throw new ParameterException(spec.commandLine(), "--teacher and --teacher-targets exclude each other:"
                    + " give the teacher, or the soft targets 'livingner teach' stored from it");
        }
        if (teacher != null && !Files.isRegularFile(teacher.resolve("config.json"))) {
            throw new ParameterException(spec.commandLine(), "--teacher " + teacher
                    + ": no config.json there (expected a fine-tuned token-classifier directory)");
        }
        SoftTargets.Ensemble storedTargets = teacherTargets == null ? null : SoftTargets.Ensemble.read(teacherTargets);
        if (teacher != null || storedTargets != null) {
            try {
                distillation = new Distillation(distillAlpha, temperature);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (window < 1) {
            throw new ParameterException(spec.commandLine(), "--window must be at least 1, got " + window);
        }
        if (layers != null && layers <= 0) {
            throw new ParameterException(spec.commandLine(), "--layers must be positive, got " + layers);
        }
        List<Iob2Sentence> all = Iob2Corpus.read(train);
        List<Iob2Sentence> trainSet;
        List<Iob2Sentence> devSet;
        if (devSource.dev != null) {
            trainSet = all;
            devSet = Iob2Corpus.read(devSource.dev);
        } else if (devSource.noDev) {
            trainSet = all;
            devSet = List.of();
        } else {
            DevSplit.Split<Iob2Sentence> split = DevSplit.split(all, devSource.devFraction, DevSplit.DEFAULT_SEED);
            trainSet = split.train();
            devSet = split.dev();
            stdout.printf(Locale.ROOT, "dev split: %d of %d sentences (fraction %.2f, seed %d); training on %d%n",
                    devSet.size(), all.size(), devSource.devFraction, DevSplit.DEFAULT_SEED, trainSet.size());
        }
        List<MentionReplacement.Copy> copies = List.of();
        if (replaceSpecies != null) {
            MentionReplacement replacement;
            try {
                replacement = new MentionReplacement("SPECIES",
                        Files.readAllLines(replaceSpecies, java.nio.charset.StandardCharsets.UTF_8), replaceProbability);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--replace-species " + replaceSpecies + ": "
                        + e.getMessage());
            }
            copies = replacement.copiesOf(trainSet, seed);
            trainSet = new java.util.ArrayList<>(trainSet);
            for (MentionReplacement.Copy copy : copies) {
                trainSet.add(copy.sentence());
            }
            stdout.printf(Locale.ROOT, "mention replacement: %d copies of sentences with SPECIES mentions, names from"
                    + " %s (%d names); training on %d sentences%n", copies.size(), replaceSpecies,
                    replacement.names(), trainSet.size());
        }
        Engine.getEngine("PyTorch");
        if (threads != null) {
            JniUtils.setNumThreads(threads);
        }
        try (BertTokenizer tokenizer = BertTokenizer.load(init != null ? init : tokenizerDir)) {
            Trainer.ModelFactory factory = init != null ? fromInit(init) : fromConfig(config, tokenizer);
            long t0 = System.nanoTime();
            Trainer trainer = new Trainer(options, stdout).windowSentences(window).corpusWords(corpusWords)
                    .saveEpochs(saveEpochs).replacementCopies(copies);
            if (packer != null) {
                trainer.pack(packer, packing.packDocumentSentences);
            }
            if (teacher != null) {
                trainer.distillFrom(teacher, distillation);
            } else if (storedTargets != null) {
                trainer.distillFrom(storedTargets, distillation);
            }
            Trainer.Result r;
            try {
                r = trainer.train(factory, tokenizer, trainSet, devSet, out);
            } catch (IllegalArgumentException e) {
                // bad data or settings found once the data is read: say what, without a stack trace
                spec.commandLine().getErr().println("livingner train: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 2;
            }
            stdout.printf(Locale.ROOT, "done: %d updates in %.0f s; %s; model in %s; peak RSS %s%n", r.steps(),
                    (System.nanoTime() - t0) / 1e9,
                    devSet.isEmpty() ? "last epoch kept"
                            : String.format(Locale.ROOT, "best dev F1=%.4f at epoch %d", r.bestF1(), r.bestEpoch()),
                    out, peakRss());
        }
        return 0;
    }

    private Trainer.ModelFactory fromInit(Path dir) {
        return (labels, manager) -> {
            BertConfig cfg = BertConfig.load(dir.resolve("config.json"));
            Map<String, RawTensor> weights = new LinkedHashMap<>(Checkpoints.load(dir, cfg, false));
            if (layers != null) {
                if (layers > cfg.numHiddenLayers()) {
                    throw new IllegalArgumentException("--layers " + layers + " but " + dir + " has only "
                            + cfg.numHiddenLayers() + " layers");
                }
                weights.keySet().removeIf(k -> {
                    Matcher m = LAYER_KEY.matcher(k);
                    return m.find() && Integer.parseInt(m.group(1)) >= layers;
                });
                cfg = cfg.withNumHiddenLayers(layers);
            }
            boolean keepHead = weights.containsKey("classifier.weight") && cfg.labels().equals(labels);
            if (keepHead) {
                return BertForTokenClassification.fromWeights(cfg, weights, manager);
            }
            // placeholders of the right shape; resetClassifier draws the real fresh head from --seed
            weights.put("classifier.weight", RawTensor.ofFloats(new long[] {labels.size(), cfg.hiddenSize()},
                    new float[labels.size() * cfg.hiddenSize()]));
            weights.put("classifier.bias", RawTensor.ofFloats(new long[] {labels.size()}, new float[labels.size()]));
            BertForTokenClassification model = BertForTokenClassification.fromWeights(cfg.withLabels(labels), weights,
                    manager);
            model.resetClassifier(labels, seed);
            return model;
        };
    }

    private Trainer.ModelFactory fromConfig(Path configFile, BertTokenizer tokenizer) throws IOException {
        BertConfig cfg = BertConfig.load(configFile);
        if (cfg.vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException(configFile + ": vocab_size " + cfg.vocabSize()
                    + " differs from the tokenizer's " + tokenizer.vocabSize() + " pieces in " + tokenizerDir);
        }
        BertConfig shaped = layers != null ? cfg.withNumHiddenLayers(layers) : cfg;
        return (labels, manager) -> BertForTokenClassification.random(shaped.withLabels(labels), seed, manager);
    }

    /** Peak resident set size of this process (VmHWM), or "unknown" off Linux. */
    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format(Locale.ROOT, "%.2f GB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
        return "unknown";
    }
}
