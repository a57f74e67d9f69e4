package org.livingner.uima.refine;


import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconTest {

    private static LexiconFormatException bad(String text) {
        return assertThrows(LexiconFormatException.class, () -> Lexicon.parse(new StringReader(text), "my.tsv"));
    }

    @Test
    void readsEntriesSkippingCommentsAndBlankLines() throws Exception {
        Lexicon lexicon = Lexicon.parse(new StringReader(
                "# comment\n\nperro\tSPECIES\t9615\npaciente\tHUMAN\nvirus\t-\n"), "my.tsv");

        assertEquals(3, lexicon.entries().size());
        assertEquals(new Lexicon.Entry("perro", "SPECIES", "9615", 3), lexicon.entries().get(0));
        assertNull(lexicon.entries().get(1).identifier());
        assertTrue(lexicon.entries().get(2).suppresses());
    }

    @Test
    void wrongColumnCountNamesFileLineAndExpectation() {
        LexiconFormatException e = bad("perro\tSPECIES\t9615\ngato SPECIES\n");
        assertEquals("my.tsv:2: expected 2 or 3 tab-separated columns (surface form, label, optional NCBI"
                + " Taxonomy id) but found 1: 'gato SPECIES'", e.getMessage());
    }

    @Test
    void unknownLabelIsReported() {
        assertEquals("my.tsv:1: expected label HUMAN, SPECIES, - or NONE in column 2 but found 'ANIMAL'",
                bad("perro\tANIMAL\t9615\n").getMessage());
    }

    @Test
    void nonNumericIdentifierIsReported() {
        assertEquals("my.tsv:1: expected an NCBI Taxonomy id (digits) in column 3 but found 'NCBI:9615'",
                bad("perro\tSPECIES\tNCBI:9615\n").getMessage());
    }

    @Test
    void conflictingDuplicateIsReported() {
        assertEquals("my.tsv:3: 'perro' is already listed at line 1 with a different label or identifier",
                bad("perro\tSPECIES\t9615\ngato\tSPECIES\nperro\tHUMAN\n").getMessage());
    }

    @Test
    void engineFailsWithTheFileAndLineOfABadLexicon(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.tsv");
        Files.writeString(file, "perro\tSPECIES\t9615\n\ngato\tSPECIE\t9685\n");

        ResourceInitializationException e = assertThrows(ResourceInitializationException.class,
                () -> createEngine(LexiconAnnotator.class, LexiconAnnotator.PARAM_LEXICON, file.toString()));

        String message = Cases.fullMessage(e);
        assertTrue(message.contains(file + ":3: expected label HUMAN, SPECIES, - or NONE in column 2 but found"
                + " 'SPECIE'"), message);
    }

    @Test
    void missingLexiconIsNamed(@TempDir Path dir) {
        String missing = dir.resolve("none.tsv").toString();
        ResourceInitializationException e = assertThrows(ResourceInitializationException.class,
                () -> createEngine(LexiconAnnotator.class, LexiconAnnotator.PARAM_LEXICON, missing));
        assertTrue(Cases.fullMessage(e).contains(missing + ": no such file"),
                Cases.fullMessage(e));
    }

    @Test
    void exampleLexiconLoads() throws Exception {
        Lexicon lexicon = Lexicon.load(LexiconAnnotator.EXAMPLE_LEXICON);
        assertTrue(lexicon.entries().size() >= 30, "entries: " + lexicon.entries().size());
        assertTrue(lexicon.entries().contains(new Lexicon.Entry("SARS-CoV-2", "SPECIES", "2697049",
                lexicon.entries().stream().filter(x -> x.surface().equals("SARS-CoV-2")).findFirst().orElseThrow()
                        .line())));
    }
}
