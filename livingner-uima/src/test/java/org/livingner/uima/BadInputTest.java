package org.livingner.uima;

import org.livingner.uima.batch.BatchRunner;
import org.livingner.uima.batch.Failure;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.type.LivingEntity;
import org.livingner.uima.io.Documents;
import org.livingner.uima.io.LivingNerTextReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Odd documents never crash the pipeline; a document that cannot be read is reported and the rest go on. */
class BadInputTest {

    private static AnalysisEngine pipeline;

    @BeforeAll
    static void load() throws Exception {
        pipeline = AnalysisEngineFactory.createEngine(LivingNerPipeline.create(Fixtures.tinyModel()));
    }

    @AfterAll
    static void close() {
        pipeline.destroy();
    }

    private static JCas run(String text) throws Exception {
        JCas jcas = JCasFactory.createText(text, "es");
        pipeline.process(jcas);
        Fixtures.assertWellFormedMentions(jcas);
        return jcas;
    }

    @Test
    void emptyDocumentHasNoMentions() throws Exception {
        assertTrue(JCasUtil.select(run(""), LivingEntity.class).isEmpty());
    }

    @Test
    void whitespaceOnlyDocumentHasNoMentions() throws Exception {
        assertTrue(JCasUtil.select(run(" \n\r\n\t  \u00A0 "), LivingEntity.class).isEmpty());
    }

    @Test
    void longDocumentWithoutPunctuationIsLabelledInPieces() throws Exception {
        StringBuilder text = new StringBuilder();
        String[] words = {"paciente", "perro", "madre", "con", "fiebre", "virus", "el", "gato"};
        for (int i = 0; text.length() < 200_000; i++) {
            text.append(words[i % words.length]).append(' ');
        }
        JCas jcas = run(text.toString());
        assertTrue(text.length() >= 200_000);
        for (LivingEntity e : JCasUtil.select(jcas, LivingEntity.class)) {
            assertTrue(e.getEnd() <= text.length());
        }
    }

    @Test
    void controlCharactersAndEmojiKeepOffsetsRight() throws Exception {
        String text = "El paciente \u0001\u0007 trajo su perro 🐕 a la consulta.\u0000 La madre 👩‍⚕️ tiene VIH. 😷😷";
        JCas jcas = run(text);
        assertEquals(text, jcas.getDocumentText());
    }

    @Test
    void invalidUtf8IsReportedByNameAndTheOtherDocumentsAreProcessed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "El paciente tiene fiebre.", StandardCharsets.UTF_8);
        Files.write(dir.resolve("b.txt"), new byte[] {'E', 'l', ' ', (byte) 0xC3, (byte) 0x28, ' ', 'x'});
        Files.writeString(dir.resolve("c.txt"), "Su madre tiene un gato.", StandardCharsets.UTF_8);
        List<String> processed = new ArrayList<>();
        BatchRunner.Result result = BatchRunner.run(
                List.of(CollectionReaderFactory.createReaderDescription(LivingNerTextReader.class,
                        LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.toString())),
                LivingNerPipeline.create(Fixtures.tinyModel()),
                jcas -> {
                    processed.add(Documents.id(jcas));
                    return null;
                }, BatchRunner.Options.threads(1));
        assertEquals(List.of("a", "c"), processed);
        assertEquals(2, result.processed());
        assertEquals(1, result.failures().size());
        Failure failure = result.failures().get(0);
        assertTrue(failure.document().endsWith("b.txt"), failure.toString());
        assertTrue(failure.reason().contains("not valid UTF-8 at byte 3"), failure.toString());
    }
}
