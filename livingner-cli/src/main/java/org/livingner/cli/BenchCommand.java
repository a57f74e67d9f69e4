package org.livingner.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tokenization.TokenizerSettings;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.modeling.Checkpoints;
import org.livingner.bert.io.RawTensor;
import org.livingner.onnx.OnnxForwardPass;
import org.livingner.onnx.Precision;
import org.livingner.cli.bench.ThroughputBench;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.uima.PipelineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code livingner bench}: encoder throughput and its ratio to this machine's matmul rate. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the model's throughput on this machine.",
                "Measures subword tokens/s of the BERT token classifier's forward pass at each --precision, at several"
                + " batch sizes and lengths, this machine's fp32 and int8 matmul rates on ONNX Runtime, and the"
                + " fraction of the rate of its precision that the forward pass reaches; then the same over real IOB2"
                + " sentences with length-grouped batches; last, each precision's speed over the last one's."})
public final class BenchCommand implements Callable<Integer> {

    static final List<String> LABELS = List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES");

    @Option(names = "--model", paramLabel = "M",
            description = "Model: a directory, classpath:PATH or hf:ORG/NAME (default: the embedded model).")
    String modelLocation;

    @Option(names = "--random-config", paramLabel = "NAME",
            description = "Instead of --model, a model of random weights of this shape: bert-base (mBERT cased) or tiny.")
    String randomConfig;

    private Path model;

    @Option(names = PipelineSettings.OPTION_PRECISION, paramLabel = "P,P", split = ",", defaultValue = "int8,fp32",
            description = "Precisions of the forward pass to measure, one after the other on the same weights"
                    + " (int8, fp32, auto) (default: ${DEFAULT-VALUE}).")
    List<String> precisions;

