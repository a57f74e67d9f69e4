package org.livingner.bert.tagging;

import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tokenization.SubwordEncoder;
import org.livingner.bert.tokenization.Word;

import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Labels the words of many sequences with a token-classification model: the first subword of a word labels
 * it; a sequence longer than the model's window is read as overlapping windows and each word keeps the
 * prediction of the window where it sits most centrally; windows are batched by length so that little
 * padding is computed. Stateless between calls, so one instance serves many threads.
 */
public final class WindowedTagger {

    private final ForwardPass model;
    private final SubwordEncoder encoder;
    private final int batchSize;
    private final int maxSequenceLength;
    private final Calibration calibration;
    private final LongAdder encodedSubwords = new LongAdder();
    private final LongAdder labelledSubwords = new LongAdder();
    private final LongAdder forwardPasses = new LongAdder();
    private final LongAdder passedWindows = new LongAdder();
    private final LongAdder forwardNanos = new LongAdder();
    private final LongAdder forwardPositions = new LongAdder();

    /**
     * A tagger over a DJL model that stays the caller's.
     *
     * @param manager parent of each call's scratch manager
     * @param maxSequenceLength window length in subwords, [CLS] and [SEP] included
     */
    public WindowedTagger(BertForTokenClassification model, SubwordEncoder encoder, NDManager manager, int batchSize,
                   int maxSequenceLength) {
        this(new DjlForwardPass(model, manager), encoder, batchSize, maxSequenceLength, Calibration.NONE);
    }

    /** @param maxSequenceLength window length in subwords, [CLS] and [SEP] included */
    public WindowedTagger(ForwardPass model, SubwordEncoder encoder, int batchSize, int maxSequenceLength) {
        this(model, encoder, batchSize, maxSequenceLength, Calibration.NONE);
    }

