package org.livingner.train;

import org.junit.jupiter.api.Test;
import org.livingner.corpus.Iob2Sentence;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The training windows are the annotator's: (size-1)/2 sentences before, the rest after. */
class ContextWindowsTest {

    private static final List<Iob2Sentence> SENTENCES = sentences("a1 a2", "b1", "c1 c2", "d1", "e1");

    @Test
    void windowOfThreeTakesOneSentenceEachSide() {
        ContextWindows.Context c = ContextWindows.of(SENTENCES, 2, 3);
        assertEquals(List.of("b1"), c.before());
        assertEquals(List.of("d1"), c.after());
    }

    @Test
    void atTheEdgesTheMissingSideStaysEmpty() {
        assertEquals(new ContextWindows.Context(List.of(), List.of("b1")), ContextWindows.of(SENTENCES, 0, 3));
        assertEquals(new ContextWindows.Context(List.of("d1"), List.of()), ContextWindows.of(SENTENCES, 4, 3));
    }

    @Test
    void evenWindowsLeanAfterAndWindowOneIsTheSentenceAlone() {
        assertEquals(new ContextWindows.Context(List.of("b1"), List.of("d1", "e1")), ContextWindows.of(SENTENCES, 2, 4));
        assertEquals(ContextWindows.Context.NONE, ContextWindows.of(SENTENCES, 2, 1));
    }

    private static List<Iob2Sentence> sentences(String... texts) {
        List<Iob2Sentence> out = new ArrayList<>();
        for (String t : texts) {
            List<String> tokens = List.of(t.split(" "));
            out.add(new Iob2Sentence(tokens, tokens.stream().map(x -> "O").toList()));
        }
        return out;
    }
}
