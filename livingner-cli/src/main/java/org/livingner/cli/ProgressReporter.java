package org.livingner.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Progress of a long job on stderr: a progress bar with rate and ETA on a terminal, otherwise a plain line every
 * {@code interval} (and one at the end), so logs of batch jobs stay readable. The bar's line is ended when the
 * reporter is closed, so what is printed after {@link #close()} (a command's summary) starts a line of its own. Rates
 * print with a leading zero ({@code 0.5 docs/s}).
 */
final class ProgressReporter implements AutoCloseable {

    private final String task;
    private final PrintStream out;
    private final ProgressBar bar;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long lastLine = start;
    private long done;
    private long total;
    private long failed;

    private ProgressReporter(String task, PrintStream out, boolean terminal, Duration interval) {
        this.task = task;
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(0)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" docs", 1)
                .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .setSpeedUnit(ChronoUnit.SECONDS).setConsumer(new ConsoleProgressBarConsumer(out)).build() : null;
    }

    /** A bar when {@code terminal} (see {@link #onTerminal}), a line every 10 s otherwise. */
    static ProgressReporter of(String task, PrintStream out, boolean terminal) {
        return new ProgressReporter(task, out, terminal, Duration.ofSeconds(10));
    }

    /** Whether {@code out} is this process's stderr on a terminal, where a bar can redraw its line. */
    static boolean onTerminal(PrintStream out) {
        return out == System.err && System.console() != null;
    }

    static ProgressReporter lines(String task, PrintStream out, Duration interval) {
        return new ProgressReporter(task, out, false, interval);
    }

    void update(long done, long total, boolean failedOne) {
        this.done = done;
        this.total = Math.max(total, done);
        if (failedOne) {
            failed++;
        }
        if (bar != null) {
            bar.maxHint(this.total);
            bar.stepTo(done);
            if (failed > 0) {
                bar.setExtraMessage(failed + " failed");
            }
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine >= intervalNanos) {
            lastLine = now;
            out.println(line(now));
        }
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 && total > done ? format(Duration.ofSeconds(Math.round((total - done) / rate))) : "0:00";
        return String.format(Locale.ROOT, "%s: %d/%d documents (%.0f%%), %.2f docs/s, elapsed %s, ETA %s%s", task,
                done, total, total == 0 ? 100.0 : 100.0 * done / total, rate,
                format(Duration.ofSeconds(Math.round(seconds))), eta, failed > 0 ? ", " + failed + " failed" : "");
    }

    private static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        } else if (done > 0) {
            out.println(line(System.nanoTime()));
        }
    }
}