    /**
     * @param maxSequenceLength window length in subwords, [CLS] and [SEP] included
     * @param calibration       turns the softmax probability of each word's label into its
     *                          {@link WordLabel#probability()}
     */
    public WindowedTagger(ForwardPass model, SubwordEncoder encoder, int batchSize, int maxSequenceLength,
                          Calibration calibration) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (maxSequenceLength < 3 || maxSequenceLength > model.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("max sequence length must be in 3.."
                    + model.config().maxPositionEmbeddings() + " (max_position_embeddings), got " + maxSequenceLength);
        }
        this.model = model;
        this.encoder = encoder;
        this.batchSize = batchSize;
        this.maxSequenceLength = maxSequenceLength;
        this.calibration = calibration;
    }

    /** One model input: words [from, to) of a sequence, as subword ids with [CLS] and [SEP]. */
    private record Window(int sequence, int from, int to, int[] ids, int[] firstPiece) {
    }

    /** The best prediction so far for each focus word of each sequence. */
    private static final class Best {
        final String[] labels;
        final float[] probabilities;
        /** each word's softmax probabilities over all labels, uncalibrated; null unless they were asked for */
        final float[][] distributions;
        final int[] centrality;
        final int[] from;

        Best(int n, boolean keepDistributions) {
            labels = new String[n];
            probabilities = new float[n];
            distributions = keepDistributions ? new float[n][] : null;
            centrality = new int[n];
            from = new int[n];
            Arrays.fill(centrality, -1);
        }
    }

    public List<List<WordLabel>> labelWords(List<WordSequence> sequences) {
        return labelEncoded(encode(sequences), this::wordLabels, false);
    }

    /**
     * Each sequence's focus words' softmax probabilities over all labels (in the model's label order), read as
     * {@link #labelWords} reads them but before calibration: what a {@link Calibration} is fitted on.
     */
    public List<List<float[]>> wordDistributions(List<WordSequence> sequences) {
        return labelEncoded(encode(sequences), (seq, best) -> List.of(best.distributions), true);
    }

    /**
     * Each document's words' uncalibrated softmax probabilities, packed and read exactly as
     * {@link #labelPacked} reads them.
     */
    public List<List<List<float[]>>> wordDistributionsPacked(List<List<List<Word>>> documents,
                                                             ContextPacker packer) {
        return packed(documents, packer, (seq, best) -> List.of(best.distributions), true);
    }

    private List<Encoded> encode(List<WordSequence> sequences) {
        List<Encoded> encoded = new ArrayList<>(sequences.size());
        for (WordSequence seq : sequences) {
            encoded.add(new Encoded(seq, pieces(seq.words())));
        }
        return encoded;
    }

    /**
     * Each document's sentences packed into few sequences ({@link ContextPacker}) and labelled, every document's
     * sequences batched together by length.
     *
     * @param documents for each document, the words of each sentence in order
     * @return for each document, the labels of each sentence's words, in order (an empty sentence gets none)
     */
    List<List<List<WordLabel>>> labelPacked(List<List<List<Word>>> documents, ContextPacker packer) {
        return packed(documents, packer, this::wordLabels, false);
    }

    /** What each focus word of a sequence gets: its label, or its distribution. */
    private interface WordResult<T> {
        List<T> of(WordSequence seq, Best best);
    }

    private <T> List<List<List<T>>> packed(List<List<List<Word>>> documents, ContextPacker packer,
                                           WordResult<T> result, boolean distributions) {
        List<Encoded> encoded = new ArrayList<>();
        int[] firstSequence = new int[documents.size() + 1];
        for (int d = 0; d < documents.size(); d++) {
            firstSequence[d] = encoded.size();
            List<Word> words = new ArrayList<>();
            List<List<Word>> sentences = documents.get(d);
            int[] sentenceEnds = new int[sentences.size()];
            for (int i = 0; i < sentences.size(); i++) {
                words.addAll(sentences.get(i));
                sentenceEnds[i] = words.size();
            }
            int[][] pieces = pieces(words);
            int[] len = new int[pieces.length];
            for (int i = 0; i < pieces.length; i++) {
                len[i] = Math.min(pieces[i].length, maxSequenceLength - 2);
            }
            for (ContextPacker.Sequence s : packer.pack(len, sentenceEnds)) {
                encoded.add(new Encoded(new WordSequence(words.subList(s.from(), s.to()), s.focusBegin() - s.from(),
                        s.focusEnd() - s.from()), Arrays.copyOfRange(pieces, s.from(), s.to())));
            }
        }
        firstSequence[documents.size()] = encoded.size();
        List<List<T>> labelled = labelEncoded(encoded, result, distributions);
        List<List<List<T>>> out = new ArrayList<>(documents.size());
        for (int d = 0; d < documents.size(); d++) {
            List<T> all = new ArrayList<>();
            for (int q = firstSequence[d]; q < firstSequence[d + 1]; q++) {
                all.addAll(labelled.get(q));
            }
            List<List<T>> perSentence = new ArrayList<>();
            int at = 0;
            for (List<Word> sentence : documents.get(d)) {
                perSentence.add(List.copyOf(all.subList(at, at + sentence.size())));
                at += sentence.size();
            }
            if (at != all.size()) {
                throw new IllegalStateException("packed sequences labelled " + all.size() + " words of " + at);
            }
            out.add(perSentence);
        }
        return out;
    }

    /** Subwords the model has read (text only, without [CLS]/[SEP]/padding) since this tagger was made. */
    long encodedSubwords() {
        return encodedSubwords.sum();
    }

    /** Subwords of the words labelled since this tagger was made: each word's subwords counted once. */
    long labelledSubwords() {
        return labelledSubwords.sum();
    }

    /** Forward passes run since this tagger was made. */
    long forwardPasses() {
        return forwardPasses.sum();
    }

    /** The model inputs (windows) the forward passes held since this tagger was made. */
    long passedWindows() {
        return passedWindows.sum();
    }

    /**
     * Time spent in forward passes (inputs built, model run, softmax read back) since this tagger was made: what
     * the model itself cost inside a pipeline.
     */
    long forwardNanos() {
        return forwardNanos.sum();
    }

    /** The positions the forward passes ran since this tagger was made, padding, [CLS] and [SEP] included. */
    long forwardPositions() {
        return forwardPositions.sum();
    }

    private int[][] pieces(List<Word> words) {
        List<String> texts = new ArrayList<>(words.size());
        words.forEach(w -> texts.add(w.text()));
        int[][] pieces = encoder.wordPieces(texts);
        if (pieces.length != texts.size()) {
            throw new IllegalStateException("tokenizer returned pieces for " + pieces.length + " of "
                    + texts.size() + " words");
        }
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i].length == 0) {
                throw new IllegalStateException("tokenizer returned no subwords for word '" + texts.get(i) + "'");
            }
        }
        return pieces;
    }

    /** A sequence and the subword ids of its words. */
    private record Encoded(WordSequence seq, int[][] pieces) {
    }

    /** @param distributions whether to keep each word's distribution (only {@link #wordDistributions} reads them) */
    private <T> List<List<T>> labelEncoded(List<Encoded> sequences, WordResult<T> result, boolean distributions) {
        List<Window> windows = new ArrayList<>();
        List<Best> best = new ArrayList<>();
        for (int s = 0; s < sequences.size(); s++) {
            WordSequence seq = sequences.get(s).seq();
            best.add(new Best(seq.focusEnd() - seq.focusBegin(), distributions));
            if (seq.focusEnd() > seq.focusBegin()) {
                windows.addAll(windowsOf(s, seq, sequences.get(s).pieces()));
                long focus = 0;
                for (int i = seq.focusBegin(); i < seq.focusEnd(); i++) {
                    focus += Math.min(sequences.get(s).pieces()[i].length, maxSequenceLength - 2);
                }
                labelledSubwords.add(focus);
            }
        }
        for (Window w : windows) {
            encodedSubwords.add(w.ids().length - 2);
        }
        windows.sort(Comparator.comparingInt((Window w) -> w.ids().length));
        List<String> labels = model.config().labels();
        int[] lengths = windows.stream().mapToInt(w -> w.ids().length).toArray();
        for (Range range : LengthBatches.split(lengths, batchSize)) {
            List<Window> batch = windows.subList(range.from(), range.to());
            long start = System.nanoTime();
            float[][] probs = probabilities(batch);
            forwardNanos.add(System.nanoTime() - start);
            forwardPositions.add((long) batch.size() * lengths[range.to() - 1]);
            forwardPasses.increment();
            passedWindows.add(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                record(batch.get(i), probs[i], labels, sequences.get(batch.get(i).sequence()).seq(),
                        best.get(batch.get(i).sequence()), calibration);
            }
        }
        List<List<T>> out = new ArrayList<>(sequences.size());
        for (int s = 0; s < sequences.size(); s++) {
            out.add(result.of(sequences.get(s).seq(), best.get(s)));
        }
        return out;
    }

    private List<WordLabel> wordLabels(WordSequence seq, Best b) {
        List<WordLabel> words = new ArrayList<>(b.labels.length);
        for (int i = 0; i < b.labels.length; i++) {
            words.add(new WordLabel(seq.words().get(seq.focusBegin() + i), b.labels[i], b.probabilities[i]));
        }
        return words;
    }

    /** The words of the windows a sequence is read in (for tests and diagnostics). */
    List<Range> windowRanges(WordSequence seq) {
        List<Range> out = new ArrayList<>();
        for (Window w : windowsOf(0, seq, pieces(seq.words()))) {
            out.add(new Range(w.from(), w.to()));
        }
        return out;
    }

    /**
     * The focus in one window, widened by context on both sides while it fits; when the focus itself does not
     * fit, windows over the focus that overlap by half.
     */
    private List<Window> windowsOf(int s, WordSequence seq, int[][] pieces) {
        int budget = maxSequenceLength - 2;
        int[] len = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            len[i] = Math.min(pieces[i].length, budget);
        }
        int focusLength = 0;
        for (int i = seq.focusBegin(); i < seq.focusEnd(); i++) {
            focusLength += len[i];
        }
        List<Window> out = new ArrayList<>();
        if (focusLength <= budget) {
            int from = seq.focusBegin();
            int to = seq.focusEnd();
            int used = focusLength;
            boolean grew = true;
            while (grew) {
                grew = false;
                if (from > 0 && used + len[from - 1] <= budget) {
                    used += len[--from];
                    grew = true;
                }
                if (to < len.length && used + len[to] <= budget) {
                    used += len[to++];
                    grew = true;
                }
            }
            out.add(window(s, from, to, pieces, len));
            return out;
        }
        int from = seq.focusBegin();
        while (true) {
            int to = from;
            int used = 0;
            while (to < seq.focusEnd() && used + len[to] <= budget) {
                used += len[to++];
            }
            out.add(window(s, from, to, pieces, len));
            if (to >= seq.focusEnd()) {
                return out;
            }
            // next window starts at the first word past the middle of this one (at least one word further)
            int next = from;
            int acc = 0;
            while (next < to - 1 && acc + len[next] <= used / 2) {
                acc += len[next++];
            }
            from = Math.max(next, from + 1);
        }
    }

    private Window window(int s, int from, int to, int[][] pieces, int[] len) {
        int n = 2;
        for (int i = from; i < to; i++) {
            n += len[i];
        }
        int[] ids = new int[n];
        int[] first = new int[to - from];
        int p = 0;
        ids[p++] = encoder.clsId();
        for (int i = from; i < to; i++) {
            first[i - from] = p;
            System.arraycopy(pieces[i], 0, ids, p, len[i]);
            p += len[i];
        }
        ids[p] = encoder.sepId();
        return new Window(s, from, to, ids, first);
    }

    /** Softmax probabilities [window][position * labels + label] for a batch padded to its longest window. */
    private float[][] probabilities(List<Window> batch) {
        int t = 0;
        for (Window w : batch) {
            t = Math.max(t, w.ids().length);
        }
        long[] ids = new long[batch.size() * t];
        long[] mask = new long[batch.size() * t];
        Arrays.fill(ids, encoder.padId());
        for (int i = 0; i < batch.size(); i++) {
            int[] w = batch.get(i).ids();
            for (int j = 0; j < w.length; j++) {
                ids[i * t + j] = w[j];
                mask[i * t + j] = 1;
            }
        }
        float[] flat = model.probabilities(ids, mask, batch.size(), t);
        int labels = model.config().numLabels();
        float[][] out = new float[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            out[i] = Arrays.copyOfRange(flat, i * t * labels, (i + 1) * t * labels);
        }
        return out;
    }

    private static void record(Window w, float[] probs, List<String> labels, WordSequence seq, Best best,
                               Calibration calibration) {
        int n = labels.size();
        int lastPosition = w.ids().length - 2;
        for (int i = Math.max(w.from(), seq.focusBegin()); i < Math.min(w.to(), seq.focusEnd()); i++) {
            int first = w.firstPiece()[i - w.from()];
            // distance of the labelling (first) subword from the nearer edge of the window's text
            int centrality = Math.min(first - 1, lastPosition - first);
            int k = i - seq.focusBegin();
            // ties go to the earlier window, whatever order the length-sorted batches ran in
            if (centrality < best.centrality[k] || centrality == best.centrality[k] && w.from() > best.from[k]) {
                continue;
            }
            int arg = 0;
            for (int j = 1; j < n; j++) {
                if (probs[first * n + j] > probs[first * n + arg]) {
                    arg = j;
                }
            }
            best.labels[k] = labels.get(arg);
            best.probabilities[k] = calibration.probability(probs, first * n, n, arg);
            if (best.distributions != null) {
                best.distributions[k] = Arrays.copyOfRange(probs, first * n, first * n + n);
            }
            best.centrality[k] = centrality;
            best.from[k] = w.from();
        }
    }
}
