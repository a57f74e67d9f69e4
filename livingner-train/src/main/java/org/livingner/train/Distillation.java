package org.livingner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.corpus.Iob2Sentence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Knowledge distillation from a fine-tuned teacher (Hinton et al., 2015): the student's loss on each word's first
 * subword is {@code (1 - alpha) * CE(gold, student) + alpha * T^2 * CE(softmax(teacher / T), softmax(student / T))}.
 * The teacher's word-level distributions are computed once, before training, from its own tokenization of the same
 * words, so teacher and student may have different vocabularies (a pruned student) and different depths.
 *
 * @param alpha       weight of the teacher's soft targets, in [0, 1]
 * @param temperature softmax temperature of both sides of the soft term, > 0
 */
public record Distillation(double alpha, double temperature) {

    public Distillation {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("distillation alpha must be in [0, 1], got " + alpha);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("distillation temperature must be positive, got " + temperature);
        }
    }

    /** Resume check: a run must continue with the same teacher settings. */
    String fingerprint() {
        return " distill-alpha=" + alpha + " temperature=" + temperature;
    }

    /**
     * The teacher's distributions at temperature T for every word of every chunk. A chunk holding a whole sentence
     * with a context (a window of sentences, a packed sequence) is read by the teacher inside the same context.
     *
     * @param maxLength  the student's input limit in subwords: the teacher's inputs keep to it too (capped at its
     *                   own position embeddings), so in windows it reads the context the student reads
     * @param progress   told the teacher inputs done and their total after each batch
     * @return per chunk (same order as {@code chunks}), {@code wordCount x labels} probabilities, row-major
     */
    public List<float[]> teacherTargets(BertForTokenClassification teacher, BertTokenizer teacherTokenizer,
                                        List<Iob2Sentence> sentences, List<EncodedChunk> chunks,
                                        SentenceContexts contexts,
                                        int maxLength, List<String> labels,
                                        int batchSize, NDManager manager, Progress progress) {
        return distributions(teacher, teacherTokenizer, sentences, chunks, contexts, maxLength, labels, batchSize,
                temperature, manager, progress);
    }

    /**
     * The teacher's distributions at {@code temperature} for every word of every chunk, read as {@link
     * #teacherTargets} reads them (which this is at the run's temperature).
     */
    static List<float[]> distributions(BertForTokenClassification teacher, BertTokenizer teacherTokenizer,
                                       List<Iob2Sentence> sentences, List<EncodedChunk> chunks,
                                       SentenceContexts contexts, int maxLength, List<String> labels,
                                       int batchSize, double temperature, NDManager manager, Progress progress) {
        if (!teacher.config().labels().equals(labels)) {
            throw new IllegalArgumentException("the teacher's labels " + teacher.config().labels()
                    + " differ from the training data's " + labels + " (same labels in the same order needed)");
        }
        SentenceEncoder encoder = new SentenceEncoder(teacherTokenizer::wordPieces, teacherTokenizer.clsId(),
                teacherTokenizer.sepId(), Math.min(maxLength, teacher.config().maxPositionEmbeddings()));
        // the teacher's inputs for each student chunk (one, or more when its own tokenization is longer)
        List<EncodedChunk> inputs = new ArrayList<>();
        List<int[]> owner = new ArrayList<>(); // {student chunk, first word of the piece within that chunk}
        for (int c = 0; c < chunks.size(); c++) {
            EncodedChunk chunk = chunks.get(c);
            List<String> sentence = sentences.get(chunk.sentence()).tokens();
            List<String> words = sentence.subList(chunk.firstWord(), chunk.firstWord() + chunk.wordCount());
            // a whole sentence trained in its context: the teacher reads the same context
            ContextWindows.Context context = words.size() == sentence.size() ? contexts.of(chunk.sentence()) : null;
            List<EncodedChunk> pieces = context != null
                    ? encoder.encodeInContext(chunk.sentence(), context, words, null, Map.of())
                    : encoder.encode(chunk.sentence(), words, null, Map.of());
            for (EncodedChunk piece : pieces) {
                inputs.add(piece);
                owner.add(new int[] {c, piece.firstWord()});
            }
        }
        int numLabels = labels.size();
        List<float[]> targets = new ArrayList<>(chunks.size());
        chunks.forEach(c -> targets.add(new float[c.wordCount() * numLabels]));
        Integer[] byLength = IntStream.range(0, inputs.size()).boxed()
                .sorted(Comparator.comparingInt(i -> inputs.get(i).length())).toArray(Integer[]::new);
        int done = 0;
        for (int from = 0; from < byLength.length; from += batchSize) {
            List<Integer> members = List.of(byLength).subList(from, Math.min(byLength.length, from + batchSize));
            Batch batch = new Batch(members.stream().map(inputs::get).toList());
            try (NDManager m = manager.newSubManager()) {
                NDArray logits = teacher.predictLogits(batch.inputIds(m, teacherTokenizer.padId()),
                        batch.attentionMask(m));
                float[] p = logits.div(temperature).softmax(-1).toFloatArray();
                for (int b = 0; b < members.size(); b++) {
                    EncodedChunk piece = inputs.get(members.get(b));
                    int[] o = owner.get(members.get(b));
                    float[] target = targets.get(o[0]);
                    for (int w = 0; w < piece.wordCount(); w++) {
                        int src = (b * batch.width() + piece.wordStarts()[w]) * numLabels;
                        System.arraycopy(p, src, target, (o[1] + w) * numLabels, numLabels);
                    }
                }
            }
            done += members.size();
            progress.update(done, inputs.size());
        }
        return targets;
    }

    /** Progress of the teacher's pass. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }
}
