package org.livingner.hub.internal;

import org.livingner.hub.HfModelId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * One model's folder in the Hugging Face cache, laid out as Python's {@code huggingface_hub} lays it out,
 * so either can reuse what the other downloaded:
 * <pre>
 * models--ORG--NAME/
 *   blobs/&lt;etag&gt;                      file contents, named by git-sha1 or LFS sha256
 *   refs/&lt;revision&gt;                  the commit hash a branch or tag pointed to
 *   snapshots/&lt;commit&gt;/&lt;file&gt;        relative symlink to ../../blobs/&lt;etag&gt;
 *   .no_exist/&lt;commit&gt;/&lt;file&gt;        empty marker: the file is absent at that commit
 * </pre>
 * Locks live in {@code <cache>/.locks/models--ORG--NAME/<etag>.lock}, where current {@code huggingface_hub}
 * versions put them, so {@code blobs/} only ever holds contents and {@code .incomplete} downloads.
 */
public final class HubCache {

    private static final Logger LOG = LoggerFactory.getLogger(HubCache.class);

    private final Path cacheDir;
    private final Path repoDir;

    public HubCache(Path cacheDir, HfModelId model) {
        this.cacheDir = cacheDir;
        this.repoDir = cacheDir.resolve(model.cacheFolderName());
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public Path repoDir() {
        return repoDir;
    }

    public Path blob(String etag) {
        return repoDir.resolve("blobs").resolve(etag);
    }

    public Path incompleteBlob(String etag) {
        return repoDir.resolve("blobs").resolve(etag + ".incomplete");
    }

    public Path lockFile(String etag) {
        return cacheDir.resolve(".locks").resolve(repoDir.getFileName().toString()).resolve(etag + ".lock");
    }

    public Path snapshotDir(String commit) {
        return repoDir.resolve("snapshots").resolve(commit);
    }

    public Path refFile(String revision) {
        return repoDir.resolve("refs").resolve(revision);
    }

    public Path noExistMarker(String commit, String file) {
        return repoDir.resolve(".no_exist").resolve(commit).resolve(file);
    }

    /** The commit a revision is known to point to: itself when it is a commit hash, else {@code refs/<rev>}. */
    public Optional<String> commitOf(String revision) throws IOException {
        if (HfModelId.isCommit(revision)) {
            return Optional.of(revision);
        }
        Path ref = refFile(revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        return commit.isEmpty() ? Optional.empty() : Optional.of(commit);
    }

    /** Records that {@code revision} points to {@code commit} (no-op when the revision is that commit). */
    public void writeRef(String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = refFile(revision);
        if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).strip().equals(commit)) {
            return;
        }
        // Python writes the bare hash without a newline; so do we
        writeAtomically(ref, commit);
    }

    public void markAbsent(String commit, String file) throws IOException {
        Path marker = noExistMarker(commit, file);
        Files.createDirectories(marker.getParent());
        if (!Files.exists(marker)) {
            try {
                Files.createFile(marker);
            } catch (FileAlreadyExistsException raced) {
                // another downloader recorded the same fact
            }
        }
    }

    public boolean isMarkedAbsent(String commit, String file) {
        return Files.isRegularFile(noExistMarker(commit, file));
    }

    /**
     * Makes {@code snapshots/<commit>/<file>} point at the blob: a relative symlink like Python's, or a copy
     * where the file system has no symlinks. Safe when several processes link the same file at once.
     */
    public Path link(String commit, String file, String etag) throws IOException {
        Path pointer = snapshotDir(commit).resolve(file);
        Path blob = blob(etag);
        if (Files.isRegularFile(pointer) && Files.size(pointer) == Files.size(blob)) {
            return pointer;
        }
        Files.createDirectories(pointer.getParent());
        Path tmp = pointer.resolveSibling("." + pointer.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createSymbolicLink(tmp, pointer.getParent().relativize(blob));
        } catch (IOException | UnsupportedOperationException noSymlinks) {
            LOG.debug("symlinks unavailable in {} ({}); copying {}", pointer.getParent(), noSymlinks, blob);
            Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        moveReplacing(tmp, pointer);
        return pointer;
    }

    static void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        moveReplacing(tmp, target);
    }

    public static void moveReplacing(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
