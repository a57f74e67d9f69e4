package org.livingner.train;

import org.junit.jupiter.api.Test;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.Mention;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackedSentencesTest {

    @Test
    void sequencesTileEachDocumentAndTakeTheirContextFromItsNeighbouringWords() throws Exception {
        List<Iob2Sentence> sentences = TinyTraining.sentences(45);
        try (BertTokenizer tokenizer = TinyTraining.tokenizer(sentences)) {
            PackedSentences packed = PackedSentences.of(sentences, tokenizer::wordPieces, new ContextPacker(64, 8), 20);

            // documents of 20, 20 and 5 sentences; each document's words in order
            List<List<String>> documents = new ArrayList<>();
            for (int first = 0; first < sentences.size(); first += 20) {
                List<String> words = new ArrayList<>();
                sentences.subList(first, Math.min(sentences.size(), first + 20)).forEach(s -> words.addAll(s.tokens()));
                documents.add(words);
            }
            assertTrue(packed.sentences().size() > 3 && packed.sentences().size() < 45,
                    "several sentences per sequence: " + packed.sentences().size());
            int document = 0;
            int position = 0;
            int documentStarts = 0;
            for (int u = 0; u < packed.sentences().size(); u++) {
                if (position == documents.get(document).size()) {
                    document++;
                    position = 0;
                }
                List<String> words = documents.get(document);
                Iob2Sentence unit = packed.sentences().get(u);
                ContextWindows.Context context = packed.of(u);
                assertEquals(words.subList(position, position + unit.size()), unit.tokens(), "sequence " + u);
                assertEquals(words.subList(position - context.before().size(), position), context.before());
                int end = position + unit.size();
                assertEquals(words.subList(end, end + context.after().size()), context.after());
                if (position == 0) {
                    documentStarts++;
                    assertTrue(context.before().isEmpty(), "a document's first sequence has no left context");
                } else {
                    assertTrue(!context.before().isEmpty(), "sequence " + u + " inside a document has context");
                }
                int subwords = 2;
                for (int[] p : tokenizer.wordPieces(concat(context.before(), unit.tokens(), context.after()))) {
                    subwords += Math.max(1, p.length);
                }
                assertTrue(subwords <= 64, "sequence " + u + " has " + subwords + " subwords");
                position = end;
            }
            assertEquals(3, documentStarts);
            assertEquals(documents.size() - 1, document);
            assertEquals(documents.get(document).size(), position, "every word is in one sequence");
        }
    }

    @Test
    void packingKeepsEveryMentionAndNeverJoinsMentionsAcrossSentences() throws Exception {
        Iob2Sentence first = new Iob2Sentence(List.of("la", "madre"), List.of("O", "B-HUMAN"));
        // a sentence opening with I- (as some files have) starts its own mention
        Iob2Sentence second = new Iob2Sentence(List.of("paciente", "con", "VIH"), List.of("I-HUMAN", "O", "B-SPECIES"));
        List<Iob2Sentence> sentences = List.of(first, second);
        try (BertTokenizer tokenizer = TinyTraining.tokenizer(sentences)) {
            PackedSentences packed = PackedSentences.of(sentences, tokenizer::wordPieces, new ContextPacker(64, 8), 20);
            assertEquals(1, packed.sentences().size());
            List<Mention> mentions = packed.sentences().get(0).mentions("d");
            assertEquals(List.of("madre", "paciente", "VIH"), mentions.stream().map(Mention::text).toList());
            assertEquals(List.of("HUMAN", "HUMAN", "SPECIES"), mentions.stream().map(Mention::label).toList());
        }
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }
}
