package org.livingner.uima.batch;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.cas.CAS;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceManager;
import org.apache.uima.resource.metadata.ProcessingResourceMetaData;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.Progress;
import org.livingner.corpus.AtomicFiles;
import org.livingner.uima.io.Documents;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs a collection through the pipeline, like {@code SimplePipeline}, except that a document that cannot be read or
 * processed fails alone: it is recorded as a {@link Failure} (name and reason) and the run goes on with the next
 * one. Every input document ends either processed, skipped (below) or in {@link Result#failures()}; nothing is
 * dropped. A document whose id an earlier document of the run already had fails too (its outputs would overwrite or
 * mix with the other's).
 *
 * <p>The pipeline runs on N threads. Each thread has its own engine instances (and UIMA resources); they all use one
 * loaded model ({@link org.livingner.uima.internal.SharedModels}). Documents are read in order on the calling
 * thread, processed on the workers, and handed to the {@link Sink} on the calling thread <em>in input order</em>,
 * whatever order they finish in, so outputs are the same for any number of threads.
 *
 * <p>With a {@link RunJournal}, each document's outcome is recorded as it is handed over (after the sink wrote its
 * outputs), with where it was read from and the hash of its text, and documents an earlier run finished are not
 * processed again (the sink is told they were skipped) unless something no longer matches: a document whose text
 * changed, that now comes from another file of the same name, or whose outputs the sink finds missing or changed
 * ({@link Sink#intact}) is processed again; a document the journal lists that is no longer among the inputs has its
 * outputs removed ({@link Sink#removed}), finished or not: a run killed between writing a document's outputs and
 * recording it has journalled that it began writing them ({@link RunJournal#writing}). {@link Result#resumed()} counts
 * each.
 * With an errors file, each failure is also appended there ({@code document<TAB>reason}, after a header line) as it
 * happens; the file is created with the first failure, so a run without failures leaves none (an earlier run's list
 * is removed when the run starts: its failed documents are tried again).
 *
 * <p><b>Look-ahead.</b> With {@link Options#batchDocuments()} above the thread count, the runner starts that many
 * workers (engine instances, all on the one model) instead: with a packed-context annotator, the documents the
 * workers hand to the model at about the same time share forward passes, grouped by length (see
 * {@code TokenClassifier.labelDocument}), so even one thread's documents are labelled several at a time. The
 * forward pass is nearly all the work and runs one at a time on all the cores PyTorch was given; what the extra
 * workers do besides waiting for it (segmentation, refinement) is cheap. Outputs, their order, the journal and
 * per-document failures do not depend on it.
 *
 * <p>At most {@code 2 * workers + 1} documents are in memory at once (a fixed pool of CASes), so memory does not
 * grow with the collection beyond the ids read so far.
 */
public final class BatchRunner {

    /** Where processed documents go; called on the runner's calling thread, in input order. */
    public interface Sink {
        /**
         * Writes a processed document's outputs. What it returns is kept in the journal and given back to
         * {@link #skipped} when a later run skips the document (null: nothing to keep). Throwing fails the document.
         */
        JsonNode processed(JCas jcas) throws Exception;

        /** A document an earlier run finished; {@code kept} is what {@link #processed} returned then. */
        default void skipped(String document, JsonNode kept) throws Exception {
        }

        /**
         * Whether the outputs an earlier run wrote for {@code document} are still there as written ({@code kept}:
         * what {@link #processed} returned then); a document whose outputs are not is processed again.
         */
        default boolean intact(String document, JsonNode kept) {
            return true;
        }

        /**
         * Removes the outputs an earlier run wrote for a document that is no longer among the inputs; {@code kept} is
         * what {@link #processed} returned when a run last finished it, or null when none did since its last output
         * began (killed or failed while writing its outputs), whose outputs are then to be found by its name.
         */
        default void removed(String document, JsonNode kept) throws Exception {
        }

        default void failed(Failure failure) {
        }

        /** After each document: how many are done (processed, skipped or failed) of about how many. */
        default void progress(int done, int totalEstimate, boolean failed) {
        }

        /** After the last document. */
        default void finish() throws Exception {
        }
    }

    /**
     * How to run.
     *
     * @param threads        documents processed at once, each on its own worker with its own engine instances
     * @param batchDocuments documents the model is given at once (look-ahead): the run has
     *                       {@code max(threads, batchDocuments)} workers; 1 = one per thread
     * @param journal        resume journal, or null
     * @param errors         file listing the failed documents, or null
     */
    public record Options(int threads, int batchDocuments, RunJournal journal, Path errors) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, found " + threads);
            }
            if (batchDocuments < 1) {
                throw new IllegalArgumentException("batch documents must be at least 1, found " + batchDocuments);
            }
        }

        /** {@code threads} workers, no look-ahead, no journal, no errors file. */
        public static Options threads(int threads) {
            return new Options(threads, 1, null, null);
        }

        public Options batchDocuments(int documents) {
            return new Options(threads, documents, journal, errors);
        }

        /** Workers (engine instances) the run starts. */
        public int workers() {
            return Math.max(threads, batchDocuments);
        }
    }

    /** What happened to the documents of this run. */
    public record Result(int processed, int skipped, List<Failure> failures, Resumed resumed) {
        public Result(int processed, int skipped, List<Failure> failures) {
            this(processed, skipped, failures, Resumed.NOTHING);
        }
    }

    /**
     * What a resumed run found no longer matching the journal: documents processed again because their text
     * changed ({@code changed}), because they came from another file than before ({@code otherSource}) or because
     * their outputs were missing or changed ({@code rewritten}); and earlier documents no longer among the inputs,
     * whose outputs were removed ({@code removed}).
     */
    public record Resumed(int changed, int otherSource, int rewritten, int removed) {
        static final Resumed NOTHING = new Resumed(0, 0, 0, 0);

        public boolean any() {
            return changed + otherSource + rewritten + removed > 0;
        }
    }

    private enum Redo { CHANGED, OTHER_SOURCE, REWRITTEN }

    /** Told after each document how many are done (processed, skipped or failed) of about how many. */
    @FunctionalInterface
    public interface ProgressListener {
        void update(int done, int totalEstimate, boolean failed);
    }

    private enum State { PROCESS, SKIPPED, FAILED }

    private static final class Item {
        final long seq;
        CAS cas;
        String document;
        String source;
        String content;
        State state = State.PROCESS;
        Throwable error;
        JsonNode kept;
        Failure failure;

        Item(long seq) {
            this.seq = seq;
        }
    }

    private static final Item STOP = new Item(-1);

    private BatchRunner() {
    }

    /**
     * Reads {@code readers} one after the other through {@code pipeline} into {@code sink}.
     *
     * @throws Exception when the run cannot start (a reader or engine fails to initialize), the journal or errors
     *                   file cannot be written, or the sink fails outside {@link Sink#processed} (skipping, finishing)
     */
    public static Result run(List<CollectionReaderDescription> readers, AnalysisEngineDescription pipeline, Sink sink,
                             Options options) throws Exception {
        List<AnalysisEngine> engines = new ArrayList<>();
        List<ResourceManager> managers = new ArrayList<>();
        List<CollectionReader> opened = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        BlockingQueue<Item> work = new LinkedBlockingQueue<>();
        BlockingQueue<Item> done = new LinkedBlockingQueue<>();
        try (ErrorList errors = new ErrorList(options.errors())) {
            for (int i = 0; i < options.workers(); i++) {
                // an engine does not destroy a resource manager it was given; ours are destroyed below, which
                // gives the shared model back (SharedModels) when the run ends
                ResourceManager resources = UIMAFramework.newDefaultResourceManager();
                managers.add(resources);
                engines.add(UIMAFramework.produceAnalysisEngine(pipeline, resources, null));
            }
            List<ProcessingResourceMetaData> metadata = new ArrayList<>();
            for (CollectionReaderDescription description : readers) {
                CollectionReader reader = CollectionReaderFactory.createReader(description);
                opened.add(reader);
                metadata.add(reader.getProcessingResourceMetaData());
            }
            metadata.add(engines.get(0).getAnalysisEngineMetaData());
            ArrayDeque<CAS> free = new ArrayDeque<>();
            for (int i = 0; i < 2 * options.workers() + 1; i++) {
                free.add(CasCreationUtils.createCas(metadata));
            }
            for (int i = 0; i < engines.size(); i++) {
                AnalysisEngine engine = engines.get(i);
                Thread worker = new Thread(() -> work(engine, work, done), "livingner-worker-" + (i + 1));
                worker.setDaemon(true);
                worker.start();
                workers.add(worker);
            }

            Map<Long, Item> ready = new HashMap<>();
            long read = 0;
            long committed = 0;
            int processed = 0;
            int skipped = 0;
            List<Failure> failures = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            Map<Redo, Integer> redone = new java.util.EnumMap<>(Redo.class);
            int readerIndex = 0;
            int readBefore = 0;
            while (true) {
                for (Item item; (item = done.poll()) != null; ) {
                    ready.put(item.seq, item);
                }
                for (Item item; (item = ready.remove(committed)) != null; committed++) {
                    commit(item, sink, options.journal(), errors, failures);
                    switch (item.state) {
                        case PROCESS -> processed++;
                        case SKIPPED -> skipped++;
                        case FAILED -> { }
                    }
                    if (item.cas != null) {
                        free.push(item.cas);
                    }
                    int total = readBefore + (readerIndex < opened.size()
                            ? total(opened.get(readerIndex), (int) read - readBefore) : 0);
                    sink.progress((int) committed + 1, Math.max(total, (int) read), item.state == State.FAILED);
                }
                while (readerIndex < opened.size() && !opened.get(readerIndex).hasNext()) {
                    readBefore = (int) read;
                    readerIndex++;
                }
                boolean inputLeft = readerIndex < opened.size();
                if (inputLeft && !free.isEmpty()) {
                    Item item = new Item(read++);
                    CAS cas = free.pop();
                    readInto(opened.get(readerIndex), cas, item, options.journal(), ids, sink, redone);
                    if (item.state == State.PROCESS) {
                        item.cas = cas;
                        work.put(item);
                    } else {
                        free.push(cas);
                        ready.put(item.seq, item);
                    }
                    continue;
                }
                if (!inputLeft && committed == read) {
                    break;
                }
                Item finished = done.take();
                ready.put(finished.seq, finished);
            }
            for (int i = 0; i < workers.size(); i++) {
                work.put(STOP);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            for (AnalysisEngine engine : engines) {
                engine.collectionProcessComplete();
            }
            int removed = removeDocumentsNoLongerGiven(options.journal(), ids, sink);
            sink.finish();
            return new Result(processed, skipped, failures, new Resumed(redone.getOrDefault(Redo.CHANGED, 0),
                    redone.getOrDefault(Redo.OTHER_SOURCE, 0), redone.getOrDefault(Redo.REWRITTEN, 0), removed));
        } finally {
            workers.forEach(Thread::interrupt);
            engines.forEach(AnalysisEngine::destroy);
            managers.forEach(ResourceManager::destroy);
            opened.forEach(CollectionReader::destroy);
        }
    }

    private static void work(AnalysisEngine engine, BlockingQueue<Item> work, BlockingQueue<Item> done) {
        try {
            for (Item item; (item = work.take()) != STOP; ) {
                try {
                    engine.process(item.cas);
                } catch (Throwable e) {
                    item.error = e;
                }
                done.put(item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The earlier run's finished documents this run did not read: their outputs are removed, once. */
    private static int removeDocumentsNoLongerGiven(RunJournal journal, Set<String> ids, Sink sink) throws Exception {
        if (journal == null) {
            return 0;
        }
        int removed = 0;
        for (RunJournal.Entry entry : journal.previous().values().stream()
                .sorted(java.util.Comparator.comparing(RunJournal.Entry::document)).toList()) {
            if (entry.wrote() && !ids.contains(entry.document())) {
                sink.removed(entry.document(), entry.output());
                journal.removed(entry.document());
                removed++;
            }
        }
        return removed;
    }

    private static void readInto(CollectionReader reader, CAS cas, Item item, RunJournal journal, Set<String> ids,
                                 Sink sink, Map<Redo, Integer> redone) {
        cas.reset();
        try {
            reader.getNext(cas);
            item.document = Documents.id(cas.getJCas());
            item.source = Documents.source(cas.getJCas());
            item.content = Documents.contentHash(cas.getJCas());
            if (item.document.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
                // up front: the LivingNER TSV's filename column cannot hold it, and writing it would end the run
                item.state = State.FAILED;
                item.failure = new Failure(item.source, "its name has a tab or line break, which the LivingNER"
                        + " TSV's filename column (and a line of errors.tsv) cannot hold; rename the file");
                item.document = item.failure.document();
                return;
            }
            if (!ids.add(item.document)) {
                // named by its file: the id is the other document's, whose outcome the journal keeps under it
                item.state = State.FAILED;
                item.failure = new Failure(Documents.source(cas.getJCas()), "another document of this run is also"
                        + " called '" + item.document + "'; give them different names or process them in separate"
                        + " runs");
                item.document = item.failure.document();
                return;
            }
        } catch (Exception | OutOfMemoryError e) {
            // a document larger than the heap fails alone: the reader has moved on and the CAS is reset before reuse
            item.state = State.FAILED;
            item.failure = failure("(input " + (item.seq + 1) + ")", e);
            item.document = item.failure.document();
            return;
        }
        if (journal != null && journal.finished(item.document)) {
            RunJournal.Entry earlier = journal.previous().get(item.document);
            Redo redo = !item.content.equals(earlier.content()) ? Redo.CHANGED
                    : !item.source.equals(earlier.source()) ? Redo.OTHER_SOURCE
                    : !sink.intact(item.document, earlier.output()) ? Redo.REWRITTEN : null;
            if (redo == null) {
                item.state = State.SKIPPED;
                item.kept = earlier.output();
            } else {
                redone.merge(redo, 1, Integer::sum);
            }
        }
    }

    private static void commit(Item item, Sink sink, RunJournal journal, ErrorList errors,
                               List<Failure> failures) throws Exception {
        if (item.state == State.SKIPPED) {
            sink.skipped(item.document, item.kept);
            return;
        }
        if (item.state == State.PROCESS) {
            if (item.error != null) {
                item.failure = failure(item.document, item.error);
            } else {
                JsonNode kept = null;
                if (journal != null) {
                    journal.writing(item.document, item.source, item.content);
                }
                try {
                    kept = sink.processed(item.cas.getJCas());
                } catch (Exception e) {
                    item.failure = Failure.of(item.document, e);
                }
                if (item.failure == null) {
                    if (journal != null) {
                        journal.ok(item.document, item.source, item.content, kept);
                    }
                    return;
                }
            }
            item.state = State.FAILED;
        }
        failures.add(item.failure);
        if (journal != null) {
            journal.failed(item.failure.document(), item.failure.reason());
        }
        errors.add(item.failure);
        sink.failed(item.failure);
    }

    /** The failure {@code e} describes; running out of memory says what to do about it. */
    static Failure failure(String document, Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return new Failure(document, "out of memory (" + e.getMessage() + "): the document is too large for this"
                    + " heap; refuse such documents up front with a lower --max-document-size (reader parameter"
                    + " maxDocumentSize), or give the JVM more heap (-Xmx in LIVINGNER_JAVA_OPTS)");
        }
        return Failure.of(document, e);
    }

    /**
     * The errors file of {@link Options#errors()}, if any: created, with its header, at the first failure, and
     * replaced whole (atomically, {@link AtomicFiles}) at each one, so it is never a cut-off list.
     */
    private static final class ErrorList implements Closeable {
        private final Path file;
        private StringBuilder lines;

        ErrorList(Path file) throws IOException {
            this.file = file;
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }

        void add(Failure failure) throws IOException {
            if (file == null) {
                return;
            }
            if (lines == null) {
                lines = new StringBuilder("document\treason\n");
            }
            // one line each: a Failure holds no tab or line break (its document name is escaped)
            lines.append(failure.document()).append('\t').append(failure.reason()).append('\n');
            AtomicFiles.write(file, lines.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
        }
    }

    private static int total(CollectionReader reader, int fallback) {
        Progress[] progress = reader.getProgress();
        if (progress != null && progress.length > 0 && progress[0].getTotal() >= 0) {
            return (int) Math.max(progress[0].getTotal(), fallback);
        }
        return fallback;
    }
}
