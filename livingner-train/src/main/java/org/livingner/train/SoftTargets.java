package org.livingner.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.livingner.corpus.Iob2Sentence;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * A teacher's distribution over the labels for every word of a training file, stored so that distillation runs
 * without the teacher: {@code livingner teach} writes one file per teacher, {@code livingner train
 * --teacher-targets} reads one or more and averages them (an {@link Ensemble}). A fine-tuned mBERT is 700 MB and
 * takes over an hour to train on two cores; its distributions over LivingNER's {@code train.iob2} take a few hundred
 * kilobytes, so teachers trained on different machines and days can be kept beside the code and combined later.
 *
 * <p>The file is gzip-compressed UTF-8 text. Line 1 is a JSON {@link Header}. Every other line is one sentence:
 * {@code part TAB key TAB words TAB base64}, where {@code part} is {@code train} or {@code dev} (which part of the
 * dev split it was in, so an ensemble can be scored on sentences its teachers did not learn from), {@code key} is
 * {@link #key} of the sentence's words, {@code words} their number and {@code base64} holds {@code words x labels}
 * bytes, word by word in label order: byte {@code q} stands for a natural-log probability of {@code -30 (q / 255)²}
 * at temperature 1 (255: -30 or less). The steps are finest where a teacher is nearly sure (0.0005 nats next to
 * certainty, 0.04 nats at a probability of one half, 0.23 nats at the floor), where the soft targets carry their
 * weight; a probability is kept to within 2 % of itself or better, finer than the teachers of an ensemble agree.
 * The file holds no text of the corpus: sentences are found by their key.
 *
 * <p>Written by hand: no library format keeps per-word distributions keyed by sentence.
 */
public final class SoftTargets {

    public static final String FORMAT = "livingner-soft-targets";
    public static final int VERSION = 1;
    /** The lowest log-probability stored; byte 255. */
    static final double FLOOR_NATS = 30;
    private static final int MAX_STEP = 255;
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /**
     * What a file holds and how it was made.
     *
     * @param format  always {@link #FORMAT}
     * @param version always {@link #VERSION}
     * @param labels  the teacher's labels, in id order: the order of each word's bytes
     * @param teacher the teacher's model directory as given, and what it was (free text)
     * @param source  the training file's name and its sentence count
     * @param reading how the teacher read the sentences (packing or windows, lengths)
     */
    public record Header(String format, int version, List<String> labels, String teacher, String source,
                         String reading) {
        public Header {
            labels = List.copyOf(labels);
        }

        public static Header of(List<String> labels, String teacher, String source, String reading) {
            return new Header(FORMAT, VERSION, labels, teacher, source, reading);
        }
    }

    /** One stored sentence: its part, the line it was read from, and its quantized log-probabilities. */
    private record Entry(String part, int line, int words, byte[] steps) {
    }

    private final Path file;
    private final Header header;
    private final Map<String, Entry> entries;
    private final String sha256;

    private SoftTargets(Path file, Header header, Map<String, Entry> entries, String sha256) {
        this.file = file;
        this.header = header;
        this.entries = entries;
        this.sha256 = sha256;
    }

    public Header header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** The first 16 hex digits of SHA-256 over the words, each followed by a line feed (UTF-8). */
    public static String key(List<String> words) {
        MessageDigest digest = sha256();
        for (String w : words) {
            digest.update(w.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    /**
     * Writes a file (atomically: a temporary file beside it, then moved).
     *
     * @param parts            {@code train} or {@code dev} for each sentence
     * @param sentences        the sentences in the words the teacher labelled (the model's words)
     * @param logProbabilities per sentence, {@code words x labels} natural-log probabilities at temperature 1
     * @return the number of sentences written (a sentence repeated word for word is written once)
     */
    public static int write(Path file, Header header, List<String> parts, List<Iob2Sentence> sentences,
                            List<float[]> logProbabilities) throws IOException {
        if (parts.size() != sentences.size() || logProbabilities.size() != sentences.size()) {
            throw new IllegalArgumentException(sentences.size() + " sentences but " + parts.size() + " parts and "
                    + logProbabilities.size() + " distributions");
        }
        int numLabels = header.labels().size();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(tmp)),
                StandardCharsets.UTF_8))) {
            out.write(JSON.writeValueAsString(header));
            out.write('\n');
            for (int s = 0; s < sentences.size(); s++) {
                List<String> words = sentences.get(s).tokens();
                float[] logP = logProbabilities.get(s);
                if (logP.length != words.size() * numLabels) {
                    throw new IllegalArgumentException("sentence " + (s + 1) + ": " + logP.length + " values for "
                            + words.size() + " words of " + numLabels + " labels");
                }
                String part = parts.get(s);
                if (!part.equals("train") && !part.equals("dev")) {
                    throw new IllegalArgumentException("sentence " + (s + 1) + ": part '" + part
                            + "', expected train or dev");
                }
                String key = key(words);
                if (words.isEmpty() || !seen.add(key)) {
                    continue;
                }
                byte[] steps = new byte[logP.length];
                for (int i = 0; i < logP.length; i++) {
                    steps[i] = (byte) quantize(logP[i]);
                }
                out.write(part + "\t" + key + "\t" + words.size() + "\t" + Base64.getEncoder().encodeToString(steps)
                        + "\n");
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return seen.size();
    }

    static int quantize(float logProbability) {
        if (!(logProbability <= 0)) {
            // a probability above 1 is rounding; NaN would be a broken teacher
            if (Float.isNaN(logProbability)) {
                throw new IllegalArgumentException("a log-probability is NaN");
            }
            return 0;
        }
        return (int) Math.min(MAX_STEP, Math.round(MAX_STEP * Math.sqrt(-logProbability / FLOOR_NATS)));
    }

    static float dequantize(int step) {
        double r = (double) step / MAX_STEP;
        return (float) (-FLOOR_NATS * r * r);
    }

    /**
     * Reads a file.
     *
     * @throws IOException naming the file and line, and what was expected there
     */
    public static SoftTargets read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file (expected soft targets written by livingner teach)");
        }
        // read once: the bytes are both hashed (the resume check) and decompressed
        byte[] bytes = Files.readAllBytes(file);
        String sha = HexFormat.of().formatHex(sha256().digest(bytes));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                new java.io.ByteArrayInputStream(bytes)), StandardCharsets.UTF_8))) {
            String first = in.readLine();
            if (first == null) {
                throw new IOException(file + " line 1: empty; expected a JSON header of " + FORMAT);
            }
            Header header;
            try {
                header = JSON.readValue(first, Header.class);
            } catch (JsonProcessingException e) {
                throw new IOException(file + " line 1: expected a JSON header of " + FORMAT + ": "
                        + e.getOriginalMessage());
            }
            if (!FORMAT.equals(header.format()) || header.version() != VERSION) {
                throw new IOException(file + " line 1: format " + header.format() + " version " + header.version()
                        + "; expected " + FORMAT + " version " + VERSION);
            }
            if (header.labels() == null || header.labels().isEmpty()) {
                throw new IOException(file + " line 1: no labels in the header");
            }
            int numLabels = header.labels().size();
            Map<String, Entry> entries = new LinkedHashMap<>();
            int lineNo = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                String[] f = line.split("\t", -1);
                if (f.length != 4) {
                    throw new IOException(file + " line " + lineNo + ": " + f.length
                            + " tab-separated fields; expected 4 (part, key, words, base64)");
                }
                if (!f[0].equals("train") && !f[0].equals("dev")) {
                    throw new IOException(file + " line " + lineNo + ": part '" + f[0] + "'; expected train or dev");
                }
                int words;
                byte[] steps;
                try {
                    words = Integer.parseInt(f[2]);
                    steps = Base64.getDecoder().decode(f[3]);
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + " line " + lineNo + ": expected a word count and base64 bytes: "
                            + e.getMessage());
                }
                if (words <= 0 || steps.length != words * numLabels) {
                    throw new IOException(file + " line " + lineNo + ": " + steps.length + " bytes for " + words
                            + " words; expected words x " + numLabels + " labels");
                }
                if (entries.putIfAbsent(f[1], new Entry(f[0], lineNo, words, steps)) != null) {
                    throw new IOException(file + " line " + lineNo + ": key " + f[1] + " already on line "
                            + entries.get(f[1]).line() + " (each sentence is stored once)");
                }
            }
            return new SoftTargets(file, header, entries, sha);
        } catch (ZipException e) {
            throw new IOException(file + ": not gzip-compressed (" + e.getMessage() + "); expected soft targets"
                    + " written by livingner teach");
        }
    }

    /**
     * The stored log-probabilities of a sentence, {@code words x labels}, or null when it is not stored.
     *
     * @throws IllegalArgumentException when its key is stored with another word count
     */
    float[] logProbabilities(Iob2Sentence sentence) {
        Entry e = entries.get(key(sentence.tokens()));
        if (e == null) {
            return null;
        }
        if (e.words() != sentence.size()) {
            throw new IllegalArgumentException(file + " line " + e.line() + ": " + e.words() + " words stored for a"
                    + " sentence of " + sentence.size());
        }
        float[] logP = new float[e.steps().length];
        for (int i = 0; i < logP.length; i++) {
            logP[i] = dequantize(e.steps()[i] & 0xff);
        }
        return logP;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One or more stored teachers whose distributions are averaged, word by word. */
    public static final class Ensemble {

        private final List<SoftTargets> members;

        private Ensemble(List<SoftTargets> members) {
            this.members = List.copyOf(members);
        }

        /** @throws IOException naming a bad file, or two files whose labels differ */
        public static Ensemble read(List<Path> files) throws IOException {
            List<SoftTargets> members = new ArrayList<>();
            for (Path f : files) {
                members.add(SoftTargets.read(f));
            }
            return of(members);
        }

        /** @throws IOException naming two files whose labels differ */
        public static Ensemble of(List<SoftTargets> members) throws IOException {
            if (members.isEmpty()) {
                throw new IllegalArgumentException("no soft-target files given");
            }
            SoftTargets first = members.get(0);
            for (SoftTargets t : members) {
                if (!first.header().labels().equals(t.header().labels())) {
                    throw new IOException(t.file() + ": labels " + t.header().labels() + " differ from "
                            + first.file() + "'s " + first.header().labels());
                }
            }
            return new Ensemble(members);
        }

        public List<SoftTargets> members() {
            return members;
        }

        public List<String> labels() {
            return members.get(0).header().labels();
        }

        void requireLabels(List<String> labels) {
            if (!labels().equals(labels)) {
                throw new IllegalArgumentException("the soft targets' labels " + labels() + " (" + members.get(0).file()
                        + ") differ from the training data's " + labels + " (same labels in the same order needed)");
            }
        }

        /**
         * The mean over the members of {@code softmax(log p / temperature)} for every word of {@code sentences},
         * one after the other, {@code labels} values a word.
         *
         * @throws IllegalArgumentException naming the first sentence a member does not hold
         */
        public float[] probabilities(List<Iob2Sentence> sentences, double temperature) {
            int numLabels = labels().size();
            int words = sentences.stream().mapToInt(Iob2Sentence::size).sum();
            float[] out = new float[words * numLabels];
            int offset = 0;
            for (int s = 0; s < sentences.size(); s++) {
                Iob2Sentence sentence = sentences.get(s);
                for (SoftTargets m : members) {
                    float[] logP = m.logProbabilities(sentence);
                    if (logP == null) {
                        throw new IllegalArgumentException(m.file() + " holds no soft targets for sentence " + (s + 1)
                                + " of " + sentences.size() + " (" + sentence.size() + " words, beginning '"
                                + String.join(" ", sentence.tokens().subList(0, Math.min(6, sentence.size())))
                                + "'): it was written for other sentences (" + m.header().source() + ")");
                    }
                    addSoftmax(logP, temperature, numLabels, out, offset, members.size());
                }
                offset += sentence.size() * numLabels;
            }
            return out;
        }

        private static void addSoftmax(float[] logP, double temperature, int numLabels, float[] out, int offset,
                                       int count) {
            for (int w = 0; w < logP.length; w += numLabels) {
                double max = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < numLabels; l++) {
                    max = Math.max(max, logP[w + l] / temperature);
                }
                double sum = 0;
                double[] e = new double[numLabels];
                for (int l = 0; l < numLabels; l++) {
                    e[l] = Math.exp(logP[w + l] / temperature - max);
                    sum += e[l];
                }
                for (int l = 0; l < numLabels; l++) {
                    out[offset + w + l] += (float) (e[l] / sum / count);
                }
            }
        }

        /**
         * Strict scores of the mean distributions' most probable labels against the gold tags of {@code gold} (in
         * the model's words), which every member must hold: the members' own reading of those sentences.
         */
        public org.livingner.corpus.scoring.Scores score(List<Iob2Sentence> gold) {
            float[] p = probabilities(gold, 1.0);
            List<org.livingner.bert.tagging.WordLabel[]> perSentence = new ArrayList<>(gold.size());
            int offset = 0;
            for (Iob2Sentence s : gold) {
                perSentence.add(DevEvaluator.argmax(s, p, offset, labels()));
                offset += s.size() * labels().size();
            }
            return DevEvaluator.score(gold, perSentence);
        }

        /** "FILE" or "N files (FILE, FILE, ...)". */
        public String describe() {
            List<String> names = members.stream().map(m -> m.file().toString()).toList();
            return names.size() == 1 ? names.get(0) : names.size() + " files (" + String.join(", ", names) + ")";
        }

        /** The members' content hashes, for the resume check. */
        String fingerprint() {
            return String.join(",", members.stream().map(m -> m.sha256.substring(0, 16)).toList());
        }
    }
}
