package org.livingner.train;

import org.junit.jupiter.api.Test;
import org.livingner.bert.tagging.SentenceWindows;
import org.livingner.bert.tagging.WordSequence;
import org.livingner.bert.tokenization.Word;
import org.livingner.corpus.Iob2Sentence;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The training context of a sentence is what the annotator reads around it (the rule: SentenceWindowsTest). */
class ContextWindowsTest {

    @Test
    void trainingContextsAreTheAnnotatorsWindowsForEverySize() {
        List<Iob2Sentence> file = sentences("a1 a2", "", "b1", "c1 c2 c3", "", "", "d1", "e1 e2");
        List<List<Word>> document = file.stream().map(ContextWindowsTest::words).toList();
        for (int size = 1; size <= 6; size++) {
            List<WordSequence> annotated = SentenceWindows.sequences(document, size);
            List<ContextWindows.Context> trained = new ArrayList<>();
            for (int i = 0; i < file.size(); i++) {
                if (file.get(i).size() > 0) {
                    trained.add(ContextWindows.of(file, i, size));
                }
            }
            assertEquals(annotated.size(), trained.size(), "size " + size);
            for (int s = 0; s < annotated.size(); s++) {
                WordSequence seen = annotated.get(s);
                List<String> texts = seen.words().stream().map(Word::text).toList();
                assertEquals(new ContextWindows.Context(texts.subList(0, seen.focusBegin()),
                        texts.subList(seen.focusEnd(), texts.size())), trained.get(s), "size " + size + ", sentence " + s);
            }
        }
    }

    private static List<Iob2Sentence> sentences(String... texts) {
        List<Iob2Sentence> out = new ArrayList<>();
        for (String t : texts) {
            List<String> tokens = t.isEmpty() ? List.of() : List.of(t.split(" "));
            out.add(new Iob2Sentence(tokens, tokens.stream().map(x -> "O").toList()));
        }
        return out;
    }

    private static List<Word> words(Iob2Sentence sentence) {
        List<Word> out = new ArrayList<>();
        for (int i = 0; i < sentence.size(); i++) {
            out.add(new Word(sentence.tokens().get(i), sentence.tokenBegins()[i], sentence.tokenEnds()[i]));
        }
        return out;
    }
}
