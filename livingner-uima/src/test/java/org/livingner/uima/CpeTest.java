package org.livingner.uima;

import org.livingner.uima.internal.SharedModels;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.cpe.CpePipeline;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.Mention;
import org.livingner.uima.io.LivingNerTsvWriter;
import org.livingner.uima.io.LivingNerTextReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The pipeline in a multi-threaded CPE: one model for all threads, the same mentions as a single thread. */
class CpeTest {

    @Test
    void twoCpeThreadsShareOneModelAndFindTheSameMentionsAsOneThread(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("in");
        Files.createDirectories(input);
        String[] sentences = Fixtures.MODEL_CARD_PARAGRAPH.split("(?<=\\.) ");
        for (int i = 0; i < sentences.length; i++) {
            Files.writeString(input.resolve(String.format("doc_%02d.txt", i)),
                    sentences[i] + " " + sentences[(i + 1) % sentences.length], StandardCharsets.UTF_8);
        }
        // a private copy of the model, so the load counter sees exactly the loads of this run
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(Fixtures.TINY_BERT)) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        CollectionReaderDescription reader = CollectionReaderFactory.createReaderDescription(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, input.toString());
        LivingNerPipeline.Options options = new LivingNerPipeline.Options().model(model.toString());

        int loadsBefore = SharedModels.loadCount();
        Path threaded = tmp.resolve("threaded.tsv");
        CpePipeline.runPipeline(2, reader, LivingNerPipeline.create(options), writer(threaded));
        assertEquals(1, SharedModels.loadCount() - loadsBefore, "two CPE threads, one model load");

        Path single = tmp.resolve("single.tsv");
        SimplePipeline.runPipeline(reader, LivingNerPipeline.create(options), writer(single));

        List<Mention> one = LivingNerTsv.read(single);
        List<Mention> two = LivingNerTsv.read(threaded);
        assertFalse(one.isEmpty(), "the tiny model labels some words");
        assertEquals(one, two);
        assertEquals(Files.readString(single), Files.readString(threaded));
    }

    private static AnalysisEngineDescription writer(Path tsv) throws Exception {
        return AnalysisEngineFactory.createEngineDescription(LivingNerTsvWriter.class,
                LivingNerTsvWriter.PARAM_TARGET_LOCATION, tsv.toString());
    }
}
