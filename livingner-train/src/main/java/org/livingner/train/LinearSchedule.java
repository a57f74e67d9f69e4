package org.livingner.train;

/**
 * Linear warm-up from 0 to the peak learning rate, then linear decay to 0 at the last step — the schedule of
 * Hugging Face's {@code get_linear_schedule_with_warmup}: update {@code k} (0-based) uses
 * {@code peak * k / warmup} while {@code k < warmup}, else {@code peak * (total - k) / (total - warmup)}.
 * With no warm-up (the reference recipe) the first update uses the peak rate.
 */
public record LinearSchedule(double peak, long warmupSteps, long totalSteps) {

    public LinearSchedule {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("total steps must be positive, got " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warm-up steps must be in [0, " + totalSteps + "], got " + warmupSteps);
        }
    }

    /** A schedule whose warm-up is a fraction of all updates (rounded up, as transformers' TrainingArguments). */
    public static LinearSchedule withWarmupRatio(double peak, double warmupRatio, long totalSteps) {
        if (warmupRatio < 0 || warmupRatio > 1) {
            throw new IllegalArgumentException("warm-up ratio must be in [0, 1], got " + warmupRatio);
        }
        return new LinearSchedule(peak, (long) Math.ceil(warmupRatio * totalSteps), totalSteps);
    }

    /** Learning rate of update {@code step} (0-based). */
    public double rate(long step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
}
