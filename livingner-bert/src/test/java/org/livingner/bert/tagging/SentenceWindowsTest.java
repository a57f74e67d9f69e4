package org.livingner.bert.tagging;

import org.junit.jupiter.api.Test;
import org.livingner.bert.tokenization.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The window rule: (size-1)/2 sentences before, the rest after, sentences without words passed over. */
class SentenceWindowsTest {

    private static final List<List<String>> DOC = List.of(
            List.of("a1", "a2"), List.of("b1"), List.of("c1", "c2"), List.of("d1"), List.of("e1"));

    private static SentenceWindows.Window<String> around(List<List<String>> doc, int focus, int size) {
        return SentenceWindows.around(doc, Function.identity(), focus, size);
    }

    private static SentenceWindows.Window<String> window(List<String> before, List<String> focus, List<String> after) {
        return new SentenceWindows.Window<>(before, focus, after);
    }

    @Test
    void windowOfThreeTakesOneSentenceEachSide() {
        assertEquals(window(List.of("b1"), List.of("c1", "c2"), List.of("d1")), around(DOC, 2, 3));
    }

    @Test
    void atTheEdgesTheMissingSideStaysEmpty() {
        assertEquals(window(List.of(), List.of("a1", "a2"), List.of("b1")), around(DOC, 0, 3));
        assertEquals(window(List.of("d1"), List.of("e1"), List.of()), around(DOC, 4, 3));
        assertEquals(window(List.of("a1", "a2", "b1"), List.of("c1", "c2"), List.of("d1", "e1")), around(DOC, 2, 9));
    }

    @Test
    void evenWindowsLeanAfterAndWindowOneIsTheSentenceAlone() {
        assertEquals(window(List.of("b1"), List.of("c1", "c2"), List.of("d1", "e1")), around(DOC, 2, 4));
        assertEquals(window(List.of(), List.of("c1", "c2"), List.of("d1")), around(DOC, 2, 2));
        assertEquals(window(List.of(), List.of("c1", "c2"), List.of()), around(DOC, 2, 1));
    }

    @Test
    void sentencesWithoutWordsAreNeverNeighbours() {
        List<List<String>> doc = List.of(List.of("a"), List.of(), List.of("b"), List.of(), List.of(), List.of("c"));
        assertEquals(window(List.of("a"), List.of("b"), List.of("c")), around(doc, 2, 3));
        assertEquals(window(List.of("b"), List.of(), List.of("c")), around(doc, 3, 3));
    }

    @Test
    void aWindowHasAtLeastOneSentence() {
        assertThrows(IllegalArgumentException.class, () -> around(DOC, 2, 0));
    }

    @Test
    void sequencesPutEachSentenceWithWordsInFocusInsideItsWindow() {
        List<List<Word>> doc = List.of(sentence("A", "a"), List.of(), sentence("B"), sentence("C", "c", "c"));
        List<WordSequence> sequences = SentenceWindows.sequences(doc, 3);
        assertEquals(3, sequences.size(), "the sentence without words gets no window");
        assertEquals(List.of("A", "a", "B"), texts(sequences.get(0)));
        assertEquals(List.of("A", "a"), focus(sequences.get(0)));
        assertEquals(List.of("A", "a", "B", "C", "c", "c"), texts(sequences.get(1)));
        assertEquals(List.of("B"), focus(sequences.get(1)));
        assertEquals(List.of("B", "C", "c", "c"), texts(sequences.get(2)));
        assertEquals(List.of("C", "c", "c"), focus(sequences.get(2)));
    }

    private static List<Word> sentence(String... words) {
        List<Word> out = new ArrayList<>();
        int pos = 0;
        for (String w : words) {
            out.add(new Word(w, pos, pos + w.length()));
            pos += w.length() + 1;
        }
        return out;
    }

    private static List<String> texts(WordSequence s) {
        return s.words().stream().map(Word::text).toList();
    }

    private static List<String> focus(WordSequence s) {
        return texts(s).subList(s.focusBegin(), s.focusEnd());
    }
}
