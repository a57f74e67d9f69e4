package org.livingner.uima.refine;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.type.LivingEntity;

class LexiconAnnotatorTest {
    @TempDir
    Path dir;

    private String lexicon(String... lines) throws Exception {
        Path file = dir.resolve("lexicon.tsv");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file.toString();
    }

    private void run(JCas jcas, String lexicon, Object... more) throws Exception {
        Object[] params = new Object[more.length + 2];
        params[0] = LexiconAnnotator.PARAM_LEXICON;
        params[1] = lexicon;
        System.arraycopy(more, 0, params, 2, more.length);
        createEngine(LexiconAnnotator.class, params).process(jcas);
        Cases.assertWellFormed(jcas);
    }

    @Test
    void addsMentionsWithIdentifiersWhereNothingOverlaps() throws Exception {
        JCas jcas = Cases.sentences("Hemocultivos positivos para Escherichia coli y Staphylococcus aureus.");
        Cases.mention(jcas, "SPECIES", "Staphylococcus aureus", 0.9);

        run(jcas, lexicon("Escherichia coli\tSPECIES\t562", "Staphylococcus aureus\tSPECIES\t1280",
                "aureus\tSPECIES"));

        assertEquals(List.of("SPECIES[Escherichia coli]", "SPECIES[Staphylococcus aureus]"), Cases.shown(jcas));
        LivingEntity coli = Cases.mentions(jcas).get(0);
        assertEquals("562", coli.getIdentifier());
        assertEquals(LexiconAnnotator.SOURCE, coli.getSource());
        assertEquals(1.0, coli.getConfidence());
        LivingEntity aureus = Cases.mentions(jcas).get(1);
        assertEquals("model", aureus.getSource(), "add mode keeps the model's mention");
        assertEquals("1280", aureus.getIdentifier(), "an exact model mention receives the lexicon's identifier");
    }

    @Test
    void longestMatchWinsOnTokenBoundaries() throws Exception {
        JCas jcas = Cases.sentences("Portador del virus de la hepatitis B y de virus varios; perrosanos no.");

        run(jcas, lexicon("virus\tSPECIES", "virus de la hepatitis B\tSPECIES\t10407", "perro\tSPECIES\t9615"));

        assertEquals(List.of("SPECIES[virus de la hepatitis B]", "SPECIES[virus]"), Cases.shown(jcas));
        assertEquals("10407", Cases.mentions(jcas).get(0).getIdentifier());
        assertNull(Cases.mentions(jcas).get(1).getIdentifier());
    }

    @Test
    void overrideReplacesOverlappingModelMentions() throws Exception {
        JCas jcas = Cases.sentences("Infección por virus de la hepatitis B crónica.");
        Cases.mention(jcas, "SPECIES", "virus", 0.6);
        Cases.mention(jcas, "HUMAN", "hepatitis B crónica", 0.4);

        run(jcas, lexicon("virus de la hepatitis B\tSPECIES\t10407"), LexiconAnnotator.PARAM_MODE, "override");

        assertEquals(List.of("SPECIES[virus de la hepatitis B]"), Cases.shown(jcas));
        assertEquals(LexiconAnnotator.SOURCE, Cases.mentions(jcas).get(0).getSource());
    }

    @Test
    void addModeLeavesOverlappingModelMentionsAlone() throws Exception {
        JCas jcas = Cases.sentences("Infección por virus de la hepatitis B crónica.");
        Cases.mention(jcas, "SPECIES", "virus", 0.6);

        run(jcas, lexicon("virus de la hepatitis B\tSPECIES\t10407"));

        assertEquals(List.of("SPECIES[virus]"), Cases.shown(jcas));
    }

    @Test
    void suppressRemovesMentionsOfTheFormAndBlocksMatchesInsideIt() throws Exception {
        JCas jcas = Cases.sentences("Alergia a la leche de vaca.", "Tiene una vaca y un humano la cuida.");
        Cases.mention(jcas, "HUMAN", "humano", 0.8);
        Cases.mention(jcas, "HUMAN", "Alergia", 0.3);

        run(jcas, lexicon("vaca\tSPECIES\t9913", "humano\t-", "leche de vaca\tNONE"));

        assertEquals(List.of("HUMAN[Alergia]", "SPECIES[vaca]"), Cases.shown(jcas));
        LivingEntity vaca = Cases.mentions(jcas).get(1);
        assertEquals(jcas.getDocumentText().lastIndexOf("vaca"), vaca.getBegin(),
                "only the vaca outside 'leche de vaca'");
        assertEquals("9913", vaca.getIdentifier());
    }

    @Test
    void shortCapitalFormsMatchOnlyInCapitals() throws Exception {
        JCas jcas = Cases.sentences("Serología VIH negativa; vih en minúsculas y Perro con mayúscula.");

        run(jcas, lexicon("VIH\tSPECIES", "perro\tSPECIES\t9615"));

        assertEquals(List.of("SPECIES[VIH]", "SPECIES[Perro]"), Cases.shown(jcas));
    }

    @Test
    void caseSensitiveMatchingWhenAsked() throws Exception {
        JCas jcas = Cases.sentences("Perro y perro.");

        run(jcas, lexicon("perro\tSPECIES\t9615"), LexiconAnnotator.PARAM_IGNORE_CASE, false);

        assertEquals(List.of("SPECIES[perro]"), Cases.shown(jcas));
    }

    @Test
    void formsNeverMatchAcrossSentences() throws Exception {
        JCas jcas = Cases.sentences("Se aisló Escherichia", "coli en orina.");

        run(jcas, lexicon("Escherichia coli\tSPECIES\t562"));

        assertEquals(List.of(), Cases.shown(jcas));
    }

    @Test
    void exampleLexiconNormalizesCommonSpecies() throws Exception {
        JCas jcas = Cases.sentences("PCR de SARS-CoV-2 positiva; convive con un perro; cultivo con E. coli.");

        createEngine(LexiconAnnotator.class).process(jcas);

        assertEquals(List.of("SPECIES[SARS-CoV-2]", "SPECIES[perro]", "SPECIES[E. coli]"), Cases.shown(jcas));
        assertEquals(List.of("2697049", "9615", "562"),
                Cases.mentions(jcas).stream().map(LivingEntity::getIdentifier).toList());
    }
}
