package org.livingner.hub.internal;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/**
 * Shows how a download advances: a progress bar with rate and ETA on a terminal, and otherwise
 * (logs, CI, redirected output) one log line every few seconds, so logs stay readable.
 */
public abstract class DownloadProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadProgress.class);
    /** Files below this size finish too fast for a bar to help. */
    static final long REPORT_FROM_BYTES = 8L << 20;
    private static final long MIB = 1L << 20;
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    public abstract void advance(long bytes);

    @Override
    public abstract void close();

    public static DownloadProgress start(String name, long total, long alreadyHave) {
        if (total < REPORT_FROM_BYTES) {
            return new Silent();
        }
        return System.console() != null ? new Bar(name, total, alreadyHave) : new LogLines(name, total, alreadyHave);
    }

    private static final class Silent extends DownloadProgress {
        @Override
        public void advance(long bytes) {
        }

        @Override
        public void close() {
        }
    }

    private static final class Bar extends DownloadProgress {
        private final ProgressBar bar;

        Bar(String name, long total, long alreadyHave) {
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setUnit("MiB", MIB)
                    .showSpeed().startsFrom(alreadyHave, Duration.ZERO).build();
        }

        @Override
        public void advance(long bytes) {
            bar.stepBy(bytes);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class LogLines extends DownloadProgress {
        private final String name;
        private final long total;
        private final long startNanos = System.nanoTime();
        private final long startBytes;
        private long done;
        private long lastLogNanos = startNanos;

        LogLines(String name, long total, long alreadyHave) {
            this.name = name;
            this.total = total;
            this.done = alreadyHave;
            this.startBytes = alreadyHave;
            LOG.info("Downloading {} ({} MiB{})", name, mib(total),
                    alreadyHave > 0 ? ", resuming at " + mib(alreadyHave) + " MiB" : "");
        }

        @Override
        public void advance(long bytes) {
            done += bytes;
            long now = System.nanoTime();
            if (now - lastLogNanos >= LOG_INTERVAL_NANOS) {
                lastLogNanos = now;
                double seconds = (now - startNanos) / 1e9;
                double rate = (done - startBytes) / (double) MIB / Math.max(seconds, 1e-3);
                LOG.info("Downloading {}: {} / {} MiB ({}%, {} MiB/s)", name, mib(done), mib(total),
                        100 * done / Math.max(total, 1), String.format(Locale.ROOT, "%.1f", rate));
            }
        }

        @Override
        public void close() {
            if (done >= total) {
                LOG.info("Downloaded {}: {} MiB", name, mib(done));
            } else {
                LOG.info("Download of {} stopped at {} of {} MiB", name, mib(done), mib(total));
            }
        }

        private static long mib(long bytes) {
            return bytes / MIB;
        }
    }
}
