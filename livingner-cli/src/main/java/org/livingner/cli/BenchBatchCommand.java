package org.livingner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.jcas.JCas;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.cli.bench.ThroughputBench;
import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.bert.tokenization.Word;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.uima.batch.BatchRunner;
import org.livingner.uima.batch.Failure;
import org.livingner.uima.LivingNerAnnotator;
import org.livingner.uima.LivingNerModelResource;
import org.livingner.uima.LivingNerNormalizer;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.PipelineSettings;
import org.livingner.uima.internal.SharedModels;
import org.livingner.uima.io.ClinicalTextGenerator;
import org.livingner.uima.io.GeneratedTextReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code livingner bench-batch}: throughput and memory of the whole batch pipeline (reader, N threads sharing one
 * model, refinement, normalisation) over generated clinical-style documents, with the share of the time spent
 * normalising.
 */
@Command(name = "bench-batch", mixinStandardHelpOptions = true,
        description = {"Measures batch throughput and memory over N documents.",
                "Runs the annotation pipeline over N generated clinical-style Spanish documents (seeded, 5-20"
                + " sentences each) at each thread count, and reports documents/s, subword tokens/s (of the documents'"
                + " text, as the model's tokenizer splits it), peak resident memory (VmHWM) and heap used after a"
                + " full GC at checkpoints (e.g. 1,000 and 10,000 documents; the timed run includes them), to show"
                + " memory does not grow with the number of documents. Each thread count runs in a fresh JVM (same"
                + " heap settings) unless --in-process, so peak memory is its own. The model is loaded and warmed up"
                + " before timing."
                + " Right before and right after each timed run, in the same JVM, it also measures the model's own"
                + " forward-pass speed on sentences of these documents (as `bench` measures real sentences), and"
                + " reports the pipeline's subword tokens/s as a percentage of the mean of the two."})
