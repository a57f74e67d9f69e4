package org.livingner.corpus;

import org.livingner.corpus.scoring.LexiconBaseline;
import org.livingner.corpus.scoring.Scores;
import org.livingner.corpus.scoring.StrictScorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs on the real LivingNER sentences in ../shared (skipped when they are absent); takes about a second. */
class LivingNerTrainDataTest {

    static final Path TRAIN = Path.of("../shared/data/livingner/train.iob2");

    static List<Iob2Sentence> sentences;

    @BeforeAll
    static void read() throws IOException {
        assumeTrue(Files.isRegularFile(TRAIN), "LivingNER data absent: " + TRAIN.toAbsolutePath());
        sentences = Iob2Corpus.read(TRAIN);
    }

    @Test
    void readsEverySentenceTokenAndMention() {
        int tokens = sentences.stream().mapToInt(Iob2Sentence::size).sum();
        List<Mention> mentions = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            Iob2Sentence s = sentences.get(i);
            for (Mention m : s.mentions("s" + i)) {
                assertEquals(m.text(), s.text().substring(m.begin(), m.end()));
                mentions.add(m);
            }
        }
        long begins = sentences.stream().flatMap(s -> s.tags().stream()).filter(t -> t.startsWith("B-")).count();
        System.out.printf("train.iob2: %d sentences, %d tokens, %d mentions (%d B- tags)%n",
                sentences.size(), tokens, mentions.size(), begins);
        // 7,952 blank lines separate 7,953 sentences (the file has no final blank line)
        assertEquals(7953, sentences.size());
        assertEquals(182003, tokens);
        // every B- opens a mention, plus the few I- tags that follow O (repaired into new mentions)
        assertTrue(mentions.size() >= begins && mentions.size() < begins + 20, mentions.size() + " vs " + begins);
    }

    @Test
    void defaultDevSplitHoldsOutTenPercent() {
        DevSplit.Split<Iob2Sentence> split = DevSplit.split(sentences);
        System.out.printf("default split: train %d, dev %d%n", split.train().size(), split.dev().size());
        assertEquals(795, split.dev().size());
        assertEquals(7158, split.train().size());
    }

    /*
     * Measured: micro F1 0.7856 (HUMAN 0.9213, SPECIES 0.6653) on the default dev split. The floor 0.70 leaves room
     * for harmless changes while failing anything broken: no lexicon scores 0, a case-insensitive or shortest-match
     * lexicon, or off-by-one offsets drop far below it.
     */
    @Test
    void lexiconBaselineOnTheDevSplitBeatsTheFloor() {
        DevSplit.Split<Iob2Sentence> split = DevSplit.split(sentences);
        LexiconBaseline lexicon = LexiconBaseline.fit(split.train());
        List<Mention> gold = new ArrayList<>();
        List<Mention> predicted = new ArrayList<>();
        for (int i = 0; i < split.dev().size(); i++) {
            gold.addAll(split.dev().get(i).mentions("dev-" + i));
            predicted.addAll(lexicon.predict(split.dev().get(i), "dev-" + i));
        }
        Scores scores = StrictScorer.score(gold, predicted);
        System.out.println("lexicon baseline, " + lexicon.size() + " entries, default dev split:");
        System.out.println(scores.report());
        assertTrue(scores.micro().f1() > 0.70, scores.report());
        assertTrue(scores.of("HUMAN").f1() > 0.80, scores.report());
        assertTrue(scores.of("SPECIES").f1() > 0.55, scores.report());
    }
}
