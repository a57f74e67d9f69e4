package org.livingner.uima.internal;

import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.onnx.OnnxForwardPass;
import org.livingner.onnx.Precision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded {@link TokenClassifier} per model directory and options in the JVM, reference-counted.
 * UIMA may build a resource once per resource manager (a CPE, several pipelines in one program); keying the
 * weights here keeps a single copy in memory however many engines and threads use them.
 */
public final class SharedModels {

    private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);

    /**
     * What identifies a loaded model: the real directory and the options it was loaded with.
     *
     * @param labels    names for the checkpoint's label ids (for generic LABEL_n configs), or null for config.json's
     * @param precision the forward pass's arithmetic, resolved for the model ({@link Precision#resolve}); null: the
     *                  model's own choice
     */
    public record Key(Path directory, int batchSize, int maxSequenceLength, List<String> labels, Precision precision) {
        public Key {
            labels = labels == null || labels.isEmpty() ? null : List.copyOf(labels);
            if (precision == null) {
                try {
                    precision = Precision.resolve(Precision.AUTO, directory, "precision");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        public Key(Path directory, int batchSize, int maxSequenceLength) {
            this(directory, batchSize, maxSequenceLength, null, null);
        }
    }

    private static final class Entry {
        final TokenClassifier classifier;
        int users;

        Entry(TokenClassifier classifier) {
            this.classifier = classifier;
        }
    }

    private static final Map<Key, Entry> LOADED = new HashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private SharedModels() {
    }

    /** The classifier for {@code key}, loading it on first use; pair every call with {@link #release}. */
    public static synchronized TokenClassifier acquire(Key key) throws IOException {
        Entry entry = LOADED.get(key);
        if (entry == null) {
            long start = System.nanoTime();
            TokenClassifier classifier = TokenClassifier.load(key.directory(),
                    new TokenClassifier.Options(key.batchSize(), key.maxSequenceLength()), key.labels(),
                    OnnxForwardPass.factory(key.precision()));
            LOADS.incrementAndGet();
            LOG.info("loaded model {} ({}) in {} ms", key.directory(), classifier.forwardPass().description(),
                    (System.nanoTime() - start) / 1_000_000);
            entry = new Entry(classifier);
            LOADED.put(key, entry);
        }
        entry.users++;
        return entry.classifier;
    }

    /** Gives back one use of {@code key}; the model is closed when nobody uses it any more. */
    public static synchronized void release(Key key) {
        Entry entry = LOADED.get(key);
        if (entry == null) {
            return;
        }
        if (--entry.users <= 0) {
            LOADED.remove(key);
            try {
                entry.classifier.close();
            } catch (Exception e) {
                LOG.warn("closing model {} failed: {}", key.directory(), e.toString());
            }
        }
    }

    /** How many times a model was loaded from disk in this JVM (lets tests and benchmarks see sharing). */
    public static int loadCount() {
        return LOADS.get();
    }
}
