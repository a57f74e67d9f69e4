package org.livingner.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.io.CheckpointException;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The resumable state of a run in {@code DIR/checkpoint/}: {@code config.json}, {@code model.safetensors},
 * AdamW moments {@code adam-m.safetensors} / {@code adam-v.safetensors}, and {@code trainer-state.json}.
 * <p>
 * A checkpoint is written complete into {@code checkpoint.tmp/}, then swapped in by directory renames, so a
 * process killed at any moment leaves either the previous or the new checkpoint whole
 * ({@code checkpoint.old/} is the previous one while the swap is under way).
 */
public final class TrainingCheckpoint {

    public static final String DIR = "checkpoint";
    static final String STATE = "trainer-state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingCheckpoint() {
    }

    /** What a checkpoint holds. */
    public record Contents(BertConfig config, Map<String, RawTensor> weights, Map<String, RawTensor> firstMoments,
                           Map<String, RawTensor> secondMoments, TrainerState state) {
    }

    /** Writes model config and weights, moments and state, replacing the previous checkpoint atomically. */
    public static void write(Path outDir, BertConfig config, Map<String, RawTensor> weights, AdamW optimizer,
                             TrainerState state) throws IOException {
        Path tmp = outDir.resolve(DIR + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        config.save(tmp.resolve("config.json"));
        SafeTensors.write(tmp.resolve("model.safetensors"), weights);
        // one file per moment keeps the heap copy at the size of the model, not twice it
        SafeTensors.write(tmp.resolve("adam-m.safetensors"), optimizer.firstMomentTensors());
        SafeTensors.write(tmp.resolve("adam-v.safetensors"), optimizer.secondMomentTensors());
        JSON.writeValue(tmp.resolve(STATE).toFile(), state);
        Path current = outDir.resolve(DIR);
        Path old = outDir.resolve(DIR + ".old");
        if (Files.exists(current)) {
            deleteTree(old);
            Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** The checkpoint in {@code outDir}, if any (an interrupted swap falls back to the previous checkpoint). */
    public static Optional<Contents> read(Path outDir) throws IOException {
        Path dir = outDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            dir = outDir.resolve(DIR + ".old");
            if (!Files.isDirectory(dir)) {
                return Optional.empty();
            }
        }
        Path stateFile = dir.resolve(STATE);
        TrainerState state;
        try {
            state = JSON.readValue(stateFile.toFile(), TrainerState.class);
        } catch (IOException e) {
            throw CheckpointException.in(stateFile, "unreadable trainer state (" + e.getMessage()
                    + "); delete " + dir + " to start the run over");
        }
        return Optional.of(new Contents(
                BertConfig.load(dir.resolve("config.json")),
                SafeTensors.read(dir.resolve("model.safetensors")),
                SafeTensors.read(dir.resolve("adam-m.safetensors")),
                SafeTensors.read(dir.resolve("adam-v.safetensors")),
                state));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
