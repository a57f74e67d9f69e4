package org.livingner.uima;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;

import org.livingner.hub.ModelLocation;

/**
 * Turns a model location (what {@code --model} and {@code PARAM_MODEL_LOCATION} accept) into a model directory.
 * Paths, {@code classpath:} and {@code hf:} locations are resolved by {@link ModelLocation}.
 */
public final class ModelLocations {

    /** Where the embedded default model lives on the classpath (copied there from {@code models/default/}). */
    public static final String DEFAULT_MODEL_RESOURCE = "models/default";

    /** The location meaning "the embedded default model"; also what a {@code null} or blank location means. */
    public static final String DEFAULT = "default";

    private ModelLocations() {
    }

    /**
     * @param location a model directory, {@code classpath:PATH}, {@code hf:ORG/NAME[@REVISION]}, or {@code null} /
     *                 {@code "default"} for the embedded default model
     * @return the model directory (holding config.json, weights and tokenizer)
     * @throws IOException naming the location and what was expected, when it is not a model directory
     */
    public static Path resolve(String location) throws IOException {
        if (location == null || location.isBlank() || location.equals(DEFAULT)) {
            if (ModelLocations.class.getClassLoader().getResource(DEFAULT_MODEL_RESOURCE + "/config.json") == null) {
                throw new FileNotFoundException("no default model is installed (nothing at classpath:"
                        + DEFAULT_MODEL_RESOURCE + "/ in this build); pass a model directory with --model DIR on the"
                        + " command line, or LivingNerAnnotator.PARAM_MODEL_LOCATION in Java and XML descriptors");
            }
            return ModelLocation.resolve(ModelLocation.DEFAULT);
        }
        return ModelLocation.resolve(location);
    }
}
