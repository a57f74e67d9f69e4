package org.livingner.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.scoring.Scores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import java.util.function.ToIntFunction;

/**
 * Fine-tunes a BERT token classifier on IOB2 sentences with DJL autograd: AdamW, linear schedule, global-norm
 * clipping, length-grouped batches, loss on first subwords, dev scoring after each epoch, the best epoch's model
 * kept in the output directory, and regular checkpoints from which a killed run resumes to the same result.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    public static final String LOG_FILE = "train-log.jsonl";
    static final String WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight";

    /** Makes the model to start from, given the label set of the training data. */
    @FunctionalInterface
    public interface ModelFactory {
        BertForTokenClassification create(List<String> labels, NDManager manager) throws IOException;
    }

    /** One line of {@code train-log.jsonl}. Dev scores are null when the epoch was not evaluated. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EpochRecord(int epoch, long step, double loss, Double devPrecision, Double devRecall, Double devF1,
                              double subwordsPerSecond, double seconds, boolean best) {
    }

    /** What a run did. */
    public record Result(List<String> labels, List<EpochRecord> epochs, double bestF1, int bestEpoch, long steps,
                         boolean resumed) {
    }

    private final TrainingOptions options;
    private final PrintStream out;
    private Duration progressInterval = Duration.ofSeconds(30);
    private LongConsumer afterStep = step -> { };
    private Distillation distillation;
    private Path teacherDir;
    private SoftTargets.Ensemble storedTargets;
    private int windowSentences = 1;
    private ContextPacker packer;
    private int packDocumentSentences;
    private boolean corpusWords;
    private boolean saveEpochs;
    private List<MentionReplacement.Copy> copies = List.of();

    public Trainer(TrainingOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Interval of the plain progress lines (when there is no terminal). */
    public Trainer progressInterval(Duration interval) {
        this.progressInterval = interval;
        return this;
    }

    /** Trains against a fine-tuned teacher's soft targets as well as the gold labels (see {@link Distillation}). */
    public Trainer distillFrom(Path teacherDir, Distillation distillation) {
        this.teacherDir = teacherDir;
        this.storedTargets = null;
        this.distillation = distillation;
        return this;
    }

    /**
     * Trains against soft targets stored by {@code livingner teach} ({@link SoftTargets}), averaged over the files
     * of an ensemble, instead of running a teacher: every training sentence must be in them.
     */
    public Trainer distillFrom(SoftTargets.Ensemble targets, Distillation distillation) {
        this.teacherDir = null;
        this.storedTargets = targets;
        this.distillation = distillation;
        return this;
    }

    /**
     * Trains each sentence inside a window of {@code n} consecutive sentences of the training data (the annotator's
     * {@code PARAM_WINDOW_SENTENCES}), the loss on the middle one; dev scoring uses the same windows. 1: alone.
     */
    public Trainer windowSentences(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("window must be at least 1 sentence, got " + n);
        }
        this.windowSentences = n;
        return this;
    }

    /**
     * Trains on packed sequences, as the annotator reads documents with {@code --context packed}: the training (and
     * dev) sentences, taken as documents of {@code documentSentences} consecutive sentences, are packed by {@code
     * packer} (see {@link PackedSentences}); the packer's length must be the options' max length.
     */
    public Trainer pack(ContextPacker packer, int documentSentences) {
        if (packer.length() != options.maxLength()) {
            throw new IllegalArgumentException("packed length " + packer.length() + " must equal the max length "
                    + options.maxLength());
        }
        if (documentSentences < 1) {
            throw new IllegalArgumentException("sentences per document must be at least 1, got " + documentSentences);
        }
        this.packer = packer;
        this.packDocumentSentences = documentSentences;
        return this;
    }

    /**
     * Trains on the corpus's own tokens, as given, instead of the model's words inside them ({@link
     * ModelWordSplit}, the default, which is how the annotator reads text).
     */
    public Trainer corpusWords(boolean on) {
        this.corpusWords = on;
        return this;
    }

    /**
     * Also keeps each epoch's model, in {@code DIR/epoch-N}: the snapshots of one run, which {@code livingner teach}
     * can store as members of an ensemble.
     */
    public Trainer saveEpochs(boolean on) {
        this.saveEpochs = on;
        return this;
    }

    /**
     * Says that the last {@code copies.size()} sentences given to {@link #train} are these mention-replacement copies
     * of the sentences before them. Stored soft targets ({@link #distillFrom(SoftTargets.Ensemble, Distillation)})
     * know only the sources; the copies take their sources' targets ({@link CopiedTargets}). A live teacher reads
     * the copies themselves.
     */
    public Trainer replacementCopies(List<MentionReplacement.Copy> copies) {
        this.copies = List.copyOf(copies);
        return this;
    }

    /** Where {@link #saveEpochs} keeps epoch {@code epoch} (1-based) of a run in {@code outDir}. */
    public static Path epochDir(Path outDir, int epoch) {
        return outDir.resolve("epoch-" + epoch);
    }

    private String fingerprint() {
        return options.resumeFingerprint() + (windowSentences == 1 ? "" : " window=" + windowSentences)
                + (packer == null ? "" : " pack=" + packer.length() + "/" + packer.context() + "/"
                + packDocumentSentences)
                + (corpusWords ? " corpus-words" : "")
                + (distillation == null ? ""
                : distillation.fingerprint() + (storedTargets != null ? " soft-targets=" + storedTargets.fingerprint()
                : " teacher=" + teacherDir.toAbsolutePath().normalize()));
    }

    /** Called after every update with the number of updates done (tests use it to kill a run). */
    Trainer afterStep(LongConsumer listener) {
        this.afterStep = listener;
        return this;
    }

    /** The label set of training data: "O" first, then the other tags sorted. */
    public static List<String> collectLabels(List<Iob2Sentence> sentences) {
        TreeSet<String> tags = new TreeSet<>();
        sentences.forEach(s -> tags.addAll(s.tags()));
        tags.remove("O");
        List<String> labels = new ArrayList<>();
        labels.add("O");
        labels.addAll(tags);
        return labels;
    }

    /**
     * Trains, or resumes the run whose checkpoint is in {@code outDir}.
     *
     * @param dev sentences scored after each epoch to pick the best epoch; empty: the last epoch's model is kept
     */
    public Result train(ModelFactory factory, BertTokenizer tokenizer, List<Iob2Sentence> train,
                        List<Iob2Sentence> dev, Path outDir) throws IOException {
        int originals = train.size() - copies.size();
        for (int c = 0; c < copies.size(); c++) {
            MentionReplacement.Copy copy = copies.get(c);
            if (originals < 0 || copy.source() >= originals || !train.get(originals + c).equals(copy.sentence())) {
                throw new IllegalArgumentException("replacement copy " + (c + 1) + " of " + copies.size()
                        + " is not the training sentence " + (originals + c + 1) + " (copies come last, after the"
                        + " sentences they copy)");
            }
        }
        List<Iob2Sentence> corpusTrain = train;
        if (!corpusWords) {
            train = ModelWordSplit.apply(train, tokenizer);
            dev = ModelWordSplit.apply(dev, tokenizer);
        }
        if (packer != null && windowSentences > 1) {
            throw new IllegalArgumentException("packing and sentence windows exclude each other (window "
                    + windowSentences + ")");
        }
        int givenSentences = train.size();
        List<Iob2Sentence> given = train;
        TrainingUnits trainUnits = TrainingUnits.of(train, tokenizer::wordPieces, packer, packDocumentSentences,
                windowSentences);
        TrainingUnits devUnits = TrainingUnits.of(dev, tokenizer::wordPieces, packer, packDocumentSentences,
                windowSentences);
        train = trainUnits.units();
        dev = devUnits.units();
        SentenceContexts trainContexts = trainUnits.contexts();
        SentenceContexts devContexts = devUnits.contexts();
        List<String> labels = collectLabels(train);
        Map<String, Integer> labelIds = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            labelIds.put(labels.get(i), i);
        }
        SentenceEncoder encoder = new SentenceEncoder(tokenizer::wordPieces, tokenizer.clsId(), tokenizer.sepId(),
                options.maxLength());
        List<EncodedChunk> chunks = new ArrayList<>();
        for (int s = 0; s < train.size(); s++) {
            Iob2Sentence sentence = train.get(s);
            if (!sentence.hasTags()) {
                throw new IllegalArgumentException("training sentence " + (s + 1) + " has no tags");
            }
            chunks.addAll(encoder.encodeWithContext(train, s, trainContexts, sentence.tags(), labelIds));
        }
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("no training sentences");
        }
        int[] lengths = chunks.stream().mapToInt(EncodedChunk::length).toArray();
        int batchesPerEpoch = LengthGroupedBatches.count(chunks.size(), options.batchSize(), options.megaBatchFactor());
        long totalSteps = (long) batchesPerEpoch * options.epochs();
        if (options.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, options.maxSteps());
        }
        int epochs = (int) ((totalSteps + batchesPerEpoch - 1) / batchesPerEpoch);
        DevEvaluator evaluator = dev.isEmpty() ? null
                : new DevEvaluator(dev, encoder, devContexts, labels, Math.max(options.batchSize(), 32),
                        tokenizer.padId());
        out.printf("training on %d sentences (%d chunks of <= %d subwords%s), %d labels %s; %d updates of batch %d "
                        + "over %d epoch(s); dev: %s%n", givenSentences, chunks.size(), options.maxLength(),
                packer != null ? ", packed with " + packer.context() + " subwords of context each side in documents"
                        + " of " + packDocumentSentences + " sentences"
                        : windowSentences == 1 ? "" : ", each sentence in a window of " + windowSentences + " sentences",
                labels.size(), labels, totalSteps, options.batchSize(), epochs,
                evaluator == null ? "none" : evaluator.size() + (packer != null ? " packed sequences" : " sentences"));

        Files.createDirectories(outDir);
        var checkpoint = TrainingCheckpoint.read(outDir);
        if (checkpoint.isEmpty() && Files.exists(outDir.resolve(LOG_FILE))) {
            throw new IOException(outDir + " holds a finished training run (" + LOG_FILE
                    + " without " + TrainingCheckpoint.DIR + "/); choose another output directory or delete it");
        }
        LinearSchedule schedule = LinearSchedule.withWarmupRatio(options.learningRate(), options.warmupRatio(),
                totalSteps);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            BertForTokenClassification model;
            AdamW optimizer = new AdamW(AdamW.Settings.defaults(options.weightDecay()), manager);
            TrainerState state;
            if (checkpoint.isPresent()) {
                var c = checkpoint.get();
                state = c.state();
                if (!state.fingerprint().equals(fingerprint())) {
                    throw new IOException(outDir.resolve(TrainingCheckpoint.DIR) + " was written by a run with "
                            + state.fingerprint() + "; this run has " + fingerprint()
                            + ". Use the same settings to resume, or another output directory");
                }
                if (!c.config().labels().equals(labels) || state.totalSteps() != totalSteps) {
                    throw new IOException(outDir.resolve(TrainingCheckpoint.DIR) + " was trained on other data "
                            + "(labels " + c.config().labels() + ", " + state.totalSteps() + " updates; now " + labels
                            + ", " + totalSteps + ")");
                }
                model = BertForTokenClassification.fromWeights(c.config(), c.weights(), manager);
                optimizer.restore(c.firstMoments(), c.secondMoments(), state.globalStep());
                out.printf("resuming from %s at epoch %d, update %d/%d%n", outDir.resolve(TrainingCheckpoint.DIR),
                        state.epoch() + 1, state.globalStep(), totalSteps);
                writeLog(outDir, state.history());
            } else {
                model = factory.create(labels, manager);
                if (!model.config().labels().equals(labels)) {
                    throw new IllegalArgumentException("the model's labels " + model.config().labels()
                            + " differ from the training data's " + labels);
                }
                state = TrainerState.start(fingerprint(), options, totalSteps);
            }
            try (model; optimizer) {
                List<float[]> teacherTargets = distillation == null ? null
                        : storedTargets != null
                        ? storedTargets(given, corpusTrain, tokenizer, trainUnits, chunks, labelIds)
                        : teacherTargets(train, trainContexts, chunks, labels, manager);
                Map<String, NDArray> trainable = trainableParameters(model);
                optimizer.initMoments(trainable);
                Result result = run(model, optimizer, trainable, tokenizer, chunks, teacherTargets, lengths, schedule,
                        evaluator, state, epochs, labels, outDir, checkpoint.isPresent(), manager);
                TrainingCheckpoint.deleteTree(outDir.resolve(TrainingCheckpoint.DIR));
                return result;
            }
        }
    }

    /**
     * The stored soft targets of the given sentences' words, at the run's temperature, for every chunk; the
     * replacement copies among them take their sources' ({@link CopiedTargets}).
     */
    private List<float[]> storedTargets(List<Iob2Sentence> given, List<Iob2Sentence> corpusTrain,
                                        BertTokenizer tokenizer, TrainingUnits units, List<EncodedChunk> chunks,
                                        Map<String, Integer> labelIds) {
        List<String> labels = List.copyOf(labelIds.keySet());
        int width = labels.size();
        storedTargets.requireLabels(labels);
        int originals = given.size() - copies.size();
        float[] stored = storedTargets.probabilities(given.subList(0, originals), distillation.temperature());
        ToIntFunction<String> wordsInToken = corpusWords ? token -> 1
                : token -> ModelWordSplit.wordsIn(token, tokenizer);
        float[] perWord = CopiedTargets.appended(stored, given, corpusTrain, copies, wordsInToken, labelIds);
        out.printf("soft targets at temperature %s from %s for %d chunks%s, alpha %s%n", distillation.temperature(),
                storedTargets.describe(), chunks.size(), copies.isEmpty() ? ""
                        : " (" + copies.size() + " replacement copies take their sources')", distillation.alpha());
        List<float[]> targets = new ArrayList<>(chunks.size());
        for (EncodedChunk chunk : chunks) {
            targets.add(units.rowsOf(chunk, perWord, width));
        }
        return targets;
    }

    /** The teacher's soft targets for every chunk; the teacher is freed before training starts. */
    private List<float[]> teacherTargets(List<Iob2Sentence> train, SentenceContexts contexts, List<EncodedChunk> chunks,
                                         List<String> labels,
                                         NDManager parent) throws IOException {
        long t0 = System.nanoTime();
        BertConfig config = BertConfig.load(teacherDir.resolve("config.json"));
        try (NDManager m = parent.newSubManager();
             BertTokenizer teacherTokenizer = BertTokenizer.load(teacherDir);
             BertForTokenClassification teacher = BertForTokenClassification.load(teacherDir, config, m)) {
            teacherTokenizer.checkFits(config, teacherDir.resolve("config.json"));
            out.printf("teacher %s (%d layers): soft targets at temperature %s for %d chunks, alpha %s ...%n",
                    teacherDir, config.numHiddenLayers(), distillation.temperature(), chunks.size(),
                    distillation.alpha());
            List<float[]> targets;
            try (TrainingProgress.Counter progress = new TrainingProgress.Counter("teacher", "inputs", chunks.size(),
                    out, progressInterval)) {
                targets = distillation.teacherTargets(teacher, teacherTokenizer, train, chunks, contexts,
                        options.maxLength(), labels, 32, m, progress::update);
            }
            out.printf(java.util.Locale.ROOT, "teacher targets done in %.0f s%n", (System.nanoTime() - t0) / 1e9);
            return targets;
        }
    }

    private Map<String, NDArray> trainableParameters(BertForTokenClassification model) {
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        for (var e : model.parameters().entrySet()) {
            boolean frozen = options.freezeEmbeddings() && e.getKey().equals(WORD_EMBEDDINGS);
            e.getValue().setRequiresGradient(!frozen);
            if (!frozen) {
                trainable.put(e.getKey(), e.getValue());
            }
        }
        return trainable;
    }

    private Result run(BertForTokenClassification model, AdamW optimizer, Map<String, NDArray> trainable,
                       BertTokenizer tokenizer, List<EncodedChunk> chunks, List<float[]> teacherTargets,
                       int[] lengths, LinearSchedule schedule,
                       DevEvaluator evaluator, TrainerState start, int epochs, List<String> labels, Path outDir,
                       boolean resumed, NDManager manager) throws IOException {
        TrainerState state = start;
        long totalSteps = schedule.totalSteps();
        long lastCheckpoint = System.nanoTime();
        long checkpointNanos = (long) (options.checkpointMinutes() * 60e9);
        try (TrainingProgress progress = TrainingProgress.create(totalSteps, state.globalStep(), out,
                progressInterval)) {
            while (state.epoch() < epochs) {
                int epoch = state.epoch();
                List<int[]> order = LengthGroupedBatches.forEpoch(lengths, options.batchSize(),
                        options.megaBatchFactor(), options.seed(), epoch);
                for (int b = state.batchInEpoch(); b < order.size() && state.globalStep() < totalSteps; b++) {
                    List<EncodedChunk> members = new ArrayList<>();
                    List<float[]> soft = teacherTargets == null ? null : new ArrayList<>();
                    for (int i : order.get(b)) {
                        members.add(chunks.get(i));
                        if (soft != null) {
                            soft.add(teacherTargets.get(i));
                        }
                    }
                    Batch batch = new Batch(members);
                    long t0 = System.nanoTime();
                    double loss = step(model, optimizer, trainable, batch, soft, tokenizer.padId(), labels.size(),
                            schedule.rate(state.globalStep()), state.globalStep(), manager);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    state = state.afterUpdate(b + 1, loss, batch.subwords(), seconds);
                    progress.step(state.globalStep(), epoch, state.epochLossSum() / state.epochBatches(),
                            batch.subwords(), seconds);
                    boolean epochEnds = b + 1 == order.size() || state.globalStep() == totalSteps;
                    boolean due = options.checkpointEverySteps() > 0
                            ? state.globalStep() % options.checkpointEverySteps() == 0
                            : System.nanoTime() - lastCheckpoint >= checkpointNanos;
                    if (due && !epochEnds) {
                        TrainingCheckpoint.write(outDir, model.config(), model.toRawTensors(), optimizer, state);
                        lastCheckpoint = System.nanoTime();
                    }
                    afterStep.accept(state.globalStep());
                }
                state = finishEpoch(model, evaluator, state, epochs, outDir, tokenizer, progress, manager);
                // checkpoint first: a log line always has a checkpoint that knows it
                TrainingCheckpoint.write(outDir, model.config(), model.toRawTensors(), optimizer, state);
                lastCheckpoint = System.nanoTime();
                writeLog(outDir, state.history());
            }
        }
        return new Result(labels, state.history(), state.bestF1(), state.bestEpoch(), state.globalStep(), resumed);
    }

    private TrainerState finishEpoch(BertForTokenClassification model, DevEvaluator evaluator, TrainerState state,
                                     int epochs, Path outDir, BertTokenizer tokenizer, TrainingProgress progress, NDManager manager) throws IOException {
        int epoch = state.epoch();
        boolean last = epoch + 1 == epochs;
        Double p = null;
        Double r = null;
        Double f1 = null;
        boolean best = false;
        if (evaluator != null && (options.evalEveryEpoch() || last)) {
            Scores scores = evaluator.evaluate(model, manager);
            p = scores.micro().precision();
            r = scores.micro().recall();
            f1 = scores.micro().f1();
            best = f1 > state.bestF1();
        } else if (evaluator == null) {
            best = true;
        }
        double bestF1 = best && evaluator != null ? f1 : state.bestF1();
        int bestEpoch = best ? epoch + 1 : state.bestEpoch();
        if (best) {
            model.save(outDir);
            tokenizer.save(outDir);
        }
        if (saveEpochs) {
            model.save(epochDir(outDir, epoch + 1));
            tokenizer.save(epochDir(outDir, epoch + 1));
        }
        EpochRecord record = new EpochRecord(epoch + 1, state.globalStep(), state.epochLossSum() / state.epochBatches(),
                p, r, f1, state.epochSubwords() / Math.max(1e-9, state.epochSeconds()), state.epochSeconds(), best);
        progress.message(String.format(java.util.Locale.ROOT, "epoch %d: loss %.4f, %s, %.0f subword tokens/s, %.0f s%s",
                record.epoch(), record.loss(),
                f1 == null ? "not evaluated" : String.format(java.util.Locale.ROOT, "dev P=%.4f R=%.4f F1=%.4f", p, r, f1),
                record.subwordsPerSecond(), record.seconds(),
                best ? (evaluator == null ? " (saved)" : " (best so far, saved)") : ""));
        return state.afterEpoch(record, bestF1, bestEpoch);
    }

    /** One update: forward and backward on the batch, clip, AdamW, zero the gradients. Returns the loss. */
    private double step(BertForTokenClassification model, AdamW optimizer, Map<String, NDArray> trainable,
                        Batch batch, List<float[]> soft, int padId, int numLabels, double lr, long globalStep,
                        NDManager parent) {
        // dropout masks depend on (seed, update) only, so a resumed run draws the same masks
        Engine.getInstance().setRandomSeed((int) LengthGroupedBatches.epochSeed(options.seed(), -1 - (int) globalStep));
        try (NDManager m = parent.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.logits(batch.inputIds(m, padId), batch.attentionMask(m), true);
                NDArray lossArray;
                if (soft == null) {
                    lossArray = TokenClassificationLoss.of(logits, batch.lossTargets(m, numLabels));
                } else {
                    double t = distillation.temperature();
                    lossArray = TokenClassificationLoss.distilled(logits,
                            batch.lossTargets(m, numLabels, (float) (1 - distillation.alpha())),
                            batch.softTargets(m, numLabels, soft, (float) (distillation.alpha() * t * t)),
                            m.full(new ai.djl.ndarray.types.Shape(), (float) (1 / t)));
                }
                collector.backward(lossArray);
                loss = lossArray.getFloat();
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            trainable.forEach((k, p) -> grads.put(k, p.getGradient()));
            GradientClipping.clipGlobalNorm(grads.values(), options.maxGradNorm());
            optimizer.step(trainable, grads, lr);
            // PyTorch adds new gradients to old ones; zero them for the next update
            trainable.values().forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
            return loss;
        }
    }

    /** Writes {@code train-log.jsonl}: one JSON object per finished epoch. */
    private static void writeLog(Path outDir, List<EpochRecord> history) throws IOException {
        StringBuilder text = new StringBuilder();
        for (EpochRecord r : history) {
            text.append(JSON.writeValueAsString(r)).append('\n');
        }
        Path tmp = outDir.resolve(LOG_FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, outDir.resolve(LOG_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
