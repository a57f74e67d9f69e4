package org.livingner.cli.bench;

import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.tagging.ForwardPass;
import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.bert.tagging.WindowedTagger;
import org.livingner.bert.tagging.WordSequence;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tokenization.Word;
import org.livingner.onnx.MatmulRates;
import org.livingner.onnx.OnnxForwardPass;
import org.livingner.onnx.Precision;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Forward-pass throughput against this machine's own matmul rate at the pass's precision: subword tokens per second
 * at fixed batch sizes and lengths, and over real sentences through the predictor's length grouping; each as a
 * fraction of the matmul roofline (model FLOPs per token times tokens per second, over the measured rate of the
 * product the pass runs: ONNX Runtime's int8 {@code MatMulInteger} for an int8 pass, its fp32 {@code MatMul}
 * otherwise).
 */
public final class ThroughputBench {

    private final ForwardPass pass;
    private final BertConfig config;
    private final PrintStream out;
    private final double seconds;

    public ThroughputBench(ForwardPass pass, PrintStream out, double seconds) {
        this.pass = pass;
        this.config = pass.config();
        this.out = out;
        this.seconds = seconds;
    }

    /**
     * A bench of a loaded classifier's model (the same weights, no second copy); its measurements run on the calling
     * thread and must not overlap the classifier's own labelling calls.
     */
    public static ThroughputBench of(TokenClassifier classifier, PrintStream out, double seconds) {
        return new ThroughputBench(classifier.forwardPass(), out, seconds);
    }

    /** Whether the pass multiplies in int8, so its limit is the int8 matmul rate. */
    private boolean int8() {
        return pass instanceof OnnxForwardPass onnx && onnx.precision() == Precision.INT8;
    }

    /** "GOP/s" for int8, "GFLOP/s" for fp32. */
    private String unit() {
        return int8() ? "GOP/s" : "GFLOP/s";
    }

    /** Multiply-adds counted as 2 FLOPs: the linear layers, attention's two T x T products and the head. */
    public static double flopsPerToken(BertConfig c, int tokens) {
        double h = c.hiddenSize();
        double perLayer = 2 * (4 * h * h + 2 * h * c.intermediateSize()) + 2 * 2 * tokens * h;
        return c.numHiddenLayers() * perLayer + 2 * h * c.numLabels();
    }

