package org.livingner.uima.internal;

import org.junit.jupiter.api.Test;
import org.livingner.bert.tokenization.Word;
import org.livingner.bert.tagging.WordSequence;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SentenceWindowsTest {

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

    @Test
    void windowOfThreeIsPreviousCurrentNextWithTheCurrentAsFocus() {
        List<List<Word>> doc = List.of(sentence("A", "a"), sentence("B"), sentence("C", "c", "c"));
        List<WordSequence> windows = SentenceWindows.of(doc, 3);
        assertEquals(3, windows.size());
        assertEquals(List.of("A", "a", "B"), texts(windows.get(0)));
        assertEquals(List.of("A", "a"), focus(windows.get(0)));
        assertEquals(List.of("A", "a", "B", "C", "c", "c"), texts(windows.get(1)));
        assertEquals(List.of("B"), focus(windows.get(1)));
        assertEquals(List.of("B", "C", "c", "c"), texts(windows.get(2)));
        assertEquals(List.of("C", "c", "c"), focus(windows.get(2)));
    }

    @Test
    void windowOfOneIsTheSentenceAlone() {
        List<WordSequence> windows = SentenceWindows.of(List.of(sentence("A"), sentence("B", "b")), 1);
        assertEquals(List.of("B", "b"), texts(windows.get(1)));
        assertEquals(List.of("B", "b"), focus(windows.get(1)));
    }

    @Test
    void evenWindowTakesTheExtraSentenceAfterAndEmptySentencesAreSkipped() {
        List<List<Word>> doc = List.of(sentence("A"), List.of(), sentence("B"), sentence("C"));
        List<WordSequence> windows = SentenceWindows.of(doc, 2);
        assertEquals(3, windows.size());
        assertEquals(List.of("A", "B"), texts(windows.get(0)));
        assertEquals(List.of("B", "C"), texts(windows.get(1)));
        assertEquals(List.of("C"), texts(windows.get(2)));
    }
}
