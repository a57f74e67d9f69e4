package org.livingner.corpus;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticIob2Test {

    /** The training fixture of the tests that train; generated, never LivingNER data. */
    public static final Path FIXTURE = Path.of("livingner-corpus/src/test/resources/fixtures/synthetic-train.iob2");

    @Test
    void theCommittedFixtureIsWhatTheGeneratorMakes() throws Exception {
        assertEquals(SyntheticIob2.generate(800, 42), Iob2Corpus.read(FIXTURE),
                "regenerate with SyntheticIob2.main " + FIXTURE);
    }

    @Test
    void sameSeedSameSentencesWithBothTypesOfMention() {
        List<Iob2Sentence> a = SyntheticIob2.generate(200, 7);
        assertEquals(a, SyntheticIob2.generate(200, 7));
        long human = a.stream().flatMap(s -> s.mentions("x").stream()).filter(m -> m.label().equals("HUMAN")).count();
        long species = a.stream().flatMap(s -> s.mentions("x").stream()).filter(m -> m.label().equals("SPECIES"))
                .count();
        assertTrue(human > 50 && species > 50, human + " HUMAN, " + species + " SPECIES");
        assertTrue(a.stream().flatMap(s -> s.tags().stream()).anyMatch(t -> t.startsWith("I-")), "multi-word mentions");
    }
}
