package org.livingner.corpus.scoring;

import org.livingner.corpus.CodedMention;
import org.livingner.corpus.Mention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NormScorerTest {

    private static CodedMention m(String doc, String label, int begin, int end, String code) {
        return new CodedMention(new Mention(doc, label, begin, end, "x".repeat(end - begin)), code);
    }

    /*
     * gold: h1 9606, s1 2|2759|10239, s2 4751|H, s3 1280, s4 562, s5 _NOCODE_
     * predicted: h1 9606 (right), s1 10239|2|2759 (right: a set), s2 4751 (wrong: H counts), s3 1280 one offset
     *            off (wrong), s4 _NOCODE_ (wrong), s5 _NOCODE_ (right in strict), s6 a spurious 9615
     * strict:  HUMAN tp=1; SPECIES tp=2 (s1, s5) fp=4 (s2, s3', s4, s6) fn=3 (s2, s3, s4)
     * task:    rows without a valid id dropped (gold s5; predicted s4, s5):
     *          SPECIES tp=1 (s1) fp=3 (s2, s3', s6) fn=3 (s2, s3, s4)
     */
    private static final List<CodedMention> GOLD = List.of(m("a", "HUMAN", 0, 8, "9606"),
            m("a", "SPECIES", 10, 20, "2|2759|10239"), m("a", "SPECIES", 30, 36, "4751|H"),
            m("b", "SPECIES", 0, 9, "1280"), m("b", "SPECIES", 20, 26, "562"), m("b", "SPECIES", 40, 45, "_NOCODE_"));
    private static final List<CodedMention> PREDICTED = List.of(m("a", "HUMAN", 0, 8, "9606"),
            m("a", "SPECIES", 10, 20, "10239|2|2759"), m("a", "SPECIES", 30, 36, "4751"),
            m("b", "SPECIES", 0, 10, "1280"), m("b", "SPECIES", 20, 26, "_NOCODE_"),
            m("b", "SPECIES", 40, 45, "_NOCODE_"), m("b", "SPECIES", 50, 55, "9615"),
            m("a", "HUMAN", 0, 8, "9606"));

    @Test
    void strictCountsEveryRowAndTheTaskScorerDropsRowsWithoutAValidId() {
        NormScorer.Result r = NormScorer.score(GOLD, PREDICTED);
        assertEquals(new Scores.Counts(1, 0, 0), r.strict().of("HUMAN"));
        assertEquals(new Scores.Counts(2, 4, 3), r.strict().of("SPECIES"));
        assertEquals(new Scores.Counts(1, 3, 3), r.task().of("SPECIES"));
        assertEquals(new Scores.Counts(3, 4, 3), r.strict().micro());
        assertTrue(r.report().contains("strict") && r.report().contains("task"), r.report());
    }

    @Test
    void aRightSpanWithTheWrongCodeCostsPrecisionAndRecall() {
        NormScorer.Result r = NormScorer.score(List.of(m("a", "SPECIES", 0, 5, "9615")),
                List.of(m("a", "SPECIES", 0, 5, "9685")));
        assertEquals(new Scores.Counts(0, 1, 1), r.strict().micro());
        assertEquals(new Scores.Counts(0, 1, 1), r.task().micro());
    }

    /*
     * Right code on the spans found (gold with a code, span and label predicted; first prediction of a span counts):
     * HUMAN h1 right (the duplicate prediction counts once): 1 / 1; SPECIES s1 right, s2 wrong (H), s4 wrong,
     * s5 right (_NOCODE_ = _NOCODE_); s3 not found (offset), s6 not gold: 2 / 4; all 3 / 5.
     */
    @Test
    void theRightCodeOnTheSpansFoundCountsOnlyGoldSpansThatWereFound() {
        var accuracy = NormScorer.codeAccuracy(GOLD, PREDICTED);
        assertEquals(List.of("HUMAN", "SPECIES", NormScorer.ALL), List.copyOf(accuracy.keySet()));
        assertEquals(new NormScorer.CodeAccuracy(1, 1), accuracy.get("HUMAN"));
        assertEquals(new NormScorer.CodeAccuracy(2, 4), accuracy.get("SPECIES"));
        assertEquals(new NormScorer.CodeAccuracy(3, 5), accuracy.get(NormScorer.ALL));
        assertEquals(0.6, accuracy.get(NormScorer.ALL).share(), 1e-12);
        // a gold mention without a code (27 of train.iob2) is no span to get right
        assertEquals(java.util.Map.of(), NormScorer.codeAccuracy(List.of(m("a", "SPECIES", 0, 5, null)),
                List.of(m("a", "SPECIES", 0, 5, "9615"))));
    }
}
