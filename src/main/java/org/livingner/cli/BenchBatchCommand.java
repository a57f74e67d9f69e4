package org.livingner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.jcas.JCas;
import org.livingner.bert.BertTokenizer;
import org.livingner.bert.ContextPacker;
import org.livingner.bert.ThroughputBench;
import org.livingner.bert.TokenClassifier;
import org.livingner.uima.BatchRunner;
import org.livingner.uima.LivingNerAnnotator;
import org.livingner.uima.LivingNerModelResource;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.ModelLocations;
import org.livingner.uima.SharedModels;
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
 * model, refinement) over generated clinical-style documents.
 */
@Command(name = "bench-batch", mixinStandardHelpOptions = true,
        description = {"Runs the annotation pipeline over N generated clinical-style Spanish documents (seeded, 5-20"
                + " sentences each) at each thread count, and reports documents/s, subword tokens/s (of the documents'"
                + " text, as the model's tokenizer splits it), peak resident memory (VmHWM) and heap used after a"
                + " full GC at checkpoints (e.g. 1,000 and 10,000 documents), to show memory does not grow with the"
                + " number of documents. Each thread count runs in a fresh JVM (same heap settings) unless"
                + " --in-process, so peak memory is its own. The model is loaded and warmed up before timing."})
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
            if (docs < 1 || Arrays.stream(threads).anyMatch(t -> t < 1) || batchDocuments.documents < 1) {
                err.println("livingner bench-batch: --docs, --threads and --batch-documents must be at least 1");
                return 2;
            }
            List<JsonNode> results = new ArrayList<>();
            for (int t : threads) {
                results.add(inProcess || System.getProperty(CHILD) != null ? measure(t) : inChild(t));
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
            err.println("livingner bench-batch: " + Errors.describe(e));
            return 2;
        }
    }

    private static final String CHILD = "livingner.benchBatch.child";

    /** One thread count in a fresh JVM with this JVM's heap and system settings. */
    private JsonNode inChild(int threadCount) throws IOException, InterruptedException {
        List<String> command = ChildJvm.cli(List.of("-D" + CHILD + "=true"), List.of(
                "bench-batch", "--docs", String.valueOf(docs), "--threads", String.valueOf(threadCount),
                "--seed", String.valueOf(seed), "--warmup", String.valueOf(warmup), "--refine", refine.list,
                "--context", model.context, "--packed-length", String.valueOf(model.packedLength),
                "--packed-context", String.valueOf(model.packedContext), "--window", String.valueOf(model.window),
                "--batch-size", String.valueOf(model.batchSize),
                "--max-seq-length", String.valueOf(model.maxSequenceLength),
                "--min-confidence", String.valueOf(model.minConfidence),
                "--torch-threads", String.valueOf(model.torchThreads),
                "--batch-documents", String.valueOf(batchDocuments.documents)));
        command = new ArrayList<>(command);
        command.add("--memory-at");
        command.add(String.join(",", Arrays.stream(memoryAt).mapToObj(String::valueOf).toList()));
        if (model.model != null) {
            command.addAll(List.of("--model", model.model));
        }
        err.println("bench-batch: " + threadCount + " thread(s), " + docs + " documents, in a fresh JVM ...");
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
        LivingNerPipeline.Options options = model.modelOnly().refine(refine.list);
        int torchThreads = model.applyTorchThreads(threadCount);
        SharedModels.Key key = LivingNerModelResource.keyOf(
                model.model == null ? ModelLocations.DEFAULT : model.model, model.batchSize, model.maxSequenceLength);
        int loadsBefore = SharedModels.loadCount();
        // held across the warm-up and the timed run: loaded once, outside the timing
        TokenClassifier classifier = SharedModels.acquire(key);
        try {
            long[] subwords = subwordsPerDocument(key.directory());
            AnalysisEngineDescription pipeline = LivingNerPipeline.create(options);
            BatchRunner.Options runOptions = BatchRunner.Options.threads(threadCount)
                    .batchDocuments(batchDocuments.forContext(model.context));
            if (warmup > 0) {
                BatchRunner.run(List.of(reader(warmup, seed + 1)), pipeline, jcas -> null, runOptions);
            }
            TreeSet<Integer> checkpoints = new TreeSet<>();
            Arrays.stream(memoryAt).filter(n -> n > 0 && n < docs).forEach(checkpoints::add);
            checkpoints.add(docs);
            ArrayNode memory = JSON.createArrayNode();
            long[] gcPauses = {0};
            String loadBefore = ThroughputBench.loadAverage().split(" ")[0];
            long[] subwordsBefore = classifier.encodedAndLabelledSubwords();
            long[] sharingBefore = classifier.sharing();
            long start = System.nanoTime();
            ProgressReporter progress = System.console() != null ? ProgressReporter.forStderr("bench-batch")
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
                    if (checkpoints.contains(done)) {
                        long t0 = System.nanoTime();
                        memory.add(memoryAt(done));
                        gcPauses[0] += System.nanoTime() - t0;
                    }
                }
                }, runOptions);
            }
            double seconds = (System.nanoTime() - start - gcPauses[0]) / 1e9;
            if (!result.failures().isEmpty()) {
                throw new IllegalStateException(result.failures().size() + " documents failed, first: "
                        + result.failures().get(0));
            }
            long[] subwordsAfter = classifier.encodedAndLabelledSubwords();
            long[] sharing = classifier.sharing();
            for (int i = 0; i < sharing.length; i++) {
                sharing[i] -= sharingBefore[i];
            }
            long encoded = subwordsAfter[0] - subwordsBefore[0];
            long labelled = subwordsAfter[1] - subwordsBefore[1];
            long totalSubwords = Arrays.stream(subwords).sum();
            ObjectNode r = JSON.createObjectNode();
            r.put("threads", threadCount).put("docs", result.processed()).put("seconds", seconds)
                    .put("docsPerSecond", result.processed() / seconds)
                    .put("subwords", totalSubwords).put("subwordsPerSecond", totalSubwords / seconds)
                    .put("model", key.directory().toString()).put("refine", refine.list)
                    .put("modelLoads", SharedModels.loadCount() - loadsBefore)
                    .put("torchThreads", torchThreads)
                    .put("context", contextOf(classifier))
                    .put("encodedSubwords", encoded).put("labelledSubwords", labelled)
                    .put("encodedPerLabelled", labelled == 0 ? 0 : (double) encoded / labelled)
                    .put("batchDocuments", runOptions.batchDocuments())
                    .put("documentsPerCall", sharing[1] == 0 ? 0 : (double) sharing[0] / sharing[1])
                    .put("inputsPerPass", sharing[2] == 0 ? 0 : (double) sharing[3] / sharing[2])
                    .put("loadAverage", loadBefore + " -> " + ThroughputBench.loadAverage().split(" ")[0]);
            r.set("memory", memory);
            return r;
        } finally {
            SharedModels.release(key);
        }
    }

    /** The context setting as the engine applies it to this model, e.g. "packed 256/32" (length/context). */
    private String contextOf(TokenClassifier classifier) {
        if (!LivingNerAnnotator.CONTEXT_PACKED.equals(model.context)) {
            return "windows of " + model.window;
        }
        ContextPacker p = LivingNerAnnotator.packer(model.packedLength, model.packedContext,
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
        s.append("| threads | context | PyTorch intra-op threads | documents | seconds | documents/s | subword tokens/s"
                + " | encoded / unique subwords | model loads | batch documents | documents / labelling call"
                + " | model inputs / forward pass | 1-min load average (start -> end) |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode r : results) {
            s.append(String.format(Locale.ROOT,
                    "| %d | %s | %d | %d | %.1f | %.2f | %.0f | %.2f | %d | %d | %.2f | %.2f | %s |%n",
                    r.get("threads").asInt(), r.path("context").asText("?"), r.get("torchThreads").asInt(),
                    r.get("docs").asInt(), r.get("seconds").asDouble(), r.get("docsPerSecond").asDouble(),
                    r.get("subwordsPerSecond").asDouble(), r.path("encodedPerLabelled").asDouble(),
                    r.get("modelLoads").asInt(), r.path("batchDocuments").asInt(1),
                    r.path("documentsPerCall").asDouble(), r.path("inputsPerPass").asDouble(),
                    r.get("loadAverage").asText()));
        }
        s.append("\nencoded / unique subwords: subwords of text the model read (without [CLS], [SEP], padding) over"
                + " the subwords of the words it labelled, each once. batch documents: --batch-documents as applied"
                + " (1 with --context windows); documents / labelling call: documents whose packed sequences were"
                + " labelled together; model inputs / forward pass: the batch the model ran.\n");
        s.append("\n| threads | after documents | heap used after GC (MiB) | heap committed (MiB) | direct buffers (MiB)"
                + " | RSS (MiB) | peak RSS, VmHWM (MiB) |\n");
        s.append("|---|---|---|---|---|---|---|\n");
        for (JsonNode r : results) {
            for (JsonNode m : r.get("memory")) {
                s.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.1f | %.0f | %.0f |%n",
                        r.get("threads").asInt(), m.get("docs").asInt(), m.get("heapUsedMiB").asDouble(),
                        m.path("heapCommittedMiB").asDouble(), m.path("directBuffersMiB").asDouble(),
                        m.get("rssMiB").asDouble(), m.get("peakRssMiB").asDouble()));
            }
        }
        return s.toString();
    }
}
