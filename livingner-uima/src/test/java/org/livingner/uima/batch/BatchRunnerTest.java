package org.livingner.uima.batch;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.uima.collection.CollectionException;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.component.JCasCollectionReader_ImplBase;
import org.apache.uima.fit.component.NoOpAnnotator;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.util.Progress;
import org.apache.uima.util.ProgressImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.io.DocumentsAccess;
import org.livingner.uima.io.LivingNerTextReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchRunnerTest {

    /** Three documents; reading the second runs out of memory, as reading a file larger than the heap does. */
    public static class OutOfMemoryOnSecondReader extends JCasCollectionReader_ImplBase {
        private int next;

        @Override
        public boolean hasNext() {
            return next < 3;
        }

        @Override
        public void getNext(JCas jcas) throws CollectionException {
            next++;
            if (next == 2) {
                throw new OutOfMemoryError("Java heap space");
            }
            jcas.setDocumentText("Documento " + next + ".");
            DocumentsAccess.describe(jcas, "doc" + next);
        }

        @Override
        public Progress[] getProgress() {
            return new Progress[] {new ProgressImpl(next, 3, Progress.ENTITIES)};
        }
    }

    /** Three documents, the third with the first one's id, as two input directories holding a file each may. */
    public static class RepeatedIdReader extends JCasCollectionReader_ImplBase {
        private int next;

        @Override
        public boolean hasNext() {
            return next < 3;
        }

        @Override
        public void getNext(JCas jcas) {
            next++;
            jcas.setDocumentText("Documento " + next + ".");
            DocumentsAccess.describe(jcas, next == 3 ? "doc1" : "doc" + next);
        }

        @Override
        public Progress[] getProgress() {
            return new Progress[] {new ProgressImpl(next, 3, Progress.ENTITIES)};
        }
    }

    @Test
    void aDocumentWithTheIdOfAnEarlierOneFails() throws Exception {
        List<String> written = new ArrayList<>();
        BatchRunner.Result result = BatchRunner.run(
                List.of(CollectionReaderFactory.createReaderDescription(RepeatedIdReader.class)),
                AnalysisEngineFactory.createEngineDescription(NoOpAnnotator.class),
                jcas -> {
                    written.add(jcas.getDocumentText());
                    return null;
                }, BatchRunner.Options.threads(2));
        assertEquals(List.of("Documento 1.", "Documento 2."), written);
        assertEquals(1, result.failures().size());
        assertTrue(result.failures().get(0).reason().contains("also called 'doc1'"), result.failures().toString());
    }

    @Test
    void runningOutOfMemoryOnOneDocumentFailsThatDocumentOnly() throws Exception {
        List<String> written = new ArrayList<>();
        BatchRunner.Result result = BatchRunner.run(
                List.of(CollectionReaderFactory.createReaderDescription(OutOfMemoryOnSecondReader.class)),
                AnalysisEngineFactory.createEngineDescription(NoOpAnnotator.class),
                new BatchRunner.Sink() {
                    @Override
                    public JsonNode processed(JCas jcas) {
                        written.add(jcas.getDocumentText());
                        return null;
                    }
                }, BatchRunner.Options.threads(1));
        assertEquals(List.of("Documento 1.", "Documento 3."), written);
        assertEquals(2, result.processed());
        assertEquals(1, result.failures().size());
        String reason = result.failures().get(0).reason();
        assertTrue(reason.contains("out of memory") && reason.contains("--max-document-size"), reason);
    }

    /** The errors file lists this run's failures; a run without any leaves none, not even an earlier run's. */
    @Test
    void theErrorsFileIsWrittenOnlyWhenADocumentFails(@TempDir Path tmp)
            throws Exception {
        Path errors = tmp.resolve("out/errors.tsv");
        BatchRunner.Result failing = BatchRunner.run(
                List.of(CollectionReaderFactory.createReaderDescription(RepeatedIdReader.class)),
                AnalysisEngineFactory.createEngineDescription(NoOpAnnotator.class), jcas -> null,
                new BatchRunner.Options(1, 1, null, errors));
        assertEquals(1, failing.failures().size());
        List<String> lines = Files.readAllLines(errors);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("document\treason", lines.get(0));

        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("a.txt"), "El paciente.");
        BatchRunner.Result clean = BatchRunner.run(
                List.of(CollectionReaderFactory.createReaderDescription(LivingNerTextReader.class,
                        LivingNerTextReader.PARAM_SOURCE_LOCATION, in.toString())),
                AnalysisEngineFactory.createEngineDescription(NoOpAnnotator.class), jcas -> null,
                new BatchRunner.Options(1, 1, null, errors));
        assertEquals(List.of(), clean.failures());
        assertFalse(Files.exists(errors), "a clean run leaves no errors file");
    }

    /** What a kill does between a document's outputs and its journal line; an Error, which no layer catches. */
    private static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }

    /**
     * docs/reliability.md row 149: a run killed after a document's outputs were written and before its journal line,
     * then that input deleted: the resumed run removes what the unfinished document wrote, as it does for a finished
     * one (it left the file behind).
     */
    @Test
    void aDocumentKilledWhileItsOutputsWereWrittenHasThemRemovedWhenItsInputIsGone(@TempDir Path tmp)
            throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String name : List.of("a", "b", "c")) {
            Files.writeString(in.resolve(name + ".txt"), "El paciente " + name + ".");
        }
        Path out = Files.createDirectories(tmp.resolve("out"));
        List<CollectionReaderDescription> readers = List.of(CollectionReaderFactory.createReaderDescription(
                LivingNerTextReader.class, LivingNerTextReader.PARAM_SOURCE_LOCATION, in.toString()));
        BatchRunner.Sink killedWritingB = jcas -> {
            String id = org.livingner.uima.io.Documents.id(jcas);
            Files.writeString(out.resolve(id + ".out"), jcas.getDocumentText());
            if (id.equals("b")) {
                throw new Killed();
            }
            return null;
        };
        Path journalFile = out.resolve(RunJournal.FILE_NAME);
        try (RunJournal journal = RunJournal.open(journalFile, true, Map.of())) {
            assertThrows(Killed.class, () -> BatchRunner.run(readers,
                    AnalysisEngineFactory.createEngineDescription(NoOpAnnotator.class), killedWritingB,
                    new BatchRunner.Options(1, 1, journal, null)));
        }
        assertTrue(Files.exists(out.resolve("b.out")));

        Files.delete(in.resolve("b.txt"));
        List<String> removed = new ArrayList<>();
        BatchRunner.Sink resuming = new BatchRunner.Sink() {
            @Override
            public JsonNode processed(JCas jcas) throws Exception {
                Files.writeString(out.resolve(org.livingner.uima.io.Documents.id(jcas) + ".out"),
                        jcas.getDocumentText());
                return null;
            }

            @Override
            public void removed(String document, JsonNode kept) throws Exception {
                removed.add(document);
                Files.deleteIfExists(out.resolve(document + ".out"));
            }
        };
        BatchRunner.Result result;
        try (RunJournal journal = RunJournal.open(journalFile, true, Map.of())) {
            result = BatchRunner.run(readers, AnalysisEngineFactory.createEngineDescription(NoOpAnnotator.class),
                    resuming, new BatchRunner.Options(1, 1, journal, null));
        }
        assertEquals(List.of("b"), removed, "the unfinished document's outputs are removed");
        assertFalse(Files.exists(out.resolve("b.out")));
        assertEquals(1, result.resumed().removed());
        assertEquals(1, result.skipped(), "a was finished");
        assertEquals(1, result.processed(), "c was never reached");
        try (RunJournal journal = RunJournal.open(journalFile, true, Map.of())) {
            assertFalse(journal.previous().containsKey("b"), "removed once");
        }
    }
}
