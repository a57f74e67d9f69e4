package org.livingner.bert.tagging;

import org.livingner.bert.tokenization.Word;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BioDecoderTest {

    /** Words of "w0 w1 w2 ..." with the given labels; word i spans [3i, 3i+2). */
    static List<WordLabel> labelled(String... labels) {
        List<WordLabel> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            out.add(new WordLabel(new Word("w" + i, 3 * i, 3 * i + 2), labels[i], 0.5f + 0.1f * (i % 5)));
        }
        return out;
    }

    @Test
    void spansRunFromFirstWordBeginToLastWordEndWithMeanProbability() {
        List<Span> spans = BioDecoder.spans(labelled("O", "B-HUMAN", "I-HUMAN", "O", "B-SPECIES"));
        assertEquals(2, spans.size());
        assertEquals("HUMAN", spans.get(0).type());
        assertEquals(3, spans.get(0).begin());
        assertEquals(8, spans.get(0).end());
        assertEquals(0.65, spans.get(0).confidence(), 1e-6);
        assertEquals("SPECIES", spans.get(1).type());
        assertEquals(12, spans.get(1).begin());
        assertEquals(14, spans.get(1).end());
    }

    @Test
    void strayInsideLabelsOpenNewSpans() {
        List<Span> spans = BioDecoder.spans(labelled("I-SPECIES", "I-SPECIES", "O", "I-HUMAN", "I-SPECIES", "B-HUMAN", "B-HUMAN"));
        assertEquals(List.of("SPECIES", "HUMAN", "SPECIES", "HUMAN", "HUMAN"), spans.stream().map(Span::type).toList());
        assertEquals(0, spans.get(0).begin());
        assertEquals(5, spans.get(0).end());
        assertEquals(9, spans.get(1).begin());
        assertEquals(11, spans.get(1).end());
        assertEquals(15, spans.get(3).begin());
        assertEquals(18, spans.get(4).begin());
    }

    @Test
    void noMentionsNoSpansAndUnknownLabelsAreRejected() {
        assertTrue(BioDecoder.spans(labelled("O", "O")).isEmpty());
        assertTrue(BioDecoder.spans(List.of()).isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BioDecoder.spans(labelled("O", "HUMAN")));
        assertTrue(e.getMessage().contains("'HUMAN' of word 'w1' at 3"), e.getMessage());
    }
}
