package org.livingner.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Training progress: running-mean loss, subword tokens per second and ETA — a progress bar on a terminal, plain
 * lines every {@code interval} otherwise (logs and CI).
 */
public final class TrainingProgress implements AutoCloseable {

    private final ProgressBar bar;
    private final PrintStream plain;
    private final long intervalNanos;
    private final long totalSteps;
    private long lastPrint = System.nanoTime();
    private long stepsThisRun;
    private long subwordsThisRun;
    private double secondsThisRun;

    private TrainingProgress(ProgressBar bar, PrintStream plain, Duration interval, long totalSteps, long doneSteps) {
        this.bar = bar;
        this.plain = plain;
        this.intervalNanos = interval.toNanos();
        this.totalSteps = totalSteps;
        if (bar != null) {
            bar.stepTo(doneSteps);
        }
    }

    static TrainingProgress create(long totalSteps, long doneSteps, PrintStream out, Duration interval) {
        if (System.console() != null) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).showSpeed()
                    .setUnit(" steps", 1).build();
            return new TrainingProgress(bar, null, interval, totalSteps, doneSteps);
        }
        return new TrainingProgress(null, out, interval, totalSteps, doneSteps);
    }

    void step(long globalStep, int epoch, double runningLoss, long subwords, double seconds) {
        stepsThisRun++;
        subwordsThisRun += subwords;
        secondsThisRun += seconds;
        double rate = subwordsThisRun / Math.max(1e-9, secondsThisRun);
        double secondsPerStep = secondsThisRun / stepsThisRun;
        String eta = formatDuration((long) ((totalSteps - globalStep) * secondsPerStep));
        if (bar != null) {
            bar.stepTo(globalStep);
            bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d loss %.4f %.0f tok/s", epoch + 1, runningLoss, rate));
        } else if (System.nanoTime() - lastPrint >= intervalNanos || globalStep == totalSteps) {
            lastPrint = System.nanoTime();
            plain.printf(Locale.ROOT, "step %d/%d epoch %d loss %.4f %.0f subword tokens/s ETA %s%n",
                    globalStep, totalSteps, epoch + 1, runningLoss, rate, eta);
        }
    }

    void message(String line) {
        if (bar != null) {
            bar.pause();
            System.out.println(line);
            bar.resume();
        } else {
            plain.println(line);
        }
    }

    static String formatDuration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** A counted task outside the update loop (the teacher's pass): a bar on a terminal, plain lines otherwise. */
    public static final class Counter implements AutoCloseable {
        private final ProgressBar bar;
        private final PrintStream plain;
        private final String task;
        private long total;
        private final long intervalNanos;
        private final long start = System.nanoTime();
        private long lastPrint = System.nanoTime();

        public Counter(String task, String unit, long total, PrintStream out, Duration interval) {
            this.task = task;
            this.total = total;
            this.intervalNanos = interval.toNanos();
            this.bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName(task)
                    .setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                    .setUnit(" " + unit, 1).build();
            this.plain = bar == null ? out : null;
        }

        public void update(long done, long newTotal) {
            if (newTotal != total) {
                total = newTotal;
                if (bar != null) {
                    bar.maxHint(newTotal);
                }
            }
            if (bar != null) {
                bar.stepTo(done);
            } else if (System.nanoTime() - lastPrint >= intervalNanos) {
                lastPrint = System.nanoTime();
                double seconds = (lastPrint - start) / 1e9;
                plain.printf(Locale.ROOT, "%s %d/%d ETA %s%n", task, done, total,
                        formatDuration((long) (seconds / Math.max(1, done) * (total - done))));
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
