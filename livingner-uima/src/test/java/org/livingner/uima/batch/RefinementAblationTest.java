package org.livingner.uima.batch;

import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.Fixtures;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.FailOn;
import org.livingner.uima.io.Iob2Reader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefinementAblationTest {

    /** A refinement engine that fails on one document fails that document alone; the others are scored. */
    @Test
    void aDocumentAnEngineFailsOnFailsAloneAndTheOthersAreScored(@TempDir Path dir) throws Exception {
        Path gold = dir.resolve("gold.iob2");
        Files.writeString(gold, "El\tO\npaciente\tB-HUMAN\n.\tO\n\nSu\tO\nperro\tB-SPECIES\n.\tO\n\n"
                + "La\tO\nmadre\tB-HUMAN\n.\tO\n\n", StandardCharsets.UTF_8);
        RefinementAblation.Result result = RefinementAblation.run(
                List.of(CollectionReaderFactory.createReaderDescription(Iob2Reader.class,
                        Iob2Reader.PARAM_SOURCE_LOCATIONS, new String[] {gold.toString()},
                        Iob2Reader.PARAM_READ_GOLD, true, Iob2Reader.PARAM_SENTENCES_PER_DOCUMENT, 1)),
                LivingNerPipeline.create(Fixtures.tinyModel().modelOnly()),
                List.of(new RefinementAblation.Configuration("model alone", List.of()),
                        new RefinementAblation.Configuration("+ failing", List.of(
                                AnalysisEngineFactory.createEngineDescription(FailOn.class,
                                        FailOn.PARAM_DOCUMENT, "gold_00002")))),
                (done, total, failed) -> { });
        assertEquals(2, result.documents());
        assertEquals(2, result.goldMentions(), "the failed document's gold counts for no configuration");
        assertEquals(1, result.failures().size());
        assertTrue(result.failures().get(0).toString().startsWith("gold_00002: ")
                && result.failures().get(0).reason().contains("bad document gold_00002"), result.failures().toString());
        assertEquals(List.of("model alone", "+ failing"), List.copyOf(result.scores().keySet()));
    }
}
