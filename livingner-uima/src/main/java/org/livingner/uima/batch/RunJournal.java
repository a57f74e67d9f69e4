package org.livingner.uima.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The record of a batch run, one JSON object per line, appended and flushed as each document is done:
 * {@code {"doc": ID, "status": "ok", "source": FILE, "sha256": HEX, "output": ...}} or
 * {@code {"doc": ID, "status": "failed", "reason": ...}}, after a {@code {"settings": {...}}} line per run, and
 * {@code {"doc": ID, "status": "removed"}} when a later run no longer had the document among its inputs and removed
 * its outputs. Before a document's outputs are written a {@code {"doc": ID, "status": "writing", "source": FILE,
 * "sha256": HEX}} line is appended, so a run killed between its outputs and its "ok" line leaves a document the next
 * run knows it may have written: it is done again, or its outputs are removed when it is no longer an input. {@code source} is where the document was read from and {@code sha256} the hash of its text, so a
 * resumed run redoes a document that changed or that now comes from another file of the same name. A later run with the same output reads it to skip finished documents;
 * {@code output} keeps what a document contributed to a collection-wide file (e.g. its TSV rows), so that file can
 * be rebuilt without the document being processed again.
 *
 * <p>A run killed while writing leaves a partial last line; it is cut off when the journal is reopened. A run with
 * other settings (format, model, ...) is refused: its outputs would mix with these.
 *
 * <p>One run at a time: the journal is locked while open ({@code FILE.lock} next to it, holding the pid of the run
 * and an OS file lock), so a second run into the same output is refused instead of appending to, or cutting, the
 * first one's lines. The OS drops the file lock when a process dies, so a lock file left by a killed run is
 * recognised as stale ({@link #staleLock()}) and taken over.
 */
public final class RunJournal implements Closeable {

    /** The usual file name inside an output directory. */
    public static final String FILE_NAME = ".livingner-run.jsonl";

    /**
     * The last thing a journal says about a document.
     *
     * @param source  where it was read from (null in journals written before sources were recorded)
     * @param content the SHA-256 of its text ({@link org.livingner.uima.io.Documents#contentHash}), or null
     * @param wrote   whether a run may have left outputs of it: one finished it, or began writing its outputs (and
     *                then failed or was killed) since they were last removed
     */
    public record Entry(String document, boolean ok, String reason, JsonNode output, String source, String content,
                        boolean wrote) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final OutputStream out;
    private final Map<String, Entry> previous;
    private final RunLock lock;

    private RunJournal(Path file, OutputStream out, Map<String, Entry> previous, RunLock lock) {
        this.file = file;
        this.out = out;
        this.previous = previous;
        this.lock = lock;
    }

    /**
     * Opens {@code file} for this run. With {@code resume}, what an earlier run recorded is read (see
     * {@link #previous()}) and this run's lines are appended; without, the file starts over, keeping only, as
     * unfinished, the documents an earlier run may have left outputs of (so they are removed once their inputs are
     * gone, by this run or a later one).
     *
     * @throws IOException naming the file and line when an earlier line (not the last) is not a journal line,
     *                     naming the setting when the earlier run's settings differ from {@code settings}, or naming
     *                     the other run (its pid) when one is using this journal
     */
    public static RunJournal open(Path file, boolean resume, Map<String, String> settings) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        RunLock lock = RunLock.acquire(file.resolveSibling(file.getFileName() + ".lock"), file);
        try {
            return open(file, resume, settings, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static RunJournal open(Path file, boolean resume, Map<String, String> settings, RunLock lock)
            throws IOException {
        Map<String, Entry> previous = new HashMap<>();
        if (Files.exists(file)) {
            cutPartialLastLine(file);
            previous = read(file, resume ? settings : null);
            if (!resume) {
                previous = outputsLeft(previous);
            }
        }
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        RunJournal journal = new RunJournal(file, out, previous, lock);
        ObjectNode line = JSON.createObjectNode();
        line.set("settings", JSON.valueToTree(settings));
        journal.append(line);
        if (!resume) {
            // starting over forgets what was finished, not what was written: a later run must still know these
            // outputs are this journal's, to remove them once their inputs are gone (docs/reliability.md row 151)
            for (Entry e : previous.values().stream().sorted(Comparator.comparing(Entry::document)).toList()) {
                ObjectNode left = documentLine(e.document(), WRITING, e.source(), e.content());
                if (e.output() != null) {
                    left.set("output", e.output());
                }
                journal.append(left);
            }
        }
        return journal;
    }

    /**
     * The last line about each document in {@code file}.
     *
     * @param settings this run's settings, checked against the file's; null when starting over, when the file's
     *                 settings do not matter and lines that are not journal lines are passed over
     */
    private static Map<String, Entry> read(Path file, Map<String, String> settings) throws IOException {
        Map<String, Entry> previous = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                if (settings == null) {
                    continue;
                }
                throw new IOException(file + ":" + (i + 1) + ": expected a JSON journal line, found '"
                        + abbreviate(lines.get(i)) + "'; delete the file or run with --no-resume", e);
            }
            if (node.has("settings")) {
                if (settings != null) {
                    checkSettings(file, i + 1, node.get("settings"), settings);
                }
            } else if (node.hasNonNull("doc") && node.hasNonNull("status")) {
                String doc = node.get("doc").asText();
                String status = node.get("status").asText();
                if (status.equals(REMOVED)) {
                    previous.remove(doc);
                    continue;
                }
                Entry before = previous.get(doc);
                boolean wrote = status.equals("ok") || status.equals(WRITING) || before != null && before.wrote();
                previous.put(doc, new Entry(doc, status.equals("ok"), node.path("reason").asText(null),
                        node.get("output"), node.path("source").asText(null), node.path("sha256").asText(null),
                        wrote));
            } else if (settings != null) {
                throw new IOException(file + ":" + (i + 1) + ": expected {\"doc\", \"status\"} or {\"settings\"},"
                        + " found '" + abbreviate(lines.get(i)) + "'");
            }
        }
        return previous;
    }

    /** The documents that may have left outputs, as unfinished: a run starting over does them all again. */
    private static Map<String, Entry> outputsLeft(Map<String, Entry> earlier) {
        Map<String, Entry> left = new HashMap<>();
        for (Entry e : earlier.values()) {
            if (e.wrote()) {
                left.put(e.document(), new Entry(e.document(), false, null, e.output(), e.source(), e.content(), true));
            }
        }
        return left;
    }

    /**
     * What earlier runs recorded, by document id (the last line about each). When not resuming: only the documents
     * whose outputs an earlier run may have left, none of them finished.
     */
    public Map<String, Entry> previous() {
        return previous;
    }

    /** True when an earlier run finished {@code document} successfully. */
    public boolean finished(String document) {
        Entry e = previous.get(document);
        return e != null && e.ok();
    }

    public Path file() {
        return file;
    }

    /**
     * What the lock file said when this run found it left behind by a run that is no longer running (killed, or its
     * machine restarted), e.g. {@code "pid 4711, started 2026-11-30T08:00:00Z"}; null when the last run ended cleanly.
     */
    public String staleLock() {
        return lock.stale();
    }

    public void ok(String document, JsonNode output) throws IOException {
        ok(document, null, null, output);
    }

    /**
     * Records a finished document.
     *
     * @param source  where it was read from, or null
     * @param content the SHA-256 of its text, or null
     * @param output  what it contributed to a collection-wide file, or null
     */
    public void ok(String document, String source, String content, JsonNode output) throws IOException {
        ObjectNode line = documentLine(document, "ok", source, content);
        if (output != null) {
            line.set("output", output);
        }
        append(line);
    }

    /**
     * Records that {@code document}'s outputs are about to be written: until its {@link #ok} line, a later run treats
     * it as unfinished and possibly written (row 149 of docs/reliability.md).
     */
    public void writing(String document, String source, String content) throws IOException {
        append(documentLine(document, WRITING, source, content));
    }

    private static final String WRITING = "writing";

    /** The fields an "ok" and a "writing" line share: the document, its status, and where its text came from. */
    private static ObjectNode documentLine(String document, String status, String source, String content) {
        ObjectNode line = JSON.createObjectNode().put("doc", document).put("status", status);
        if (source != null) {
            line.put("source", source);
        }
        if (content != null) {
            line.put("sha256", content);
        }
        return line;
    }

    /** Records that an earlier run's document is no longer an input and its outputs were removed. */
    public void removed(String document) throws IOException {
        append(JSON.createObjectNode().put("doc", document).put("status", REMOVED));
    }

    private static final String REMOVED = "removed";

    public void failed(String document, String reason) throws IOException {
        append(JSON.createObjectNode().put("doc", document).put("status", "failed").put("reason", reason));
    }

    private synchronized void append(ObjectNode line) throws IOException {
        out.write(JSON.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            lock.close();
        }
    }

    private static void checkSettings(Path file, int line, JsonNode before, Map<String, String> now) throws IOException {
        Set<String> names = new LinkedHashSet<>(now.keySet());
        before.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String earlier = before.path(name).asText(null);
            String current = now.get(name);
            if (!Objects.equals(earlier, current)) {
                throw new IOException(file + ":" + line + ": the earlier run in this output used " + name
                        + " " + quoted(earlier) + ", this one " + quoted(current) + "; their outputs would mix."
                        + " Use another output, or --no-resume to start over");
            }
        }
    }

    private static String quoted(String value) {
        return value == null ? "(none recorded)" : "'" + value + "'";
    }

    /** Drops an unterminated last line (a run killed while writing it), so appended lines start on their own. */
    private static void cutPartialLastLine(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                channel.truncate(keep);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
