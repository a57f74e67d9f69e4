package org.livingner.train;

import ai.djl.ndarray.NDManager;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.corpus.Iob2Sentence;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a fine-tuned teacher over sentences as training reads them (packed sequences, or each sentence alone) and
 * gives each word's log-probabilities at temperature 1: what {@link SoftTargets} stores and what {@link
 * Distillation} computes before a run with a live teacher.
 */
public final class TeacherPass {

    private TeacherPass() {
    }

    /**
     * @param sentences         the sentences, in the model's words ({@link ModelWordSplit})
     * @param packer            reads them packed, as documents of {@code documentSentences}; null: each alone
     * @param maxLength         longest input in subwords (the packed length, when packing)
     * @return per sentence, {@code words x labels} natural-log probabilities
     */
    public static List<float[]> logProbabilities(BertForTokenClassification teacher, BertTokenizer tokenizer,
                                                 List<Iob2Sentence> sentences, ContextPacker packer,
                                                 int documentSentences, int maxLength, NDManager manager,
                                                 Distillation.Progress progress) {
        List<String> labels = teacher.config().labels();
        int numLabels = labels.size();
        TrainingUnits units = TrainingUnits.of(sentences, tokenizer::wordPieces, packer, documentSentences, 1);
        int length = Math.min(maxLength, teacher.config().maxPositionEmbeddings());
        SentenceEncoder encoder = new SentenceEncoder(tokenizer::wordPieces, tokenizer.clsId(), tokenizer.sepId(),
                length);
        List<EncodedChunk> chunks = new ArrayList<>();
        for (int u = 0; u < units.units().size(); u++) {
            chunks.addAll(encoder.encodeWithContext(units.units(), u, units.contexts(), null, null));
        }
        List<float[]> perChunk = Distillation.distributions(teacher, tokenizer, units.units(), chunks,
                units.contexts(), length, labels, 32, 1.0, manager, progress);
        int words = sentences.stream().mapToInt(Iob2Sentence::size).sum();
        float[] perWord = new float[words * numLabels];
        for (int c = 0; c < chunks.size(); c++) {
            EncodedChunk chunk = chunks.get(c);
            System.arraycopy(perChunk.get(c), 0, perWord,
                    (units.firstWords()[chunk.sentence()] + chunk.firstWord()) * numLabels, chunk.wordCount() * numLabels);
        }
        List<float[]> out = new ArrayList<>(sentences.size());
        int offset = 0;
        for (Iob2Sentence s : sentences) {
            float[] logP = new float[s.size() * numLabels];
            for (int i = 0; i < logP.length; i++) {
                // a probability that underflowed to 0 is stored as the format's floor
                logP[i] = (float) Math.log(Math.max(perWord[offset + i], 1e-30f));
            }
            out.add(logP);
            offset += logP.length;
        }
        return out;
    }
}
