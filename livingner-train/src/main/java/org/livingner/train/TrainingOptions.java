package org.livingner.train;

/**
 * Hyper-parameters and run settings of a fine-tuning run. The defaults are the reference recipe
 * (mBERT cased on LivingNER sentences: lr 5e-5, batch 8, 7 epochs, linear decay without warm-up, seed 42).
 *
 * @param learningRate       peak learning rate of AdamW
 * @param batchSize          sentences (chunks) per update
 * @param epochs             passes over the training data
 * @param maxLength          longest input in subwords, [CLS]/[SEP] included; longer sentences are cut at words
 * @param warmupRatio        fraction of all updates spent warming the learning rate up from 0
 * @param weightDecay        decoupled weight decay (not applied to biases and LayerNorm weights)
 * @param maxGradNorm        global gradient-norm clipping limit
 * @param seed               makes data order, dropout and a fresh classifier repeatable
 * @param freezeEmbeddings   keep the word-embedding matrix fixed (no gradient, no AdamW update for it)
 * @param maxSteps           stop after this many updates (0: no limit), for smoke runs
 * @param evalEveryEpoch     score the dev set after each epoch (else only after the last)
 * @param checkpointMinutes  wall-clock minutes between checkpoints inside an epoch (each epoch end always writes one)
 * @param checkpointEverySteps updates between checkpoints inside an epoch (0: only by time), for exact tests
 * @param megaBatchFactor    batches per length-sorted mega-batch
 */
public record TrainingOptions(
        double learningRate,
        int batchSize,
        int epochs,
        int maxLength,
        double warmupRatio,
        double weightDecay,
        double maxGradNorm,
        long seed,
        boolean freezeEmbeddings,
        long maxSteps,
        boolean evalEveryEpoch,
        double checkpointMinutes,
        int checkpointEverySteps,
        int megaBatchFactor) {

    public TrainingOptions {
        require(learningRate > 0, "learning rate must be positive, got " + learningRate);
        require(batchSize > 0, "batch size must be positive, got " + batchSize);
        require(epochs > 0, "epochs must be positive, got " + epochs);
        require(maxLength >= 3, "max length must be at least 3, got " + maxLength);
        require(warmupRatio >= 0 && warmupRatio <= 1, "warm-up ratio must be in [0, 1], got " + warmupRatio);
        require(weightDecay >= 0, "weight decay must not be negative, got " + weightDecay);
        require(maxGradNorm > 0, "max gradient norm must be positive, got " + maxGradNorm);
        require(maxSteps >= 0, "max steps must not be negative, got " + maxSteps);
        require(checkpointMinutes > 0, "checkpoint minutes must be positive, got " + checkpointMinutes);
        require(checkpointEverySteps >= 0, "checkpoint steps must not be negative, got " + checkpointEverySteps);
        require(megaBatchFactor > 0, "mega-batch factor must be positive, got " + megaBatchFactor);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The reference recipe. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(5e-5, 8, 7, 128, 0.0, 0.01, 1.0, 42, false, 0, true, 10, 0,
                LengthGroupedBatches.DEFAULT_MEGA_BATCH_FACTOR);
    }

    public TrainingOptions withLearningRate(double v) {
        return new TrainingOptions(v, batchSize, epochs, maxLength, warmupRatio, weightDecay, maxGradNorm, seed,
                freezeEmbeddings, maxSteps, evalEveryEpoch, checkpointMinutes, checkpointEverySteps, megaBatchFactor);
    }

    public TrainingOptions withBatchSize(int v) {
        return new TrainingOptions(learningRate, v, epochs, maxLength, warmupRatio, weightDecay, maxGradNorm, seed,
                freezeEmbeddings, maxSteps, evalEveryEpoch, checkpointMinutes, checkpointEverySteps, megaBatchFactor);
    }

    public TrainingOptions withEpochs(int v) {
        return new TrainingOptions(learningRate, batchSize, v, maxLength, warmupRatio, weightDecay, maxGradNorm, seed,
                freezeEmbeddings, maxSteps, evalEveryEpoch, checkpointMinutes, checkpointEverySteps, megaBatchFactor);
    }

    public TrainingOptions withMaxLength(int v) {
        return new TrainingOptions(learningRate, batchSize, epochs, v, warmupRatio, weightDecay, maxGradNorm, seed,
                freezeEmbeddings, maxSteps, evalEveryEpoch, checkpointMinutes, checkpointEverySteps, megaBatchFactor);
    }

    public TrainingOptions withWarmupRatio(double v) {
        return new TrainingOptions(learningRate, batchSize, epochs, maxLength, v, weightDecay, maxGradNorm, seed,
                freezeEmbeddings, maxSteps, evalEveryEpoch, checkpointMinutes, checkpointEverySteps, megaBatchFactor);
    }

    public TrainingOptions withCheckpointEverySteps(int v) {
        return new TrainingOptions(learningRate, batchSize, epochs, maxLength, warmupRatio, weightDecay, maxGradNorm,
                seed, freezeEmbeddings, maxSteps, evalEveryEpoch, checkpointMinutes, v, megaBatchFactor);
    }

    /** Settings that must not change when a run resumes, or it would not continue the same run. */
    String resumeFingerprint() {
        return "lr=" + learningRate + " batch=" + batchSize + " epochs=" + epochs + " maxLength=" + maxLength
                + " warmup=" + warmupRatio + " decay=" + weightDecay + " clip=" + maxGradNorm + " seed=" + seed
                + " freeze=" + freezeEmbeddings + " maxSteps=" + maxSteps + " mega=" + megaBatchFactor;
    }
}
