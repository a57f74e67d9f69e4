package org.livingner.uima;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a model location (what {@code --model} and {@code PARAM_MODEL_LOCATION} accept) into a model directory.
 * This is the one place to swap in the full resolver ({@code classpath:} and {@code hf:} locations).
 */
public final class ModelLocations {

    /** Where the embedded default model lives on the classpath (copied there from {@code models/default/}). */
    public static final String DEFAULT_MODEL_RESOURCE = "models/default";

    /** The location meaning "the embedded default model"; also what a {@code null} or blank location means. */
    public static final String DEFAULT = "default";

    private ModelLocations() {
    }

    /**
     * @param location a model directory, or {@code null} / {@code "default"} for the embedded default model
     * @return the model directory (holding config.json, weights and tokenizer)
     * @throws IOException naming the location and what was expected, when it is not a model directory
     */
    public static Path resolve(String location) throws IOException {
        if (location == null || location.isBlank() || location.equals(DEFAULT)) {
            return embeddedDefault();
        }
        if (location.startsWith("classpath:") || location.startsWith("hf:")) {
            throw new IOException("model location '" + location + "': only model directories are supported in this"
                    + " build; pass the path of a directory holding config.json, the weights and the tokenizer");
        }
        Path dir = Path.of(location);
        if (!Files.isDirectory(dir)) {
            throw new FileNotFoundException("model location '" + location + "': expected a model directory"
                    + " (config.json, model.safetensors or pytorch_model.bin, tokenizer.json or vocab.txt),"
                    + " but " + (Files.exists(dir) ? "it is not a directory" : "it does not exist"));
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new FileNotFoundException("model location '" + location + "': no config.json in " + dir.toAbsolutePath());
        }
        return dir;
    }

    private static Path embeddedDefault() throws IOException {
        URL config = ModelLocations.class.getClassLoader().getResource(DEFAULT_MODEL_RESOURCE + "/config.json");
        if (config == null) {
            throw new FileNotFoundException("no default model is installed (nothing at classpath:"
                    + DEFAULT_MODEL_RESOURCE + "/ in this build); pass a model directory with --model DIR on the"
                    + " command line, or LivingNerAnnotator.PARAM_MODEL_LOCATION in Java and XML descriptors");
        }
        if (!"file".equals(config.getProtocol())) {
            throw new IOException("the default model at " + config + " is inside an archive; only a default model"
                    + " in a directory (target/classes) can be loaded in this build: pass --model DIR");
        }
        try {
            return Path.of(config.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IOException("default model location " + config + " is not a valid file URI", e);
        }
    }
}