public final class BenchBatchCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    RefineOption refine = new RefineOption();

    @Mixin
    BatchDocumentsOption batchDocuments = new BatchDocumentsOption();

    @Option(names = "--docs", paramLabel = "N", defaultValue = "10000",
            description = "Documents to generate and annotate (default: ${DEFAULT-VALUE}).")
    int docs;

    @Option(names = "--threads", paramLabel = "N,N", split = ",", defaultValue = "1,2",
            description = "Thread counts to measure (default: ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--memory-at", paramLabel = "N,N", split = ",", defaultValue = "1000",
            description = "Also measure memory after these many documents (always after the last) (default: ${DEFAULT-VALUE}).")
    int[] memoryAt;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated documents (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
            description = "Documents annotated before timing (JIT, native kernels) (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--in-process", description = "Measure every thread count in this JVM (peak RSS is then shared).")
    boolean inProcess;

    @Option(names = "--reference", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Right before and right after each timed run, measure the model's own forward-pass speed in"
                    + " the same JVM (--reference-sentences sentences of the generated documents, batch "
                    + REFERENCE_BATCH + " grouped by length, no context, as `bench` measures real sentences) and"
                    + " report the pipeline's subword tokens/s as a percentage of their mean; --no-reference skips"
                    + " it (default: ${DEFAULT-VALUE}).")
    boolean reference = true;

    @Option(names = "--reference-sentences", paramLabel = "N", defaultValue = "300",
            description = "Sentences of the reference measurement: the first N of the generated documents, taking"
                    + " further documents of the same seed when --docs has fewer (default: ${DEFAULT-VALUE}).")
    int referenceSentences = 300;

    @Option(names = "--reference-data", paramLabel = "FILE.iob2",
            description = "Take the reference sentences from this IOB2 file instead (its first --reference-sentences"
                    + " sentences, their tokens as words, as `bench --data` reads real sentences), e.g."
                    + " ../shared/data/livingner/train.iob2: the LivingNER sentences `bench` measures, which are"
                    + " longer than the generated ones.")
    Path referenceData;

    @Option(names = "--precisions", paramLabel = "P,P", split = ",",
            description = "Measure each of these precisions (int8, fp32, auto) at every thread count, one after the"
                    + " other, and report each precision's speed over the last one's; unset: --precision alone.")
    List<String> precisions;

    /** Batch size of the reference measurement: {@code bench}'s {@code --real-batch} default. */
    static final int REFERENCE_BATCH = 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESULT = "RESULT ";

    private final PrintStream out;
    private final PrintStream err;

    public BenchBatchCommand() {
        this(System.out, System.err);
    }

    BenchBatchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            if (docs < 1 || Arrays.stream(threads).anyMatch(t -> t < 1) || batchDocuments.documents < 1
                    || referenceSentences < 1) {
                err.println("livingner bench-batch: --docs, --threads, --batch-documents and --reference-sentences"
                        + " must be at least 1");
                return 2;
            }
            if (reference && referenceData != null && !Files.isRegularFile(referenceData)) {
                err.println("livingner bench-batch: --reference-data " + referenceData + ": no such file (expected an"
                        + " IOB2 file of sentences)");
                return 2;
            }
            List<JsonNode> results = new ArrayList<>();
            List<String> settingsToMeasure = precisions == null || precisions.isEmpty()
                    ? List.of(model.settings(refine.list).precision()) : precisions;
            for (String precision : settingsToMeasure) {
                PipelineSettings settings = model.settings(refine.list).withPrecision(precision);
                for (int t : threads) {
                    results.add(inProcess || System.getProperty(CHILD) != null ? measure(t, settings)
                            : inChild(t, settings));
                }
            }
            if (System.getProperty(CHILD) != null) {
                for (JsonNode r : results) {
                    out.println(RESULT + JSON.writeValueAsString(r));
                }
            } else {
                out.print(report(results));
            }
            out.flush();
            return 0;
        } catch (Exception e) {
            err.println("livingner bench-batch: " + Failure.reason(e));
            return 2;
        }
    }

    private static final String CHILD = "livingner.benchBatch.child";

    /** One thread count in a fresh JVM with this JVM's heap and system settings. */
    private JsonNode inChild(int threadCount, PipelineSettings settings) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "bench-batch", "--docs", String.valueOf(docs), "--threads", String.valueOf(threadCount),
                "--seed", String.valueOf(seed), "--warmup", String.valueOf(warmup),
                "--torch-threads", String.valueOf(model.torchThreads()),
                "--batch-documents", String.valueOf(batchDocuments.documents),
                reference ? "--reference" : "--no-reference",
                "--reference-sentences", String.valueOf(referenceSentences),
                "--memory-at", String.join(",", Arrays.stream(memoryAt).mapToObj(String::valueOf).toList())));
        args.addAll(settings.arguments());
        if (referenceData != null) {
            args.addAll(List.of("--reference-data", referenceData.toAbsolutePath().toString()));
        }
        List<String> command = ChildJvm.cli(List.of("-D" + CHILD + "=true"), args);
        err.println("bench-batch: " + threadCount + " thread(s), " + docs + " documents, precision "
                + settings.precision() + ", in a fresh JVM ...");
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        JsonNode result = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith(RESULT)) {
                    result = JSON.readTree(line.substring(RESULT.length()));
                } else {
                    out.println(line);
                }
            }
        }
        int exit = child.waitFor();
        if (exit != 0 || result == null) {
            throw new IOException("the measuring JVM for " + threadCount + " thread(s) failed (exit " + exit + ")");
        }
        return result;
    }

    /** Annotates the generated documents with {@code threadCount} threads in this JVM. */
    JsonNode measure(int threadCount) throws Exception {
        return measure(threadCount, model.settings(refine.list));
    }

    private JsonNode measure(int threadCount, PipelineSettings settings) throws Exception {
        int torchThreads = model.applyTorchThreads(threadCount);
        SharedModels.Key key = LivingNerModelResource.keyOf(settings.model(), settings.batchSize(),
                settings.maxSequenceLength(), settings.labels(), settings.precision());
        int loadsBefore = SharedModels.loadCount();
        // held across the warm-up and the timed run: loaded once, outside the timing
        TokenClassifier classifier = SharedModels.acquire(key);
        try {
            long[] subwords = subwordsPerDocument(key.directory());
            List<List<String>> referenceWords = reference ? referenceSentences(classifier.tokenizer()) : List.of();
            // the taxonomy index, like the model, is loaded once per JVM outside the timing
            LivingNerNormalizer.load(settings.taxonomy());
            AnalysisEngineDescription pipeline = LivingNerPipeline.create(settings);
            BatchRunner.Options runOptions = BatchRunner.Options.threads(threadCount)
                    .batchDocuments(batchDocuments.forContext(settings.context()));
            if (warmup > 0) {
                BatchRunner.run(List.of(reader(warmup, seed + 1)), pipeline, jcas -> null, runOptions);
            }
            TreeSet<Integer> checkpoints = new TreeSet<>();
            Arrays.stream(memoryAt).filter(n -> n > 0 && n < docs).forEach(checkpoints::add);
            checkpoints.add(docs);
            ArrayNode memory = JSON.createArrayNode();
            ThroughputBench.SentenceRun referenceBefore = reference
                    ? referenceRun(classifier, referenceWords) : null;
            String loadBefore = ThroughputBench.loadAverage().split(" ")[0];
            TokenClassifier.Counters countersBefore = classifier.counters();
            long normalizingBefore = LivingNerNormalizer.nanosSpent();
            long codedBefore = LivingNerNormalizer.mentionsCoded();
            long start = System.nanoTime();
            ProgressReporter progress = ProgressReporter.onTerminal(err) ? ProgressReporter.of("bench-batch", err, true)
                    : ProgressReporter.lines("bench-batch, " + threadCount + " thread(s)", err, Duration.ofMinutes(1));
            BatchRunner.Result result;
            try (progress) {
                result = BatchRunner.run(List.of(reader(docs, seed)), pipeline, new BatchRunner.Sink() {
                @Override
                public JsonNode processed(JCas jcas) {
                    return null;
                }

                @Override
                public void progress(int done, int totalEstimate, boolean failed) {
                    progress.update(done, docs, failed);
                    // on the collecting thread: the workers go on meanwhile, so the checkpoint's time stays in the
                    // timed run (taking it out would count the work done during it in no time)
                    if (checkpoints.contains(done)) {
                        memory.add(memoryAt(done));
                    }
                }
                }, runOptions);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!result.failures().isEmpty()) {
                throw new IllegalStateException(result.failures().size() + " documents failed, first: "
                        + result.failures().get(0));
            }
            TokenClassifier.Counters counted = classifier.counters().since(countersBefore);
            double normalizingSeconds = (LivingNerNormalizer.nanosSpent() - normalizingBefore) / 1e9;
            long coded = LivingNerNormalizer.mentionsCoded() - codedBefore;
            double forwardSeconds = counted.forwardNanos() / 1e9;
            String loadAfter = ThroughputBench.loadAverage().split(" ")[0];
            ThroughputBench.SentenceRun referenceAfter = reference
                    ? referenceRun(classifier, referenceWords) : null;
            long encoded = counted.encodedSubwords();
            long labelled = counted.labelledSubwords();
            long totalSubwords = Arrays.stream(subwords).sum();
            ObjectNode r = JSON.createObjectNode();
            r.put("threads", threadCount).put("docs", result.processed()).put("seconds", seconds)
                    .put("docsPerSecond", result.processed() / seconds)
                    .put("subwords", totalSubwords).put("subwordsPerSecond", totalSubwords / seconds)
                    .put("model", key.directory().toString()).put("refine", refine.list)
                    .put("modelLoads", SharedModels.loadCount() - loadsBefore)
                    .put("torchThreads", torchThreads)
                    .put("precision", key.precision().id())
                    .put("context", contextOf(settings, classifier))
                    .put("encodedSubwords", encoded).put("labelledSubwords", labelled)
                    .put("encodedPerLabelled", labelled == 0 ? 0 : (double) encoded / labelled)
                    .put("batchDocuments", runOptions.batchDocuments())
                    .put("documentsPerCall", counted.labellingCalls() == 0 ? 0
                            : (double) counted.documents() / counted.labellingCalls())
                    .put("inputsPerPass", counted.forwardPasses() == 0 ? 0
                            : (double) counted.modelInputs() / counted.forwardPasses())
                    .put("forwardShare", forwardSeconds / (seconds * threadCount))
                    .put("forwardPositionsPerSecond",
                            forwardSeconds == 0 ? 0 : counted.forwardPositions() / forwardSeconds)
                    .put("loadAverage", loadBefore + " -> " + loadAfter)
                    .put("mentionsCoded", coded)
                    .put("normalizerSeconds", normalizingSeconds)
                    .put("normalizerShare", normalizingSeconds / (seconds * threadCount));
            if (reference) {
                double mean = (referenceBefore.tokensPerSecond() + referenceAfter.tokensPerSecond()) / 2;
                r.put("referenceSentences", referenceBefore.sentences())
                        .put("referenceSource", referenceData == null ? "the generated documents"
                                : referenceData.toString())
                        .put("referenceTokens", referenceBefore.tokens())
                        .put("referenceBatch", REFERENCE_BATCH)
                        .put("referenceTorchThreads", torchThreads)
                        .put("referenceTokensPerSecondBefore", referenceBefore.tokensPerSecond())
                        .put("referenceTokensPerSecondAfter", referenceAfter.tokensPerSecond())
                        .put("ofReference", totalSubwords / seconds / mean);
            }
            r.set("memory", memory);
            return r;
        } finally {
            SharedModels.release(key);
        }
    }

    /**
     * The model's own forward-pass speed on the reference sentences, as {@code bench} measures real sentences
     * ({@link ThroughputBench#sentenceSpeed}: batch {@link #REFERENCE_BATCH} grouped by length, no context), on the
     * pipeline's own forward pass (the same session, so the same precision and intra-op threads).
     */
    private ThroughputBench.SentenceRun referenceRun(TokenClassifier classifier, List<List<String>> sentences) {
        return ThroughputBench.of(classifier, err, 0).sentenceSpeed(sentences, classifier.tokenizer(),
                REFERENCE_BATCH);
    }

    /**
     * The first --reference-sentences sentences of the generated documents (documents 0, 1, ... of --seed, past
     * --docs when those have fewer), each split into words by the model's pre-tokenizer: the words the pipeline
     * gives the model.
     */
    List<List<String>> referenceSentences(BertTokenizer tokenizer) throws IOException {
        if (referenceData != null) {
            return Iob2Corpus.firstSentenceTokens(referenceData, referenceSentences);
        }
        List<List<String>> sentences = new ArrayList<>(referenceSentences);
        ClinicalTextGenerator generator = new ClinicalTextGenerator(seed);
        for (long d = 0; sentences.size() < referenceSentences; d++) {
            for (String sentence : generator.sentences(d)) {
                if (sentences.size() == referenceSentences) {
                    break;
                }
                sentences.add(tokenizer.words(sentence).stream().map(Word::text).toList());
            }
        }
        return sentences;
    }

    /** The context setting as the engine applies it to this model, e.g. "packed 256/32" (length/context). */
    private static String contextOf(PipelineSettings settings, TokenClassifier classifier) {
        if (!settings.packed()) {
            return "windows of " + settings.window();
        }
        ContextPacker p = LivingNerAnnotator.packer(settings.packedLength(), settings.packedContext(),
                classifier.maxSequenceLength());
        return "packed " + p.length() + "/" + p.context();
    }

    private static CollectionReaderDescription reader(int documents, long seed) throws Exception {
        return CollectionReaderFactory.createReaderDescription(GeneratedTextReader.class,
                GeneratedTextReader.PARAM_DOCUMENTS, documents, GeneratedTextReader.PARAM_SEED, seed);
    }

    private long[] subwordsPerDocument(Path modelDir) throws IOException {
        long[] counts = new long[docs];
        ClinicalTextGenerator generator = new ClinicalTextGenerator(seed);
        try (BertTokenizer tokenizer = BertTokenizer.load(modelDir)) {
            for (int i = 0; i < docs; i++) {
                counts[i] = tokenizer.tokenize(generator.document(i)).size();
            }
        }
        return counts;
    }

    private static ObjectNode memoryAt(int done) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        ObjectNode m = JSON.createObjectNode();
        m.put("docs", done).put("heapUsedMiB", (rt.totalMemory() - rt.freeMemory()) / 1048576.0)
                .put("heapCommittedMiB", rt.totalMemory() / 1048576.0)
                .put("directBuffersMiB", directBufferBytes() / 1048576.0)
                .put("rssMiB", procStatusKb("VmRSS") / 1024.0).put("peakRssMiB", procStatusKb("VmHWM") / 1024.0);
        return m;
    }

    /** Bytes held by NIO direct buffers (DJL copies arrays in and out through them). */
    private static long directBufferBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    /** A {@code /proc/self/status} value in kB (Linux); -1 elsewhere. */
    static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Markdown tables: throughput per thread count, then memory at each checkpoint. */
    static String report(List<JsonNode> results) {
        StringBuilder s = new StringBuilder();
        JsonNode first = results.get(0);
        s.append(String.format(Locale.ROOT, "model: %s; refine: %s; %d generated documents, %d subword tokens%n%n",
                first.get("model").asText(), first.get("refine").asText(), first.get("docs").asInt(),
                first.get("subwords").asLong()));
        s.append("| threads | context | intra-op threads | documents | seconds | documents/s | subword tokens/s"
                + " | encoded / unique subwords | model loads | batch documents | documents / labelling call"
                + " | model inputs / forward pass | 1-min load average (start -> end)"
                + " | model tokens/s (before -> after) | of model speed | time in forward passes"
                + " | forward positions/s | time in normalisation | precision |\n");
        s.append("|---".repeat(19) + "|\n");
        for (JsonNode r : results) {
            boolean measured = r.has("ofReference");
            s.append(String.format(Locale.ROOT,
                    "| %d | %s | %d | %d | %.1f | %.2f | %.0f | %.2f | %d | %d | %.2f | %.2f | %s | %s | %s | %.0f%% | %.0f | %s | %s |%n",
                    r.get("threads").asInt(), r.path("context").asText("?"), r.get("torchThreads").asInt(),
                    r.get("docs").asInt(), r.get("seconds").asDouble(), r.get("docsPerSecond").asDouble(),
                    r.get("subwordsPerSecond").asDouble(), r.path("encodedPerLabelled").asDouble(),
                    r.get("modelLoads").asInt(), r.path("batchDocuments").asInt(1),
                    r.path("documentsPerCall").asDouble(), r.path("inputsPerPass").asDouble(),
                    r.get("loadAverage").asText(),
                    measured ? String.format(Locale.ROOT, "%.0f -> %.0f",
                            r.get("referenceTokensPerSecondBefore").asDouble(),
                            r.get("referenceTokensPerSecondAfter").asDouble()) : "-",
                    measured ? String.format(Locale.ROOT, "%.0f%%", 100 * r.get("ofReference").asDouble()) : "-",
                    100 * r.path("forwardShare").asDouble(), r.path("forwardPositionsPerSecond").asDouble(),
                    r.has("normalizerShare") ? String.format(Locale.ROOT, "%.2f%% (%.1f s, %d mentions)",
                            100 * r.get("normalizerShare").asDouble(), r.get("normalizerSeconds").asDouble(),
                            r.get("mentionsCoded").asLong()) : "-",
                    r.path("precision").asText("?")));
        }
        s.append("\nencoded / unique subwords: subwords of text the model read (without [CLS], [SEP], padding) over"
                + " the subwords of the words it labelled, each once. batch documents: --batch-documents as applied"
                + " (1 with --context windows); documents / labelling call: documents whose packed sequences were"
                + " labelled together; model inputs / forward pass: the batch the model ran. time in forward passes:"
                + " the threads' time inside the model's forward passes (inputs built, model run, probabilities"
                + " read back) over their wall time; forward positions/s: the positions those passes ran (padding,"
                + " [CLS] and [SEP] included) per second spent in them. time in normalisation: the threads' time in"
                + " the NCBI Taxonomy normaliser (LivingNerNormalizer, index loaded before timing) over their wall"
                + " time, with the seconds and the mentions it coded.\n");
        JsonNode measured = results.stream().filter(r -> r.has("ofReference")).findFirst().orElse(null);
        if (measured != null) {
            s.append(String.format(Locale.ROOT, "model tokens/s: the model's own forward pass in the same JVM, right"
                            + " before and right after the timed run, as `bench` measures real sentences: the first %d"
                            + " sentences of %s (%d subword tokens with [CLS]/[SEP]), batch %d"
                            + " grouped by length, no context, %d intra-op threads, the pipeline's own forward pass"
                            + " (same precision). of model speed: subword"
                            + " tokens/s over the mean of the two.%n", measured.get("referenceSentences").asInt(),
                    measured.get("referenceSource").asText(),
                    measured.get("referenceTokens").asLong(), measured.get("referenceBatch").asInt(),
                    measured.get("referenceTorchThreads").asInt()));
        }
        s.append(precisionRatios(results));
        s.append("\n| threads | after documents | heap used after GC (MiB) | heap committed (MiB) | direct buffers (MiB)"
                + " | RSS (MiB) | peak RSS, VmHWM (MiB) | precision |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (JsonNode r : results) {
            for (JsonNode m : r.get("memory")) {
                s.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.1f | %.0f | %.0f | %s |%n",
                        r.get("threads").asInt(), m.get("docs").asInt(), m.get("heapUsedMiB").asDouble(),
                        m.path("heapCommittedMiB").asDouble(), m.path("directBuffersMiB").asDouble(),
                        m.get("rssMiB").asDouble(), m.get("peakRssMiB").asDouble(), r.path("precision").asText("?")));
            }
        }
        return s.toString();
    }

    /**
     * With several precisions: per thread count, each precision's subword tokens/s over the last precision's (the
     * end-to-end speed-up), and its peak RSS; empty with one precision.
     */
    static String precisionRatios(List<JsonNode> results) {
        List<String> order = results.stream().map(r -> r.path("precision").asText("?")).distinct().toList();
        if (order.size() < 2) {
            return "";
        }
        String base = order.get(order.size() - 1);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%n| threads | precision | subword tokens/s | over %s | of model speed | peak RSS (MiB) |%n", base));
        s.append("|---|---|---:|---:|---:|---:|\n");
        for (JsonNode r : results) {
            JsonNode baseRun = results.stream().filter(b -> b.path("precision").asText().equals(base)
                    && b.get("threads").asInt() == r.get("threads").asInt()).findFirst().orElse(null);
            JsonNode memory = r.get("memory");
            s.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %s | %s | %.0f |%n", r.get("threads").asInt(),
                    r.path("precision").asText("?"), r.get("subwordsPerSecond").asDouble(),
                    baseRun == null ? "-" : String.format(Locale.ROOT, "%.2f",
                            r.get("subwordsPerSecond").asDouble() / baseRun.get("subwordsPerSecond").asDouble()),
                    r.has("ofReference") ? String.format(Locale.ROOT, "%.0f%%", 100 * r.get("ofReference").asDouble())
                            : "-",
                    memory.size() == 0 ? -1 : memory.get(memory.size() - 1).path("peakRssMiB").asDouble()));
        }
        return s.toString();
    }
}
