package org.livingner.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;
import org.livingner.corpus.Iob2Sentence;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run killed mid-epoch and started again with the same output directory ends where an uninterrupted run ends. */
class ResumeTest {

    /** Thrown from the step listener: the process "dies" there, after its last checkpoint. */
    private static final class Killed extends RuntimeException {
    }

    @Test
    void killedAndResumedRunEqualsUninterruptedRun(@TempDir Path tmp) throws Exception {
        List<Iob2Sentence> train = TinyTraining.sentences(120);
        // no dev set: the model kept in DIR is then the last epoch's, written after the resume
        List<Iob2Sentence> dev = List.of();
        BertTokenizer tokenizer = TinyTraining.tokenizer(train);
        // about 8 updates per epoch, 2 epochs; checkpoints every 3 updates and at epoch ends
        TrainingOptions options = TrainingOptions.defaults().withLearningRate(1e-3).withEpochs(2).withBatchSize(16)
                .withMaxLength(64).withWarmupRatio(0.2).withCheckpointEverySteps(3);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        Path straight = tmp.resolve("straight");
        Trainer.Result expected = new Trainer(options, quiet)
                .train(TinyTraining.randomModel(tokenizer, 3), tokenizer, train, dev, straight);

        Path interrupted = tmp.resolve("interrupted");
        // killed in the second epoch two updates after a checkpoint (checkpoints at multiples of 3), which are lost
        long killAt = expected.steps() - 1;
        while (killAt % 3 != 2) {
            killAt--;
        }
        long kill = killAt;
        long perEpoch = expected.epochs().get(0).step();
        assertTrue(killAt > perEpoch + 3, "the kill must fall inside epoch 2 after a step checkpoint");
        assertThrows(Killed.class, () -> new Trainer(options, quiet).afterStep(step -> {
            if (step == kill) {
                throw new Killed();
            }
        }).train(TinyTraining.randomModel(tokenizer, 3), tokenizer, train, dev, interrupted));
        TrainerState saved = TrainingCheckpoint.read(interrupted).orElseThrow().state();
        assertEquals(1, saved.epoch());
        assertEquals(killAt - 2, saved.globalStep());
        assertTrue(saved.batchInEpoch() > 0);

        // the resumed run must not need the initial model: a factory that fails proves it is not called
        Trainer.Result resumed = new Trainer(options, quiet).train((labels, m) -> {
            throw new AssertionError("resume must start from the checkpoint");
        }, tokenizer, train, dev, interrupted);

        assertTrue(resumed.resumed());
        assertEquals(expected.steps(), resumed.steps());
        assertEquals(expected.epochs().size(), resumed.epochs().size());
        for (int e = 0; e < expected.epochs().size(); e++) {
            assertEquals(expected.epochs().get(e).loss(), resumed.epochs().get(e).loss(), 1e-6, "loss of epoch " + e);
        }
        Map<String, RawTensor> a = SafeTensors.read(straight.resolve("model.safetensors"));
        Map<String, RawTensor> b = SafeTensors.read(interrupted.resolve("model.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        for (String key : a.keySet()) {
            assertArrayEquals(a.get(key).toFloats(), b.get(key).toFloats(), 1e-6f, key);
        }
        assertEquals(Files.readAllLines(straight.resolve(Trainer.LOG_FILE)).size(),
                Files.readAllLines(interrupted.resolve(Trainer.LOG_FILE)).size());
    }

    @Test
    void resumingWithOtherSettingsIsRefused(@TempDir Path out) throws Exception {
        List<Iob2Sentence> train = TinyTraining.sentences(60);
        BertTokenizer tokenizer = TinyTraining.tokenizer(train);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(1).withBatchSize(16).withMaxLength(64)
                .withCheckpointEverySteps(2);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThrows(Killed.class, () -> new Trainer(options, quiet).afterStep(step -> {
            if (step == 3) {
                throw new Killed();
            }
        }).train(TinyTraining.randomModel(tokenizer, 3), tokenizer, train, List.of(), out));
        var e = assertThrows(java.io.IOException.class, () -> new Trainer(options.withLearningRate(1e-3), quiet)
                .train(TinyTraining.randomModel(tokenizer, 3), tokenizer, train, List.of(), out));
        assertTrue(e.getMessage().contains("lr=5.0E-5") && e.getMessage().contains("lr=0.001"), e.getMessage());
    }
}
