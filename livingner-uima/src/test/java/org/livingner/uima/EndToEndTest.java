package org.livingner.uima;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.Mention;
import org.livingner.uima.io.LivingNerJsonWriter;
import org.livingner.uima.io.LivingNerTsvWriter;
import org.livingner.uima.io.LivingNerTextReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reader → pipeline → writers on real Spanish clinical text with a real (tiny, random-weight) BERT. */
class EndToEndTest {

    @Test
    void textFilesToTsvAndJsonWithOffsetsThatSliceTheDocuments(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        String crlf = Fixtures.MODEL_CARD_PARAGRAPH.replace(". ", ".\r\n");
        Files.writeString(in.resolve("caso_clinico_1.txt"), Fixtures.MODEL_CARD_PARAGRAPH, StandardCharsets.UTF_8);
        Files.writeString(in.resolve("caso_clinico_2.txt"), "\uFEFF" + crlf, StandardCharsets.UTF_8);
        String emoji = "\uD83D\uDE37 " + Fixtures.MODEL_CARD_PARAGRAPH;
        Files.writeString(in.resolve("caso_clinico_3.txt"), emoji, StandardCharsets.UTF_8);
        Files.writeString(in.resolve("vacio.txt"), "", StandardCharsets.UTF_8);
        Path out = tmp.resolve("out");

        // as in docs/uima.md
        SimplePipeline.runPipeline(
                CollectionReaderFactory.createReaderDescription(LivingNerTextReader.class,
                        LivingNerTextReader.PARAM_SOURCE_LOCATION, in.toString()),
                LivingNerPipeline.create(new LivingNerPipeline.Options().model(Fixtures.TINY_BERT.toString())),
                AnalysisEngineFactory.createEngineDescription(LivingNerTsvWriter.class,
                        LivingNerTsvWriter.PARAM_TARGET_LOCATION, out.resolve("mentions.tsv").toString()),
                AnalysisEngineFactory.createEngineDescription(LivingNerJsonWriter.class,
                        LivingNerJsonWriter.PARAM_TARGET_LOCATION, out.toString()));

        List<Mention> mentions = LivingNerTsv.read(out.resolve("mentions.tsv"));
        assertFalse(mentions.isEmpty());
        assertTrue(mentions.stream().anyMatch(m -> m.docId().equals("caso_clinico_2")));
        assertTrue(mentions.stream().anyMatch(m -> m.docId().equals("caso_clinico_3")));
        for (Mention m : mentions) {
            // LivingNER offsets are Python string indices into the file as read: the byte order mark is a
            // character, a character outside the BMP is one
            int[] file = switch (m.docId()) {
                case "caso_clinico_1" -> Fixtures.MODEL_CARD_PARAGRAPH.codePoints().toArray();
                case "caso_clinico_2" -> ("\uFEFF" + crlf).codePoints().toArray();
                default -> emoji.codePoints().toArray();
            };
            assertEquals(new String(file, m.begin(), m.end() - m.begin()), m.text(),
                    "TSV offsets slice the file as Python reads it: " + m);
        }
        for (String doc : List.of("caso_clinico_1", "caso_clinico_2", "vacio")) {
            assertTrue(Files.exists(out.resolve(doc + ".json")), "every document has its output: " + doc);
        }
        JsonNode second = new ObjectMapper().readTree(out.resolve("caso_clinico_2.json").toFile());
        assertEquals(crlf, second.get("text").asText(), "BOM removed from the CAS text, CRLF kept");
        for (JsonNode m : second.get("mentions")) {
            assertEquals(m.get("text").asText(), crlf.substring(m.get("begin").asInt(), m.get("end").asInt()));
            assertFalse(m.get("text").asText().contains("\n"), "no mention crosses a sentence");
        }
        assertEquals(0, new ObjectMapper().readTree(out.resolve("vacio.json").toFile()).get("mentions").size());
    }
}
