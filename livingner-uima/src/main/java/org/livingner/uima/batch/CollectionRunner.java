package org.livingner.uima.batch;

import org.apache.uima.UIMAException;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.cas.CAS;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.metadata.ProcessingResourceMetaData;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.Progress;
import org.livingner.uima.io.Documents;
import org.livingner.uima.io.UnreadableDocumentException;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs readers through engines one document at a time, like {@code SimplePipeline}, except that a document that
 * cannot be read or processed is recorded as a {@link Failure} (name and reason) and the run goes on with the
 * next one. Every input document ends up either processed or in {@link Result#failures()}.
 */
public final class CollectionRunner {

    /** A document that failed, and why. */
    public record Failure(String document, String reason) {
        @Override
        public String toString() {
            return document + ": " + reason;
        }
    }

    /** What happened: documents processed, and those that failed. */
    public record Result(int processed, List<Failure> failures) {
    }

    /** Told about each document as it is done. */
    public interface Listener {
        /** After {@code jcas} went through all engines ({@code failed == false}) or failed. */
        void documentDone(JCas jcas, boolean failed, int done, int totalEstimate);
    }

    private CollectionRunner() {
    }

    public static Result run(List<CollectionReaderDescription> readers, Listener listener,
                             AnalysisEngineDescription... engines) throws UIMAException, java.io.IOException {
        AnalysisEngine engine = AnalysisEngineFactory.createEngine(AnalysisEngineFactory.createEngineDescription(engines));
        List<CollectionReader> opened = new ArrayList<>();
        try {
            List<ProcessingResourceMetaData> metadata = new ArrayList<>();
            for (CollectionReaderDescription description : readers) {
                CollectionReader reader = CollectionReaderFactory.createReader(description);
                opened.add(reader);
                metadata.add(reader.getProcessingResourceMetaData());
            }
            metadata.add(engine.getAnalysisEngineMetaData());
            CAS cas = CasCreationUtils.createCas(metadata);
            List<Failure> failures = new ArrayList<>();
            int processed = 0;
            int done = 0;
            int readBefore = 0;
            for (CollectionReader reader : opened) {
                while (reader.hasNext()) {
                    cas.reset();
                    done++;
                    boolean failed = false;
                    try {
                        reader.getNext(cas);
                    } catch (Exception e) {
                        failures.add(failure("(input " + done + ")", e));
                        failed = true;
                    }
                    if (!failed) {
                        try {
                            engine.process(cas);
                            processed++;
                        } catch (Exception e) {
                            failures.add(failure(Documents.id(cas.getJCas()), e));
                            failed = true;
                        }
                    }
                    listener.documentDone(cas.getJCas(), failed, done, readBefore + total(reader, done - readBefore));
                }
                readBefore = done;
            }
            engine.collectionProcessComplete();
            return new Result(processed, failures);
        } finally {
            engine.destroy();
            opened.forEach(CollectionReader::destroy);
        }
    }

    private static int total(CollectionReader reader, int fallback) {
        Progress[] progress = reader.getProgress();
        if (progress != null && progress.length > 0 && progress[0].getTotal() >= 0) {
            return (int) Math.max(progress[0].getTotal(), fallback);
        }
        return fallback;
    }

    /** The failure the exception describes, naming the document it names when it knows better than {@code id}. */
    static Failure failure(String id, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnreadableDocumentException u) {
                return new Failure(u.document(), u.reason());
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? root.toString() : root.getMessage();
        return new Failure(id, reason);
    }
}