    @Option(names = "--batches", split = ",", defaultValue = "1,8,16,32", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    int[] batches;

    @Option(names = "--lengths", split = ",", defaultValue = "32,64,128", description = "Sequence lengths in subwords (default: ${DEFAULT-VALUE}).")
    int[] lengths;

    @Option(names = "--seconds", defaultValue = "3", description = "Minimum time per measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--data", paramLabel = "FILE.iob2", defaultValue = "../shared/data/livingner/train.iob2",
            description = "Sentences for the real-sentences run (default: ${DEFAULT-VALUE}); skipped when absent.")
    Path data;

    @Option(names = "--sentences", defaultValue = "1000", description = "How many sentences of --data (default: ${DEFAULT-VALUE}).")
    int sentences;

    @Option(names = "--vocab", paramLabel = "vocab.txt",
            description = "Cased vocab.txt that tokenizes the real sentences for a --random-config model (default: the model's tokenizer).")
    Path vocab;

    @Option(names = "--real-batch", defaultValue = "16", description = "Batch size of the real-sentences run (default: ${DEFAULT-VALUE}).")
    int realBatch;

    @Option(names = "--reference", paramLabel = "REF",
            description = {"A second model measured in the same run, for ratios: a location as for --model, or "
                    + "random:bert-base / random:tiny. Each model then runs in its own JVM, one after the other, so "
                    + "that peak memory and load time are its own; the table of ratios (--model over REF) comes last."})
    String reference;

    @Option(names = "--result-json", paramLabel = "FILE", hidden = true,
            description = "Writes this run's figures as JSON (what --reference reads back from each child JVM).")
    Path resultJson;

    @Option(names = "--bf16", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Probe bf16 matmul in a separate JVM (default: ${DEFAULT-VALUE}).")
    boolean bf16;

    @Override
    public Integer call() throws Exception {
        if (reference != null) {
            return compareWithReference();
        }
        PrintStream out = System.out;
        long loadStart = System.nanoTime();
        Weights weights = load();
        long readMs = (System.nanoTime() - loadStart) / 1_000_000;
        out.printf(Locale.ROOT, "model: %s, %s on disk, weights read in %d ms%n", describeModel(),
                model == null ? "nothing" : String.format(Locale.ROOT, "%.1f MiB", diskBytes(model) / MIB), readMs);
        out.printf(Locale.ROOT, "load average: %s%n", ThroughputBench.loadAverage());
        ThroughputBench.matmulRates(out, 2048, 768, 3072, seconds);
        List<Measured> measured = new ArrayList<>();
        long firstLoadMs = -1;
        for (String setting : precisions) {
            Precision precision = model == null ? Precision.parse(setting, "--precision")
                    : Precision.resolve(setting, model, "--precision");
            long passStart = System.nanoTime();
            try (OnnxForwardPass pass = OnnxForwardPass.of(weights.config(), weights.tensors(), precision)) {
                long loadMs = readMs + (System.nanoTime() - passStart) / 1_000_000;
                firstLoadMs = firstLoadMs < 0 ? loadMs : firstLoadMs;
                out.println();
                out.printf(Locale.ROOT, "== %s (%s): graph written and session built in %d ms%n", precision,
                        pass.description(), (System.nanoTime() - passStart) / 1_000_000);
                ThroughputBench bench = new ThroughputBench(pass, out, seconds);
                bench.header();
                List<ThroughputBench.GridPoint> grid = bench.grid(batches, lengths);
                measured.add(new Measured(precision.id(), grid, realSentences(out, bench)));
            }
        }
        out.println();
        summary(out, measured);
        if (bf16) {
            out.println("bf16: " + probeBf16());
        }
        out.printf(Locale.ROOT, "load average at the end: %s%n", ThroughputBench.loadAverage());
        long peakKb = ThroughputBench.peakRssKb();
        out.printf(Locale.ROOT, "peak resident memory (VmHWM): %.0f MiB%n", peakKb / 1024.0);
        if (resultJson != null) {
            Measured first = measured.get(0);
            JSON.writeValue(resultJson.toFile(), new BenchResult(describeModel(),
                    model == null ? -1 : diskBytes(model), firstLoadMs, first.grid(), first.real(), peakKb));
        }
        return 0;
    }

    /** One precision's figures. */
    private record Measured(String precision, List<ThroughputBench.GridPoint> grid, ThroughputBench.RealRun real) {
    }

    private ThroughputBench.RealRun realSentences(PrintStream out, ThroughputBench bench) throws IOException {
        if (!Files.isRegularFile(data)) {
            out.println("real sentences: skipped, " + data + " not found");
            return null;
        }
        if (vocab == null && model == null) {
            out.println("real sentences: skipped, a random model needs --vocab (a cased vocab.txt) to tokenize them");
            return null;
        }
        List<List<String>> words = Iob2Corpus.firstSentenceTokens(data, sentences);
        try (BertTokenizer tokenizer = vocab != null
                ? BertTokenizer.fromVocab(Files.readAllLines(vocab, StandardCharsets.UTF_8), TokenizerSettings.cased())
                : BertTokenizer.load(model)) {
            return bench.realSentences(words, tokenizer, realBatch);
        }
    }

    /** Each precision's tokens/s over the last precision's, per grid point and over the real sentences. */
    private static void summary(PrintStream out, List<Measured> measured) {
        if (measured.size() < 2) {
            return;
        }
        Measured base = measured.get(measured.size() - 1);
        StringBuilder header = new StringBuilder("| measurement |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Measured m : measured) {
            header.append(' ').append(m.precision()).append(" tokens/s |");
            rule.append("---:|");
        }
        for (Measured m : measured.subList(0, measured.size() - 1)) {
            header.append(' ').append(m.precision()).append(" / ").append(base.precision()).append(" |");
            rule.append("---:|");
        }
        out.println("Precisions on the same weights, same run:");
        out.println(header);
        out.println(rule);
        for (int i = 0; i < base.grid().size(); i++) {
            ThroughputBench.GridPoint p = base.grid().get(i);
            int at = i;
            summaryRow(out, String.format(Locale.ROOT, "batch %d x %d", p.batch(), p.length()), measured,
                    m -> m.grid().get(at).tokensPerSecond());
        }
        if (measured.stream().allMatch(m -> m.real() != null)) {
            summaryRow(out, base.real().sentences() + " real sentences", measured, m -> m.real().tokensPerSecond());
        }
    }

    private static void summaryRow(PrintStream out, String what, List<Measured> measured,
                                   java.util.function.ToDoubleFunction<Measured> speed) {
        StringBuilder row = new StringBuilder("| " + what + " |");
        for (Measured m : measured) {
            row.append(String.format(Locale.ROOT, " %.0f |", speed.applyAsDouble(m)));
        }
        double base = speed.applyAsDouble(measured.get(measured.size() - 1));
        for (Measured m : measured.subList(0, measured.size() - 1)) {
            row.append(String.format(Locale.ROOT, " %.2f |", speed.applyAsDouble(m) / base));
        }
        out.println(row);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024.0 * 1024.0;

    /** What one JVM measured, for the comparison table of {@code --reference}. */
    record BenchResult(String model, long diskBytes, long loadMs, List<ThroughputBench.GridPoint> grid,
                       ThroughputBench.RealRun real, long peakRssKb) {
    }

    private String describeModel() {
        return randomConfig != null ? "random:" + randomConfig
                : modelLocation == null ? "embedded default model" : modelLocation;
    }

    private static long diskBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Runs the model and then the reference, each in a child JVM, and prints the model's figures over the reference's. */
    private int compareWithReference() throws IOException, InterruptedException {
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("livingner-bench");
        try {
            List<String> modelArgs = randomConfig != null ? List.of("--random-config", randomConfig)
                    : modelLocation != null ? List.of("--model", modelLocation) : List.of();
            List<String> referenceArgs = reference.startsWith("random:")
                    ? List.of("--random-config", reference.substring("random:".length()))
                    : List.of("--model", reference);
            BenchResult a = runChild("model", modelArgs, dir.resolve("model.json"));
            BenchResult b = runChild("reference", referenceArgs, dir.resolve("reference.json"));
            if (bf16) {
                out.println("bf16: " + probeBf16());
            }
            out.println();
            out.printf(Locale.ROOT, "%s over %s (same run, each in its own JVM):%n", a.model(), b.model());
            out.println("| measurement | model | reference | ratio |");
            out.println("|---|---:|---:|---:|");
            for (int i = 0; i < a.grid().size(); i++) {
                ThroughputBench.GridPoint p = a.grid().get(i);
                ThroughputBench.GridPoint q = b.grid().get(i);
                ratioRow(out, String.format(Locale.ROOT, "tokens/s, batch %d x %d", p.batch(), p.length()),
                        p.tokensPerSecond(), q.tokensPerSecond(), "%.0f");
            }
            if (a.real() != null && b.real() != null) {
                ratioRow(out, String.format(Locale.ROOT, "tokens/s, %d real sentences", a.real().sentences()),
                        a.real().tokensPerSecond(), b.real().tokensPerSecond(), "%.0f");
                ratioRow(out, "sentences/s, real sentences", a.real().sentencesPerSecond(),
                        b.real().sentencesPerSecond(), "%.1f");
            }
            ratioRow(out, "load time (ms)", a.loadMs(), b.loadMs(), "%.0f");
            ratioRow(out, "peak resident memory (MiB)", a.peakRssKb() / 1024.0, b.peakRssKb() / 1024.0, "%.0f");
            if (a.diskBytes() >= 0 && b.diskBytes() >= 0) {
                ratioRow(out, "size on disk (MiB)", a.diskBytes() / MIB, b.diskBytes() / MIB, "%.1f");
            }
            return 0;
        } finally {
            Files.deleteIfExists(dir.resolve("model.json"));
            Files.deleteIfExists(dir.resolve("reference.json"));
            Files.deleteIfExists(dir);
        }
    }

    private static void ratioRow(PrintStream out, String what, double a, double b, String format) {
        out.printf(Locale.ROOT, "| %s | " + format + " | " + format + " | %.2f |%n", what, a, b, a / b);
    }

    private BenchResult runChild(String role, List<String> modelArgs, Path json)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("bench"));
        args.addAll(modelArgs);
        args.addAll(List.of("--batches", join(batches), "--lengths", join(lengths),
                "--seconds", Double.toString(seconds), "--data", data.toString(),
                "--sentences", Integer.toString(sentences), "--real-batch", Integer.toString(realBatch),
                "--no-bf16", "--result-json", json.toString(),
                PipelineSettings.OPTION_PRECISION, String.join(",", precisions)));
        if (vocab != null) {
            args.addAll(List.of("--vocab", vocab.toString()));
        }
        System.out.println("== " + role + ": " + (modelArgs.isEmpty() ? "embedded default model"
                : String.join(" ", modelArgs)) + ", in a fresh JVM");
        System.out.flush();
        Process p = new ProcessBuilder(ChildJvm.cli(List.of(), args)).redirectErrorStream(true).start();
        p.getInputStream().transferTo(System.out);
        int exit = p.waitFor();
        if (exit != 0 || !Files.isRegularFile(json)) {
            throw new IllegalStateException("the " + role + " run (" + String.join(" ", modelArgs)
                    + ") failed with exit code " + exit + "; its output is above");
        }
        return JSON.readValue(json.toFile(), BenchResult.class);
    }

    private static String join(int[] values) {
        return java.util.Arrays.stream(values).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
    }

    /** A model's configuration and F32 weights under the checkpoint keys. */
    private record Weights(BertConfig config, Map<String, RawTensor> tensors) {
    }

    private Weights load() throws IOException {
        if (randomConfig == null) {
            model = org.livingner.uima.ModelLocations.resolve(modelLocation);
            BertConfig config = BertConfig.load(model.resolve("config.json"));
            return new Weights(config, Checkpoints.load(model, config));
        }
        if (modelLocation != null) {
            throw new IllegalArgumentException("give --model or --random-config, not both");
        }
        BertConfig config = switch (randomConfig) {
            case "bert-base" -> BertConfig.mbertCased(LABELS);
            case "tiny" -> new BertConfig(500, 32, 2, 4, 64, "gelu", 0.1, 0.1, 512, 2, 1e-12, 0, LABELS);
            default -> throw new IllegalArgumentException("--random-config must be bert-base or tiny, got '"
                    + randomConfig + "'");
        };
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification random = BertForTokenClassification.random(config, 42, manager)) {
            return new Weights(config, random.toRawTensors());
        }
    }

