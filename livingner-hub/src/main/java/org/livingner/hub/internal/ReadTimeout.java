package org.livingner.hub.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads from a response body, giving up when one read waits longer than the timeout. Java's HTTP client
 * times out only until the response headers arrive; a body that stalls afterwards would block its reader
 * forever (holding the blob's lock). Closing the body stream from another thread ends the blocked read, so
 * each read arms an alarm that does that, and disarms it when bytes come.
 */
public final class ReadTimeout implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor ALARMS = alarms();

    private final InputStream body;
    private final Duration timeout;
    private final String what;
    private volatile boolean expired;

    /**
     * @param what the file being downloaded, for the exception
     */
    public ReadTimeout(InputStream body, Duration timeout, String what) {
        this.body = body;
        this.timeout = timeout;
        this.what = what;
    }

    /**
     * Like {@link InputStream#read(byte[])}.
     *
     * @throws HttpTimeoutException when no byte came within the timeout (the body is closed then)
     */
    public int read(byte[] buffer) throws IOException {
        ScheduledFuture<?> alarm = ALARMS.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return body.read(buffer);
        } catch (IOException e) {
            if (expired) {
                HttpTimeoutException timedOut = new HttpTimeoutException("no data for " + seconds(timeout)
                        + " while downloading " + what + " (HF_HUB_DOWNLOAD_TIMEOUT)");
                timedOut.initCause(e);
                throw timedOut;
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    private void expire() {
        expired = true;
        try {
            body.close();
        } catch (IOException e) {
            // the reader sees the stream fail either way
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static ScheduledThreadPoolExecutor alarms() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hub-read-timeout");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true); // one alarm per read: cancelled ones must not pile up
        return pool;
    }
}
