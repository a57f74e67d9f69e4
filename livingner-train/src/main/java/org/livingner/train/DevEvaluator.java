package org.livingner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tagging.BioDecoder;
import org.livingner.bert.tagging.Span;
import org.livingner.bert.tokenization.Word;
import org.livingner.bert.tagging.WordLabel;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.Mention;
import org.livingner.corpus.scoring.Scores;
import org.livingner.corpus.scoring.StrictScorer;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores the model in training on the dev sentences exactly as {@code livingner evaluate} scores a saved model:
 * each word takes the label of its first subword, {@link BioDecoder} repairs BIO and makes spans, and
 * {@link StrictScorer} compares them with the gold mentions (exact type and offsets).
 */
final class DevEvaluator {

    private final List<Iob2Sentence> sentences;
    private final List<EncodedChunk> chunks;
    private final List<String> labels;
    private final int batchSize;
    private final int padId;

    /** @param contexts what surrounds each sentence, as in training (windows or packing over the dev sentences) */
    DevEvaluator(List<Iob2Sentence> sentences, SentenceEncoder encoder, SentenceContexts contexts, List<String> labels,
                 int batchSize, int padId) {
        this.sentences = sentences;
        this.labels = labels;
        this.batchSize = batchSize;
        this.padId = padId;
        List<EncodedChunk> all = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            all.addAll(encoder.encodeWithContext(sentences, s, contexts, null, null));
        }
        all.sort(java.util.Comparator.comparingInt(EncodedChunk::length));
        this.chunks = all;
    }

    int size() {
        return sentences.size();
    }

    private static String docId(int sentence) {
        return "dev-" + sentence;
    }

    Scores evaluate(BertForTokenClassification model, NDManager parent) {
        List<WordLabel[]> perSentence = new ArrayList<>();
        for (Iob2Sentence s : sentences) {
            perSentence.add(new WordLabel[s.size()]);
        }
        for (int from = 0; from < chunks.size(); from += batchSize) {
            Batch batch = new Batch(chunks.subList(from, Math.min(chunks.size(), from + batchSize)));
            try (NDManager m = parent.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray logits = model.predictLogits(batch.inputIds(m, padId), batch.attentionMask(m));
                float[] probs = logits.softmax(-1).toFloatArray();
                label(batch, probs, perSentence);
            }
        }
        return score(sentences, perSentence);
    }

    /**
     * Strict scores of word labels against the gold tags of the same sentences: {@link BioDecoder} makes the spans,
     * as in {@code livingner evaluate}.
     */
    static Scores score(List<Iob2Sentence> sentences, List<WordLabel[]> perSentence) {
        List<Mention> gold = new ArrayList<>();
        List<Mention> predicted = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            Iob2Sentence sentence = sentences.get(s);
            gold.addAll(sentence.mentions(docId(s)));
            String text = sentence.text();
            for (Span span : BioDecoder.spans(List.of(perSentence.get(s)))) {
                predicted.add(new Mention(docId(s), span.type(), span.begin(), span.end(),
                        text.substring(span.begin(), span.end())));
            }
        }
        return StrictScorer.score(gold, predicted);
    }

    /** The label of each word of {@code sentence}: the most probable of {@code probabilities} (words x labels). */
    static WordLabel[] argmax(Iob2Sentence sentence, float[] probabilities, int offset, List<String> labels) {
        int numLabels = labels.size();
        int[] begins = sentence.tokenBegins();
        int[] ends = sentence.tokenEnds();
        WordLabel[] out = new WordLabel[sentence.size()];
        for (int w = 0; w < out.length; w++) {
            int row = offset + w * numLabels;
            int best = best(probabilities, row, numLabels);
            out[w] = new WordLabel(new Word(sentence.tokens().get(w), begins[w], ends[w]), labels.get(best),
                    probabilities[row + best]);
        }
        return out;
    }

    private void label(Batch batch, float[] probs, List<WordLabel[]> perSentence) {
        int numLabels = labels.size();
        for (int b = 0; b < batch.size(); b++) {
            EncodedChunk chunk = batch.chunk(b);
            Iob2Sentence sentence = sentences.get(chunk.sentence());
            int[] begins = sentence.tokenBegins();
            int[] ends = sentence.tokenEnds();
            for (int w = 0; w < chunk.wordCount(); w++) {
                int offset = (b * batch.width() + chunk.wordStarts()[w]) * numLabels;
                int best = best(probs, offset, numLabels);
                int word = chunk.firstWord() + w;
                perSentence.get(chunk.sentence())[word] = new WordLabel(
                        new Word(sentence.tokens().get(word), begins[word], ends[word]),
                        labels.get(best), probs[offset + best]);
            }
        }
    }

    /** The most probable label of the row at {@code row}, the first of a tie. */
    private static int best(float[] probabilities, int row, int numLabels) {
        int best = 0;
        for (int l = 1; l < numLabels; l++) {
            if (probabilities[row + l] > probabilities[row + best]) {
                best = l;
            }
        }
        return best;
    }
}
