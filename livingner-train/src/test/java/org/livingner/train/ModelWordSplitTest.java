package org.livingner.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tokenization.Word;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.Mention;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelWordSplitTest {

    private static final Path DEFAULT_MODEL = Path.of("livingner-model-default/models/default");

    @Test
    void corpusTokensBecomeTheWordsTheAnnotatorLabelsWithTheMentionCarriedOver() throws Exception {
        try (BertTokenizer tokenizer = BertTokenizer.load(DEFAULT_MODEL)) {
            Iob2Sentence corpus = new Iob2Sentence(List.of("infección", "por", "SARS-CoV-2", "en", "EE.", "UU."),
                    List.of("O", "O", "B-SPECIES", "O", "O", "O"));
            Iob2Sentence split = ModelWordSplit.apply(corpus, tokenizer);
            assertEquals(List.of("infección", "por", "SARS", "-", "CoV", "-", "2", "en", "EE", ".", "UU", "."),
                    split.tokens());
            assertEquals(List.of("O", "O", "B-SPECIES", "I-SPECIES", "I-SPECIES", "I-SPECIES", "I-SPECIES", "O",
                    "O", "O", "O", "O"), split.tags());
            // the run-time words of the written text are the split tokens: training and annotating agree
            List<Word> runTime = tokenizer.words("infección por SARS-CoV-2 en EE. UU.");
            assertEquals(split.tokens(), runTime.stream().map(Word::text).toList());
        }
    }

    @Test
    void aMentionThatStartsInsideTheSplitStaysOneMention() throws Exception {
        try (BertTokenizer tokenizer = BertTokenizer.load(DEFAULT_MODEL)) {
            Iob2Sentence corpus = new Iob2Sentence(List.of("Mycobacterium", "avium-intracellulare", "."),
                    List.of("B-SPECIES", "I-SPECIES", "O"));
            Iob2Sentence split = ModelWordSplit.apply(corpus, tokenizer);
            List<Mention> mentions = split.mentions("d");
            assertEquals(1, mentions.size(), split.toString());
            assertEquals("Mycobacterium avium - intracellulare", mentions.get(0).text());
        }
    }
}
