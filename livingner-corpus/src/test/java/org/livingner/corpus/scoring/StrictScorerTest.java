package org.livingner.corpus.scoring;

import org.livingner.corpus.Mention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class StrictScorerTest {

    private static Mention m(String doc, String label, int begin, int end) {
        return new Mention(doc, label, begin, end, "x".repeat(end - begin));
    }

    /*
     * HUMAN:   gold h1..h5; predicted h1..h4 exactly, plus one wrong  -> tp=4 fp=1 fn=1: P=R=F1=0.8
     * SPECIES: gold s1..s3; predicted s1 exactly, s2 off by one char, s3 in another document,
     *          and a SPECIES label on gold HUMAN h5's span                -> tp=1 fp=3 fn=2
     *          P=1/4 R=1/3 F1=2/7=0.285714
     * micro:   tp=5 fp=4 fn=3: P=5/9=0.5556 R=5/8=0.625 F1=10/17=0.5882
     */
    private static final List<Mention> GOLD = List.of(
            m("a", "HUMAN", 0, 8), m("a", "HUMAN", 20, 25), m("a", "HUMAN", 30, 36), m("b", "HUMAN", 0, 8),
            m("b", "HUMAN", 40, 45),
            m("a", "SPECIES", 50, 55), m("a", "SPECIES", 60, 70), m("b", "SPECIES", 10, 15));
    private static final List<Mention> PREDICTED = List.of(
            m("a", "HUMAN", 0, 8), m("a", "HUMAN", 20, 25), m("a", "HUMAN", 30, 36), m("b", "HUMAN", 0, 8),
            m("b", "HUMAN", 50, 55),
            m("a", "SPECIES", 50, 55), m("a", "SPECIES", 60, 69), m("a", "SPECIES", 10, 15),
            m("b", "SPECIES", 40, 45));

    @Test
    void countsPerTypeAndMicro() {
        Scores s = StrictScorer.score(GOLD, PREDICTED);
        assertEquals(new Scores.Counts(4, 1, 1), s.of("HUMAN"));
        assertEquals(new Scores.Counts(1, 3, 2), s.of("SPECIES"));
        assertEquals(new Scores.Counts(5, 4, 3), s.micro());
        assertEquals(0.8, s.of("HUMAN").f1(), 1e-12);
        assertEquals(0.25, s.of("SPECIES").precision(), 1e-12);
        assertEquals(1.0 / 3, s.of("SPECIES").recall(), 1e-12);
        assertEquals(2.0 / 7, s.of("SPECIES").f1(), 1e-12);
        assertEquals(5.0 / 9, s.micro().precision(), 1e-12);
        assertEquals(0.625, s.micro().recall(), 1e-12);
        assertEquals(10.0 / 17, s.micro().f1(), 1e-12);
        assertEquals((0.8 + 2.0 / 7) / 2, s.macroF1(), 1e-12);
    }

    @Test
    void reportHasOneLinePerTypeAndTheMicroLineLast() {
        String[] lines = StrictScorer.score(GOLD, PREDICTED).report().split("\n");
        assertEquals("HUMAN    P=0.8000 R=0.8000 F1=0.8000 (tp=4, fp=1, fn=1)", lines[0]);
        assertEquals("SPECIES  P=0.2500 R=0.3333 F1=0.2857 (tp=1, fp=3, fn=2)", lines[1]);
        assertEquals("all      P=0.5556 R=0.6250 F1=0.5882 (tp=5, fp=4, fn=3)", lines[2]);
        assertEquals("micro P=0.5556 R=0.6250 F1=0.5882", lines[lines.length - 1]);
        assertEquals(4, lines.length);
    }

    @Test
    void textDoesNotMatterButDuplicatesCountOnce() {
        Mention gold = new Mention("a", "HUMAN", 0, 5, "madre");
        Scores s = StrictScorer.score(List.of(gold),
                List.of(new Mention("a", "HUMAN", 0, 5, "MADRE"), new Mention("a", "HUMAN", 0, 5, "madre")));
        assertEquals(new Scores.Counts(1, 0, 0), s.micro());
    }

    @Test
    void zeroDenominatorsGiveZero() {
        Scores nothingPredicted = StrictScorer.score(List.of(m("a", "HUMAN", 0, 3)), List.of());
        assertEquals(new Scores.Counts(0, 0, 1), nothingPredicted.of("HUMAN"));
        assertEquals(0.0, nothingPredicted.micro().precision());
        assertEquals(0.0, nothingPredicted.micro().f1());
        Scores empty = StrictScorer.score(List.of(), List.of());
        assertEquals("all      P=0.0000 R=0.0000 F1=0.0000 (tp=0, fp=0, fn=0)\nmicro P=0.0000 R=0.0000 F1=0.0000",
                empty.report());
        Scores noGold = StrictScorer.score(List.of(), List.of(m("a", "SPECIES", 0, 3)));
        assertEquals(0.0, noGold.of("SPECIES").recall());
        assertEquals(new Scores.Counts(0, 1, 0), noGold.micro());
    }

    @Test
    void perfectPredictionScoresOne() {
        Scores s = StrictScorer.score(GOLD, GOLD);
        assertEquals(1.0, s.micro().f1());
        assertEquals(new Scores.Counts(8, 0, 0), s.micro());
    }
}