    public void header() {
        BertConfig c = config;
        out.printf(Locale.ROOT, "engine %s, cores %d%n", pass.description(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "load average: %s%n", loadAverage());
        out.printf(Locale.ROOT, "model: %d layers, hidden %d, heads %d, intermediate %d, vocab %d, labels %d%n",
                c.numHiddenLayers(), c.hiddenSize(), c.numAttentionHeads(), c.intermediateSize(), c.vocabSize(),
                c.numLabels());
    }

    /** This machine's fp32 and int8 matmul rates on ONNX Runtime, [m x k] x [k x n], printed. */
    public static void matmulRates(PrintStream out, int m, int k, int n, double seconds) {
        double fp32 = MatmulRates.fp32(m, k, n, seconds);
        double int8 = MatmulRates.int8(m, k, n, seconds);
        out.printf(Locale.ROOT, "matmul fp32 [%dx%d]x[%dx%d]: %.1f GFLOP/s; int8 (uint8 x int8 MatMulInteger): %.1f GOP/s"
                + " (%.2fx fp32), ONNX Runtime, %d intra-op threads%n", m, k, k, n, fp32, int8, int8 / fp32,
                OnnxForwardPass.intraOpThreads());
    }

    /** Tokens per second of the forward pass on random ids, batch x length, all positions real. */
    public double tokensPerSecond(int batch, int length) {
        SplittableRandom r = new SplittableRandom(batch * 1000L + length);
        long[] ids = new long[batch * length];
        int vocab = config.vocabSize();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 5 + r.nextInt(vocab - 5);
        }
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1);
        pass.probabilities(ids, mask, batch, length);
        long start = System.nanoTime();
        int iters = 0;
        do {
            pass.probabilities(ids, mask, batch, length);
            iters++;
        } while (System.nanoTime() - start < seconds * 1e9 || iters < 2);
        return (double) batch * length * iters / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The grid; each point's ratio uses a matmul rate measured right before it, so that load from other
     * processes on a shared machine skews both sides alike.
     */
    public List<GridPoint> grid(int[] batches, int[] lengths) {
        out.println("| batch | seq | tokens/s | GFLOP/s | matmul " + unit() + " | of matmul |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        List<GridPoint> points = new ArrayList<>();
        for (int t : lengths) {
            for (int b : batches) {
                double matmul = quietMatmulGflops();
                double tps = tokensPerSecond(b, t);
                double gf = tps * flopsPerToken(config, t) / 1e9;
                out.printf(Locale.ROOT, "| %d | %d | %.0f | %.1f | %.1f | %.0f%% |%n", b, t, tps, gf, matmul,
                        100 * gf / matmul);
                points.add(new GridPoint(b, t, tps, gf / matmul));
            }
        }
        return points;
    }

    /** One batch x length measurement: subword tokens/s and its fraction of the matmul rate. */
    public record GridPoint(int batch, int length, double tokensPerSecond, double ofMatmul) {
    }

    /** The real-sentences run: subword tokens/s, sentences/s and the fraction of the matmul rate. */
    public record RealRun(int sentences, long tokens, double tokensPerSecond, double sentencesPerSecond,
                          double ofMatmul) {
    }

    /** The matmul rate of the pass's precision (int8 GOP/s or fp32 GFLOP/s) without printing it. */
    public double quietMatmulGflops() {
        double time = Math.min(seconds, 1.0);
        return int8() ? MatmulRates.int8(2048, 768, 3072, time) : MatmulRates.fp32(2048, 768, 3072, time);
    }

    /** The 1/5/15-minute load averages: above the core count, other processes share the CPUs and skew timings. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Real sentences through the predictor (first-subword labelling, batches grouped by length), tokenized by
     * {@code encoder} (the model's tokenizer).
     */
    public RealRun realSentences(List<List<String>> sentences, BertTokenizer encoder, int batchSize) {
        SentenceRun run = sentenceSpeed(sentences, encoder, batchSize);
        double matmulGflops = quietMatmulGflops();
        double gf = run.flops() / run.seconds() / 1e9;
        out.printf(Locale.ROOT, "real sentences: %d sentences, %d subword tokens (mean %.1f incl. [CLS]/[SEP]), "
                        + "batch %d grouped by length: %.1f s, %.0f tokens/s, %.0f sentences/s, %.1f " + unit()
                        + ", %.0f%% of matmul%n",
                run.sentences(), run.tokens(), (double) run.tokens() / run.sentences(), batchSize, run.seconds(),
                run.tokensPerSecond(), run.sentencesPerSecond(), gf, 100 * gf / matmulGflops);
        return new RealRun(run.sentences(), run.tokens(), run.tokensPerSecond(), run.sentencesPerSecond(),
                gf / matmulGflops);
    }

    /**
     * One timed pass of sentences through the predictor, as {@link #realSentences} makes it: {@code tokens} counts
     * each sentence's subwords with [CLS] and [SEP] (at most 512), {@code flops} the model FLOPs of those tokens.
     */
    public record SentenceRun(int sentences, long tokens, double seconds, double flops) {
        public double tokensPerSecond() {
            return tokens / seconds;
        }

        public double sentencesPerSecond() {
            return sentences / seconds;
        }
    }

    /**
     * What {@link #realSentences} measures, without the matmul reference and without printing: the sentences (each a
     * list of words) labelled in batches of {@code batchSize} grouped by length, no context, after a warm-up pass
     * over the first {@code 2 x batchSize} of them.
     */
    public SentenceRun sentenceSpeed(List<List<String>> sentences, BertTokenizer encoder, int batchSize) {
        List<WordSequence> seqs = new ArrayList<>();
        for (List<String> s : sentences) {
            List<Word> ws = new ArrayList<>();
            int pos = 0;
            for (String w : s) {
                ws.add(new Word(w, pos, pos + w.length()));
                pos += w.length() + 1;
            }
            seqs.add(WordSequence.of(ws));
        }
        long realTokens = 0;
        double flops = 0;
        for (WordSequence s : seqs) {
            List<String> texts = s.words().stream().map(Word::text).toList();
            int n = 2;
            for (int[] p : encoder.wordPieces(texts)) {
                n += p.length;
            }
            n = Math.min(n, 512);
            realTokens += n;
            flops += n * flopsPerToken(config, n);
        }
        WindowedTagger tagger = new WindowedTagger(pass, encoder, batchSize,
                Math.min(512, config.maxPositionEmbeddings()));
        tagger.labelWords(seqs.subList(0, Math.min(seqs.size(), 2 * batchSize)));
        long start = System.nanoTime();
        tagger.labelWords(seqs);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new SentenceRun(seqs.size(), realTokens, elapsed, flops);
    }

    /** Peak resident memory of this process (VmHWM), or -1 where /proc is absent. */
    public static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

}
