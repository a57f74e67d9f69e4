package org.livingner.uima.refine;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.livingner.type.LivingEntity;

class FragmentMergerTest {

    private static void run(JCas jcas, Object... params) throws Exception {
        AnalysisEngine merger = createEngine(FragmentMerger.class, params);
        merger.process(jcas);
        Cases.assertWellFormed(jcas);
    }

    @Test
    void rejoinsAcronymSplitAtHyphen() throws Exception {
        JCas jcas = Cases.sentences("PCR positiva para SARS-CoV-2 en exudado nasofaríngeo.");
        Cases.mention(jcas, "SPECIES", "SARS-CoV", 0.9);
        Cases.mention(jcas, "SPECIES", "-2", 0.5);

        run(jcas);

        assertEquals(List.of("SPECIES[SARS-CoV-2]"), Cases.shown(jcas));
        LivingEntity merged = Cases.mentions(jcas).get(0);
        assertEquals(0.7, merged.getConfidence(), 1e-9);
        assertEquals(FragmentMerger.SOURCE, merged.getSource());
        assertEquals("SPECIES", merged.getValue());
    }

    @Test
    void rejoinsTouchingPiecesOfOneWord() throws Exception {
        JCas jcas = Cases.sentences("Presentó bacteriemia por E. coli.");
        Cases.mention(jcas, "SPECIES", "bacteri", 0.8);
        Cases.mention(jcas, "SPECIES", "emia", 0.6);

        run(jcas);

        assertEquals(List.of("SPECIES[bacteriemia]"), Cases.shown(jcas));
    }

    @Test
    void snapsAPartialWordToItsToken() throws Exception {
        JCas jcas = Cases.sentences("Infección vírica grave.");
        Cases.mention(jcas, "SPECIES", "víric", 0.95);

        run(jcas);

        assertEquals(List.of("SPECIES[vírica]"), Cases.shown(jcas));
        assertEquals(0.95, Cases.mentions(jcas).get(0).getConfidence(), 1e-9);
        assertEquals(FragmentMerger.SOURCE, Cases.mentions(jcas).get(0).getSource());
    }

    @Test
    void withoutSnappingAPartialWordStaysAsTagged() throws Exception {
        JCas jcas = Cases.sentences("Infección vírica grave.");
        Cases.mention(jcas, "SPECIES", "víric", 0.95);

        run(jcas, FragmentMerger.PARAM_SNAP_TO_TOKENS, false);

        assertEquals(List.of("SPECIES[víric]"), Cases.shown(jcas));
        assertEquals("model", Cases.mentions(jcas).get(0).getSource());
    }

    @Test
    void mergesSameTypeSeparatedByOneSpace() throws Exception {
        JCas jcas = Cases.sentences("Serología para virus herpes simple negativa.");
        Cases.mention(jcas, "SPECIES", "virus", 0.9);
        Cases.mention(jcas, "SPECIES", "herpes simple", 0.7);

        run(jcas);

        assertEquals(List.of("SPECIES[virus herpes simple]"), Cases.shown(jcas));
        assertEquals(0.8, Cases.mentions(jcas).get(0).getConfidence(), 1e-9);
    }

    @Test
    void keepsMentionsApartWhenWordsSeparateThem() throws Exception {
        JCas jcas = Cases.sentences("Portador del virus de la hepatitis B.");
        Cases.mention(jcas, "SPECIES", "virus", 0.9);
        Cases.mention(jcas, "SPECIES", "hepatitis B", 0.7);

        run(jcas);

        assertEquals(List.of("SPECIES[virus]", "SPECIES[hepatitis B]"), Cases.shown(jcas));
        assertEquals("model", Cases.mentions(jcas).get(0).getSource());
    }

    @Test
    void keepsNeighboursOfDifferentTypesApart() throws Exception {
        JCas jcas = Cases.sentences("Paciente VIH positivo.");
        Cases.mention(jcas, "HUMAN", "Paciente", 0.9);
        Cases.mention(jcas, "SPECIES", "VIH", 0.9);

        run(jcas);

        assertEquals(List.of("HUMAN[Paciente]", "SPECIES[VIH]"), Cases.shown(jcas));
    }

    @Test
    void neverMergesAcrossASentence() throws Exception {
        JCas jcas = Cases.sentences("Convive con un perro", "Gatos no tiene.");
        Cases.mention(jcas, "SPECIES", "perro", 0.9);
        Cases.mention(jcas, "SPECIES", "Gatos", 0.9);

        run(jcas);

        assertEquals(List.of("SPECIES[perro]", "SPECIES[Gatos]"), Cases.shown(jcas));
    }

    @Test
    void splitsAMentionThatCrossesASentence() throws Exception {
        JCas jcas = Cases.sentences("Convive con un perro", "Gatos no tiene.");
        Cases.mention(jcas, "SPECIES", "perro Gatos", 0.6);

        run(jcas);

        assertEquals(List.of("SPECIES[perro]", "SPECIES[Gatos]"), Cases.shown(jcas));
        assertEquals(0.6, Cases.mentions(jcas).get(1).getConfidence(), 1e-9);
    }

    @Test
    void trimsWhitespaceAroundAMention() throws Exception {
        JCas jcas = Cases.sentences("Su madre refiere fiebre.");
        Cases.mention(jcas, "HUMAN", " madre ", 0.9);

        run(jcas);

        assertEquals(List.of("HUMAN[madre]"), Cases.shown(jcas));
    }

    @Test
    void gapCharactersAreConfigurable() throws Exception {
        JCas jcas = Cases.sentences("Serología para virus herpes negativa.");
        Cases.mention(jcas, "SPECIES", "virus", 0.9);
        Cases.mention(jcas, "SPECIES", "herpes", 0.7);

        run(jcas, FragmentMerger.PARAM_GAP_CHARACTERS, "-");

        assertEquals(List.of("SPECIES[virus]", "SPECIES[herpes]"), Cases.shown(jcas));
    }

    @Test
    void overlappingPiecesTakeTheTypeCoveringMostText() throws Exception {
        JCas jcas = Cases.sentences("Cultivo con Staphylococcus aureus.");
        Cases.mention(jcas, "SPECIES", "Staphylococ", 0.9);
        Cases.mention(jcas, "HUMAN", "cus", 0.2);

        run(jcas);

        assertEquals(List.of("SPECIES[Staphylococcus]"), Cases.shown(jcas));
    }

    @Test
    void mergedMentionKeepsAnIdentifierThePartsAgreeOn() throws Exception {
        JCas jcas = Cases.sentences("Aislamiento de SARS-CoV-2.");
        Cases.mention(jcas, "SPECIES", "SARS", 0.9).setIdentifier("2697049");
        Cases.mention(jcas, "SPECIES", "-CoV-2", 0.9);

        run(jcas);

        assertEquals(List.of("SPECIES[SARS-CoV-2]"), Cases.shown(jcas));
        assertEquals("2697049", Cases.mentions(jcas).get(0).getIdentifier());
    }
}
