package org.livingner.uima.refine;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.livingner.type.LivingEntity;

class MentionPropagatorTest {

    private static void run(JCas jcas, Object... params) throws Exception {
        createEngine(MentionPropagator.class, params).process(jcas);
        Cases.assertWellFormed(jcas);
    }

    @Test
    void confidentFormIsTaggedAtItsOtherOccurrences() throws Exception {
        JCas jcas = Cases.sentences("Mordedura de perro en la mano.", "El perro estaba vacunado.",
                "Perro y gato sanos.");
        Cases.mention(jcas, "SPECIES", "perro", 0, 0.97).setIdentifier("9615");

        run(jcas);

        assertEquals(List.of("SPECIES[perro]", "SPECIES[perro]", "SPECIES[Perro]"), Cases.shown(jcas));
        LivingEntity second = Cases.mentions(jcas).get(1);
        assertEquals(MentionPropagator.SOURCE, second.getSource());
        assertEquals(0.97, second.getConfidence(), 1e-9);
        assertEquals("9615", second.getIdentifier());
        assertEquals("model", Cases.mentions(jcas).get(0).getSource());
    }

    @Test
    void lowConfidenceMentionsAreNotPropagated() throws Exception {
        JCas jcas = Cases.sentences("Mordedura de perro en la mano.", "El perro estaba vacunado.");
        Cases.mention(jcas, "SPECIES", "perro", 0, 0.6);

        run(jcas);

        assertEquals(List.of("SPECIES[perro]"), Cases.shown(jcas));
    }

    @Test
    void minConfidenceIsAParameter() throws Exception {
        JCas jcas = Cases.sentences("Mordedura de perro en la mano.", "El perro estaba vacunado.");
        Cases.mention(jcas, "SPECIES", "perro", 0, 0.6);

        run(jcas, MentionPropagator.PARAM_MIN_CONFIDENCE, 0.5);

        assertEquals(List.of("SPECIES[perro]", "SPECIES[perro]"), Cases.shown(jcas));
    }

    @Test
    void shortCapitalFormsPropagateOnlyInCapitals() throws Exception {
        JCas jcas = Cases.sentences("Infección por VIH conocida.", "Carga viral de VIH indetectable; la vih no.",
                "Serología Vih negativa.");
        Cases.mention(jcas, "SPECIES", "VIH", 0, 0.99);

        run(jcas);

        assertEquals(List.of("SPECIES[VIH]", "SPECIES[VIH]"), Cases.shown(jcas));
    }

    @Test
    void onlyWholeTokensAreTagged() throws Exception {
        JCas jcas = Cases.sentences("Tiene un gato.", "Los gatos y el gatopardo no.");
        Cases.mention(jcas, "SPECIES", "gato", 0, 0.95);

        run(jcas);

        assertEquals(List.of("SPECIES[gato]"), Cases.shown(jcas));
    }

    @Test
    void existingMentionsAreNotOverlapped() throws Exception {
        JCas jcas = Cases.sentences("Aislamiento de virus.", "Virus de la hepatitis B positivo.");
        Cases.mention(jcas, "SPECIES", "virus", 0, 0.95);
        Cases.mention(jcas, "SPECIES", "Virus de la hepatitis B", 0.5);

        run(jcas);

        assertEquals(List.of("SPECIES[virus]", "SPECIES[Virus de la hepatitis B]"), Cases.shown(jcas));
    }

    @Test
    void multiWordFormsNeverMatchAcrossSentences() throws Exception {
        JCas jcas = Cases.sentences("Portador de hepatitis B crónica.", "Negativo para hepatitis", "B y C.",
                "Control de hepatitis B.");
        Cases.mention(jcas, "SPECIES", "hepatitis B", 0, 0.95);

        run(jcas);

        assertEquals(List.of("SPECIES[hepatitis B]", "SPECIES[hepatitis B]"), Cases.shown(jcas));
        assertEquals(jcas.getDocumentText().lastIndexOf("hepatitis B"), Cases.mentions(jcas).get(1).getBegin());
    }

    @Test
    void formsTaggedWithTwoLabelsAreNotPropagated() throws Exception {
        JCas jcas = Cases.sentences("El donante era su madre.", "La madre del donante.", "Otra madre.");
        Cases.mention(jcas, "HUMAN", "madre", 0, 0.95);
        Cases.mention(jcas, "SPECIES", "madre", 1, 0.3);

        run(jcas);

        assertEquals(List.of("HUMAN[madre]", "SPECIES[madre]"), Cases.shown(jcas));
    }

    @Test
    void shortFormsAreNotPropagated() throws Exception {
        JCas jcas = Cases.sentences("Gen de ox activo.", "El ox es raro.");
        Cases.mention(jcas, "SPECIES", "ox", 0, 0.99);

        run(jcas);

        assertEquals(List.of("SPECIES[ox]"), Cases.shown(jcas));
    }

    @Test
    void sourcesRestrictWhatIsPropagated() throws Exception {
        JCas jcas = Cases.sentences("Mordedura de perro.", "El perro estaba vacunado.");
        LivingEntity lexical = Cases.mention(jcas, "SPECIES", "perro", 0, 1.0);
        lexical.setSource("lexicon");

        run(jcas, MentionPropagator.PARAM_SOURCES, new String[] {"model"});

        assertEquals(List.of("SPECIES[perro]"), Cases.shown(jcas));
    }
}
