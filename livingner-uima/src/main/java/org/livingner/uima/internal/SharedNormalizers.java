package org.livingner.uima.internal;

import org.livingner.taxonomy.Normalizer;
import org.livingner.taxonomy.Taxonomy;
import org.livingner.taxonomy.TrainingCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link Normalizer} per taxonomy in the JVM. Loading the index takes seconds and a few hundred MB; a normaliser
 * is immutable and thread-safe, so every engine, thread and pipeline of the JVM shares it, as {@link SharedModels}
 * shares the model. Normalisers stay loaded for the life of the JVM (they hold no native memory or files).
 */
public final class SharedNormalizers {

    private static final Logger LOG = LoggerFactory.getLogger(SharedNormalizers.class);

    /** The key of the shipped index. */
    private static final String SHIPPED = "";
    private static final Map<String, Normalizer> LOADED = new HashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private SharedNormalizers() {
    }

    /**
     * The normaliser of {@code taxonomy}, a taxdump directory ({@code names.dmp}, {@code nodes.dmp}, or their
     * {@code .gz}), with the shipped training codes; null or blank: {@link Normalizer#shipped()}.
     *
     * @throws IOException naming the file and line when the directory is missing, truncated or not in dump format
     */
    public static Normalizer of(String taxonomy) throws IOException {
        boolean shipped = taxonomy == null || taxonomy.isBlank();
        String key = shipped ? SHIPPED : Path.of(taxonomy).toAbsolutePath().normalize().toString();
        synchronized (LOADED) {
            Normalizer normalizer = LOADED.get(key);
            if (normalizer == null) {
                long start = System.nanoTime();
                normalizer = shipped ? Normalizer.shipped()
                        : Normalizer.of(Taxonomy.load(Path.of(key)), TrainingCodes.shipped());
                LOADS.incrementAndGet();
                LOG.info("loaded the NCBI Taxonomy {} in {} ms", shipped ? "index shipped in livingner-taxonomy" : key,
                        (System.nanoTime() - start) / 1_000_000);
                LOADED.put(key, normalizer);
            }
            return normalizer;
        }
    }

    /** How many taxonomies were loaded in this JVM (lets tests see sharing). */
    public static int loadCount() {
        return LOADS.get();
    }
}
