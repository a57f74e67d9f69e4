package org.livingner.bert.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @Test
    void tinyModelLearnsLivingNerMentions(@TempDir Path out) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        Trainer.Result result = TinyTraining.Task.of700().train(new Trainer(TinyTraining.options(64),
                new PrintStream(log, true, StandardCharsets.UTF_8)).progressInterval(Duration.ofSeconds(5)), out);
        System.out.println(log.toString(StandardCharsets.UTF_8));
        System.out.printf("trained in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, result.epochs());
        List<Trainer.EpochRecord> epochs = result.epochs();
        assertEquals(6, epochs.size());
        assertTrue(epochs.get(5).loss() < 0.5 * epochs.get(0).loss(), "loss did not halve: " + epochs);
        // An untrained model (and this one after its first epoch, measured) tags everything O or garbage: F1 0.0.
        // Measured with this seed: best 0.57-0.58 (0.54 at epoch 3, 0.58 at epoch 5). 0.3 is far from both.
        assertTrue(result.bestF1() > 0.3, "dev F1 " + result.bestF1());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        assertTrue(Files.exists(out.resolve("config.json")));
        assertEquals(6, Files.readAllLines(out.resolve(Trainer.LOG_FILE)).size());
        assertTrue(Files.notExists(out.resolve(TrainingCheckpoint.DIR)), "finished run leaves no checkpoint");
    }

    /** Sentences read inside windows of 3 (the annotator's default) still train; dev is scored in the same windows. */
    @Test
    void tinyModelLearnsInWindowsOfThreeSentences(@TempDir Path out) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer.Result result = TinyTraining.Task.of700().train(new Trainer(TinyTraining.options(128),
                new PrintStream(log, true, StandardCharsets.UTF_8)).windowSentences(3), out);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("each sentence in a window of 3 sentences"), text);
        // same threshold as sentences alone (there 0.57-0.58 measured); printed for the record
        System.out.printf("windows of 3: best dev F1 %.3f%n", result.bestF1());
        assertTrue(result.bestF1() > 0.3, "dev F1 " + result.bestF1());
    }
}
