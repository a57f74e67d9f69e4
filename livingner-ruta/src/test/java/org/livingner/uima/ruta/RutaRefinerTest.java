package org.livingner.uima.ruta;

import org.livingner.uima.refine.Cases;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.jcas.tcas.Annotation;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.type.LivingEntity;

class RutaRefinerTest {

    @Test
    void exampleScriptMarksRoleNounsAsHuman() throws Exception {
        JCas jcas = Cases.sentences("Paciente de 45 años cuya madre y su médico de cabecera refieren fiebre.",
                "El recién nacido y sus hermanas están sanos; el paciente varón no.");

        createEngine(RutaRefiner.class).process(jcas);

        assertEquals(List.of("HUMAN[Paciente]", "HUMAN[madre]", "HUMAN[médico de cabecera]", "HUMAN[recién nacido]",
                "HUMAN[hermanas]", "HUMAN[paciente varón]"), Cases.shown(jcas));
        for (LivingEntity m : Cases.mentions(jcas)) {
            assertEquals(RutaRefiner.SOURCE, m.getSource());
            assertEquals("HUMAN", m.getValue());
            assertEquals(1.0, m.getConfidence());
        }
        Cases.assertWellFormed(jcas);
    }

    @Test
    void exampleScriptLeavesWordsInsideExistingMentionsAlone() throws Exception {
        JCas jcas = Cases.sentences("Su madre biológica tiene un perro.");
        Cases.mention(jcas, "HUMAN", "madre biológica", 0.9);

        createEngine(RutaRefiner.class).process(jcas);

        assertEquals(List.of("HUMAN[madre biológica]"), Cases.shown(jcas));
        assertEquals("model", Cases.mentions(jcas).get(0).getSource());
    }

    @Test
    void rutaHelperAnnotationsDoNotStayInTheCas() throws Exception {
        JCas jcas = Cases.sentences("La paciente refiere fiebre.");

        createEngine(RutaRefiner.class).process(jcas);

        for (Annotation a : JCasUtil.select(jcas, Annotation.class)) {
            assertTrue(!a.getType().getName().startsWith("org.apache.uima.ruta."),
                    () -> "left behind: " + a.getType().getName());
        }
        assertEquals(List.of("HUMAN[paciente]"), Cases.shown(jcas));
    }

    @Test
    void runsAUserScriptFromAFile(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("pets.ruta");
        Files.writeString(script, "W{REGEXP(\"perros?|gatos?\", true) -> CREATE(Species, \"value\" = \"SPECIES\","
                + " \"identifier\" = \"9615\")};\n");
        JCas jcas = Cases.sentences("Convive con dos perros.");

        AnalysisEngine engine = createEngine(RutaRefiner.class, RutaRefiner.PARAM_SCRIPT, script.toString());
        engine.process(jcas);

        assertEquals(List.of("SPECIES[perros]"), Cases.shown(jcas));
        LivingEntity perros = Cases.mentions(jcas).get(0);
        assertEquals("9615", perros.getIdentifier());
        assertEquals(RutaRefiner.SOURCE, perros.getSource());
    }

    @Test
    void aMissingScriptIsNamedInTheError(@TempDir Path dir) {
        String missing = dir.resolve("nope.ruta").toString();
        ResourceInitializationException e = assertThrows(ResourceInitializationException.class,
                () -> createEngine(RutaRefiner.class, RutaRefiner.PARAM_SCRIPT, missing));
        assertTrue(Cases.fullMessage(e).contains("nope.ruta"), Cases.fullMessage(e));
    }

    @Test
    void aBrokenScriptIsNamedInTheError(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("broken.ruta");
        Files.writeString(script, "W{REGEXP(\"x\" -> CREATE(Human)};\n");
        ResourceInitializationException e = assertThrows(ResourceInitializationException.class,
                () -> createEngine(RutaRefiner.class, RutaRefiner.PARAM_SCRIPT, script.toString()));
        assertTrue(Cases.fullMessage(e).contains("broken.ruta does not compile"), Cases.fullMessage(e));
        assertTrue(Cases.fullMessage(e).contains("line 1"), Cases.fullMessage(e));
    }
}
