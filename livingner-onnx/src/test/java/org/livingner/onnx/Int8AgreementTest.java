package org.livingner.onnx;

import org.junit.jupiter.api.Test;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.bert.tagging.WordLabel;
import org.livingner.bert.tokenization.Word;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded model labels words in int8 as in fp32: word-label agreement of at least 99.5 % on the first
 * {@value #SENTENCES} sentences of the dev split (10 %, seed 42, of train.iob2), packed 256/32 in documents of
 * {@value #DOCUMENT} sentences as the annotator packs them. The raw-text dev F1 of both precisions is measured by
 * {@code livingner evaluate --dev-split --raw-text --precision int8|fp32} (docs/bench.md, "Precision").
 *
 * <p>The same check on another model, e.g. a fine-tuned full mBERT, over the whole dev split:
 * {@code -Dlivingner.agreement.model=DIR -Dlivingner.agreement.sentences=795} on the Maven command line.
 */
class Int8AgreementTest {

    static final Path TRAIN = Path.of("../shared/data/livingner/train.iob2");
    static final int SENTENCES = 300;
    /** The model checked: the embedded one unless {@code livingner.agreement.model} names a directory. */
    static final Path MODEL = Path.of(System.getProperty("livingner.agreement.model",
            OnnxForwardPassTest.EMBEDDED.toString()));
    static final int DOCUMENT = 8;

    @Test
    void int8AgreesWithFp32OnAtLeast995PercentOfTheDevWords() throws Exception {
        assumeTrue(Files.isRegularFile(TRAIN), TRAIN + " is absent");
        List<Iob2Sentence> dev = DevSplit.split(Iob2Corpus.read(TRAIN)).dev();
        dev = dev.subList(0, Math.min(dev.size(), Integer.getInteger("livingner.agreement.sentences", SENTENCES)));
        List<List<List<Word>>> documents = new ArrayList<>();
        for (int from = 0; from < dev.size(); from += DOCUMENT) {
            List<List<Word>> document = new ArrayList<>();
            for (Iob2Sentence s : dev.subList(from, Math.min(dev.size(), from + DOCUMENT))) {
                List<Word> words = new ArrayList<>();
                int at = 0;
                for (String token : s.tokens()) {
                    words.add(new Word(token, at, at + token.length()));
                    at += token.length() + 1;
                }
                document.add(words);
            }
            documents.add(document);
        }
        ContextPacker packer = new ContextPacker(256, 32);
        List<String> fp32 = labels(Precision.FP32, documents, packer);
        List<String> int8 = labels(Precision.INT8, documents, packer);
        assertEquals(fp32.size(), int8.size());
        int same = 0;
        for (int i = 0; i < fp32.size(); i++) {
            same += fp32.get(i).equals(int8.get(i)) ? 1 : 0;
        }
        double agreement = (double) same / fp32.size();
        System.out.printf("int8 vs fp32 word-label agreement, %s, %d sentences: %d of %d words (%.3f %%)%n", MODEL,
                dev.size(), same, fp32.size(), 100 * agreement);
        assertTrue(fp32.size() > 5000, "words labelled: " + fp32.size());
        assertTrue(fp32.stream().anyMatch(l -> !l.equals("O")), "some mentions found");
        assertTrue(agreement >= 0.995, "agreement " + agreement);
    }

    private static List<String> labels(Precision precision, List<List<List<Word>>> documents, ContextPacker packer)
            throws Exception {
        List<String> labels = new ArrayList<>();
        try (TokenClassifier classifier = TokenClassifier.load(MODEL,
                TokenClassifier.Options.defaults(), null, OnnxForwardPass.factory(precision))) {
            for (List<List<Word>> document : documents) {
                for (List<WordLabel> sentence : classifier.labelDocument(document, packer)) {
                    sentence.forEach(w -> labels.add(w.label()));
                }
            }
        }
        return labels;
    }
}
