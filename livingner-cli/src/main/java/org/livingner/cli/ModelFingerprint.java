package org.livingner.cli;

import org.livingner.taxonomy.Taxonomy;
import org.livingner.uima.refine.RefinementEngines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a model directory's files as run settings ({@code "model file NAME" -> "sha256:..."}), so that a
 * resumed run notices a model changed in place, which its path alone does not show. Only the files a model is
 * loaded from count: a README edited next to them changes nothing.
 */
final class ModelFingerprint {

    /** What {@code TokenClassifier.load} reads, whichever of them the directory has. */
    static final List<String> MODEL_FILES = List.of("config.json", "model.safetensors", "pytorch_model.bin",
            "tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json", "calibration.json");

    private ModelFingerprint() {
    }

    static Map<String, String> of(Path modelDir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : MODEL_FILES) {
            Path file = modelDir.resolve(name);
            if (Files.isRegularFile(file)) {
                files.put("model file " + name, "sha256:" + sha256(file));
            }
        }
        return files;
    }

    /**
     * The content of the files a {@code --refine} list names (a lexicon, a Ruta script) as run settings
     * ({@code "refine file lexicon=PATH" -> "sha256:..."}): an engine's output changes with its file, which a resumed
     * run must notice like a model changed in place. Arguments that are no file (class path resources, the
     * defaults) change only with the build, whose model and version the journal names otherwise.
     */
    static Map<String, String> refineFiles(String refine) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (RefinementEngines.Choice choice : RefinementEngines.parse(refine)) {
            if (choice.argument() != null && Files.isRegularFile(Path.of(choice.argument()))) {
                files.put("refine file " + choice.argument(), "sha256:" + sha256(Path.of(choice.argument())));
            }
        }
        return files;
    }

    /**
     * The dump files of a {@code --taxonomy} directory by content ({@code "taxonomy file PATH" -> "sha256:HEX"}):
     * the codes come from them, so a taxonomy replaced in place is not mistaken for the one the earlier documents
     * were coded with. Nothing for the shipped index (the build's own, part of the code) or a missing directory.
     */
    static Map<String, String> taxonomyFiles(String taxonomy) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        if (taxonomy == null) {
            return files;
        }
        for (Path file : Taxonomy.files(Path.of(taxonomy))) {
            files.put("taxonomy file " + file, "sha256:" + sha256(file));
        }
        return files;
    }

    /** The SHA-256 of a file's bytes, in hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
