package org.livingner.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a run stands between two updates — everything besides weights and AdamW moments that a resumed run needs
 * to continue exactly as an uninterrupted one. Stored as {@code trainer-state.json}.
 *
 * @param fingerprint      the settings of the run ({@link TrainingOptions#resumeFingerprint()})
 * @param seed             the run's seed (data order of epoch e is a function of (seed, e) only)
 * @param epoch            0-based epoch in progress
 * @param batchInEpoch     index of the next batch of that epoch's order
 * @param globalStep       updates done (also AdamW's step count and the dropout seed of the next update)
 * @param totalSteps       updates the schedule spans
 * @param epochLossSum     sum of batch losses so far in this epoch
 * @param epochBatches     batches so far in this epoch
 * @param epochSubwords    non-padding subwords so far in this epoch
 * @param epochSeconds     training seconds so far in this epoch
 * @param bestF1           best dev F1 so far (-1 before the first evaluation)
 * @param bestEpoch        1-based epoch of the best dev F1 (0 before)
 * @param history          one record per finished epoch (the content of {@code train-log.jsonl})
 */
public record TrainerState(
        String fingerprint,
        long seed,
        int epoch,
        int batchInEpoch,
        long globalStep,
        long totalSteps,
        double epochLossSum,
        long epochBatches,
        long epochSubwords,
        double epochSeconds,
        double bestF1,
        int bestEpoch,
        List<Trainer.EpochRecord> history) {

    public TrainerState {
        history = List.copyOf(history);
    }

    static TrainerState start(TrainingOptions options, long totalSteps) {
        return start(options.resumeFingerprint(), options, totalSteps);
    }

    static TrainerState start(String fingerprint, TrainingOptions options, long totalSteps) {
        return new TrainerState(fingerprint, options.seed(), 0, 0, 0, totalSteps, 0, 0, 0, 0,
                -1, 0, List.of());
    }

    /** The state after one more update. */
    TrainerState afterUpdate(int nextBatch, double loss, long subwords, double seconds) {
        return new TrainerState(fingerprint, seed, epoch, nextBatch, globalStep + 1, totalSteps, epochLossSum + loss,
                epochBatches + 1, epochSubwords + subwords, epochSeconds + seconds, bestF1, bestEpoch, history);
    }

    /** The state at the start of the next epoch. */
    TrainerState afterEpoch(Trainer.EpochRecord record, double newBestF1, int newBestEpoch) {
        List<Trainer.EpochRecord> h = new ArrayList<>(history);
        h.add(record);
        return new TrainerState(fingerprint, seed, epoch + 1, 0, globalStep, totalSteps, 0, 0, 0, 0, newBestF1,
                newBestEpoch, h);
    }
}