    /**
     * Runs {@link Bf16Probe} in a child JVM: DJL 0.36's PyTorch JNI has no mapping for DJL's BFLOAT16 and
     * aborts the whole process, so the probe must not run in this one.
     */
    private static String probeBf16() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ChildJvm.command(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=off"),
                Bf16Probe.class, List.of())).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "probe timed out";
        }
        String last = output.isEmpty() ? "" : output.substring(output.lastIndexOf('\n') + 1);
        if (p.exitValue() == 0) {
            return last;
        }
        return "not available on this DJL build: casting to DataType.BFLOAT16 aborted the JVM (exit "
                + p.exitValue() + ", '" + last + "'); DJL's PyTorch JNI maps only its dtypes 0-8 "
                + "(FLOAT32..COMPLEX64) to torch types, BFLOAT16 (" + DataType.BFLOAT16.ordinal()
                + ") falls to a bare 'throw;' and std::terminate";
    }

    /** Child-process probe: bf16 matmul speed and error against fp32. */
    public static final class Bf16Probe {
        public static void main(String[] args) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                NDArray a = m.randomNormal(new Shape(2048, 768));
                NDArray b = m.randomNormal(new Shape(768, 3072));
                NDArray ab = a.toType(DataType.BFLOAT16, false);
                NDArray bb = b.toType(DataType.BFLOAT16, false);
                long start = System.nanoTime();
                int iters = 0;
                NDArray c = null;
                do {
                    c = ab.matMul(bb);
                    iters++;
                } while (System.nanoTime() - start < 2e9);
                double gflops = 2.0 * 2048 * 768 * 3072 * iters / ((System.nanoTime() - start) / 1e9) / 1e9;
                float err = c.toType(DataType.FLOAT32, false).sub(a.matMul(b)).abs().max().getFloat();
                System.out.printf(Locale.ROOT, "bf16 matmul %.1f GFLOP/s, max abs error vs fp32 %.3g%n", gflops, err);
            }
        }
    }
}
