package org.livingner.hub;

import org.livingner.hub.internal.BlobLock;
import org.livingner.hub.internal.DownloadProgress;
import org.livingner.hub.internal.HubCache;
import org.livingner.hub.internal.ReadTimeout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a BERT model from a Hugging Face hub into the standard Hugging Face cache, the way Python's
 * {@code huggingface_hub.hf_hub_download} does, and reuses what either of them cached before.
 *
 * <p>For each file: a {@code HEAD} on {@code ENDPOINT/ORG/NAME/resolve/REV/FILE} (only relative redirects, paths
 * on the hub itself, are followed; one naming a host, the CDN of large LFS files, ends the {@code HEAD}, and its
 * {@code X-Linked-Etag}/{@code X-Linked-Size} describe the file) gives the commit ({@code X-Repo-Commit}), the
 * ETag (git-sha1, or sha256 for LFS files) and the size; a {@code GET} then fills {@code blobs/<etag>.incomplete},
 * resuming with {@code Range} after an interruption, under a lock shared by threads and processes; size and hash
 * are checked before the blob is renamed into place and linked from {@code snapshots/<commit>/<file>}.
 *
 * <p>Against a hostile or broken hub: the token goes to the hub's own origin only (never after a redirect to
 * a CDN, nor to any other scheme, host or port); a body is read up to the size announced and refused when it
 * goes on; a body that sends nothing for {@link HubSettings#downloadTimeout()} fails the attempt.
 */
public final class HfHub {

    private static final Logger LOG = LoggerFactory.getLogger(HfHub.class);
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern GIT_SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");
    private static final String USER_AGENT = "livingner-uima/0.1.0; java/" + System.getProperty("java.version");

    private final HubSettings settings;
    private final HttpClient http;

    public HfHub() {
        this(HubSettings.fromEnvironment());
    }

    public HfHub(HubSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER) // redirects are followed by hand, see head/get
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    public HubSettings settings() {
        return settings;
    }

    /** What the hub says about one file at one revision. */
    record FileMetadata(String file, String commit, String etag, long size, URI location, boolean redirected) {
    }

    /**
     * Returns the snapshot directory of {@code model} holding {@code config.json}, the weights and the
     * tokenizer, downloading what the cache lacks (nothing, when the cache already holds it).
     */
    public Path download(HfModelId model) throws IOException {
        HubCache cache = new HubCache(settings.cacheDir(), model);
        if (settings.offline()) {
            return fromCache(model, cache, "HF_HUB_OFFLINE is set");
        }
        if (model.revisionIsCommit() && ModelFiles.missing(cache.snapshotDir(model.revision())).isEmpty()) {
            return cache.snapshotDir(model.revision()); // a commit never changes: no need to ask the hub
        }
        FileMetadata config;
        try {
            config = head(model, model.revision(), ModelFiles.CONFIG);
        } catch (HubException e) {
            if (e.kind() == HubException.Kind.UNREACHABLE && isUsable(model, cache)) {
                LOG.warn("{}; using the cached snapshot of {}", e.getMessage(), model);
                return fromCache(model, cache, "the hub is unreachable");
            }
            throw e;
        }
        String commit = config.commit();
        cache.writeRef(model.revision(), commit);
        Path snapshot = cache.snapshotDir(commit);
        if (ModelFiles.missing(snapshot).isEmpty()) {
            LOG.debug("{} is cached in {}", model, snapshot);
            return snapshot;
        }
        LOG.info("Fetching {} (commit {}) from {} into {}", model.repoId(), commit, settings.endpoint(),
                cache.repoDir());
        HfModelId atCommit = new HfModelId(model.repoId(), commit);
        fetch(atCommit, cache, config);
        if (fetchFirstPresent(atCommit, cache, ModelFiles.WEIGHTS).isEmpty()) {
            throw notFound(model, commit, ModelFiles.WEIGHTS, "weights");
        }
        boolean anyTokenizer = false;
        for (String file : ModelFiles.TOKENIZERS) {
            anyTokenizer |= fetchIfPresent(atCommit, cache, file).isPresent();
        }
        if (!anyTokenizer) {
            throw notFound(model, commit, ModelFiles.TOKENIZERS, "a tokenizer");
        }
        for (String file : ModelFiles.OPTIONAL) {
            fetchIfPresent(atCommit, cache, file);
        }
        return snapshot;
    }

    /**
     * Downloads one file of {@code model} (or finds it in the cache) and returns its path in the snapshot.
     * Unlike {@link #download}, this always asks the hub unless offline or the revision is a cached commit.
     */
    public Path downloadFile(HfModelId model, String file) throws IOException {
        HubCache cache = new HubCache(settings.cacheDir(), model);
        Optional<String> cachedCommit = cache.commitOf(model.revision());
        if (settings.offline() || model.revisionIsCommit()) {
            Optional<Path> cached = cachedCommit.map(c -> cache.snapshotDir(c).resolve(file)).filter(Files::isRegularFile);
            if (cached.isPresent()) {
                return cached.get();
            }
            if (settings.offline()) {
                throw new HubException(HubException.Kind.OFFLINE_NOT_CACHED, "HF_HUB_OFFLINE is set and " + file
                        + " of " + model.repoId() + " at revision " + model.revision()
                        + " is not in the Hugging Face cache " + settings.cacheDir()
                        + "; run once with network access, or unset HF_HUB_OFFLINE");
            }
        }
        FileMetadata meta = head(model, model.revision(), file);
        cache.writeRef(model.revision(), meta.commit());
        return fetch(new HfModelId(model.repoId(), meta.commit()), cache, meta);
    }

    private Path fromCache(HfModelId model, HubCache cache, String why) throws IOException {
        Optional<String> commit = cache.commitOf(model.revision());
        String where = " in the Hugging Face cache " + settings.cacheDir();
        String remedy = "; run once with network access (unset HF_HUB_OFFLINE), or download it with Python's "
                + "huggingface_hub into the same cache, or pass a local model directory";
        if (commit.isEmpty()) {
            throw new HubException(HubException.Kind.OFFLINE_NOT_CACHED, why + " and " + model.repoId()
                    + " at revision " + model.revision() + " is not" + where + " (no "
                    + settings.cacheDir().relativize(cache.refFile(model.revision())) + ")" + remedy);
        }
        Path snapshot = cache.snapshotDir(commit.get());
        List<String> missing = ModelFiles.missing(snapshot);
        if (!missing.isEmpty()) {
            throw new HubException(HubException.Kind.OFFLINE_NOT_CACHED, why + " and the cached snapshot of "
                    + model.repoId() + " at revision " + model.revision() + " (commit " + commit.get() + ") "
                    + snapshot + " lacks " + String.join(", ", missing) + remedy);
        }
        return snapshot;
    }

    private boolean isUsable(HfModelId model, HubCache cache) throws IOException {
        Optional<String> commit = cache.commitOf(model.revision());
        return commit.isPresent() && ModelFiles.missing(cache.snapshotDir(commit.get())).isEmpty();
    }

    private Optional<Path> fetchFirstPresent(HfModelId atCommit, HubCache cache, List<String> files)
            throws IOException {
        for (String file : files) {
            Optional<Path> path = fetchIfPresent(atCommit, cache, file);
            if (path.isPresent()) {
                return path;
            }
        }
        return Optional.empty();
    }

    private Optional<Path> fetchIfPresent(HfModelId atCommit, HubCache cache, String file) throws IOException {
        String commit = atCommit.revision();
        Path pointer = cache.snapshotDir(commit).resolve(file);
        if (Files.isRegularFile(pointer)) {
            return Optional.of(pointer);
        }
        if (cache.isMarkedAbsent(commit, file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fetch(atCommit, cache, head(atCommit, commit, file)));
        } catch (HubException e) {
            if (e.kind() != HubException.Kind.FILE_NOT_FOUND) {
                throw e;
            }
            cache.markAbsent(commit, file);
            return Optional.empty();
        }
    }

    private HubException notFound(HfModelId model, String commit, List<String> files, String what) {
        return new HubException(HubException.Kind.FILE_NOT_FOUND, model.repoId() + " at revision "
                + model.revision() + " (commit " + commit + ") has no " + what + ": none of "
                + String.join(", ", files) + " exists there; is it a BERT model in Hugging Face layout?");
    }

    /** Puts the file described by {@code meta} into the snapshot of its commit, downloading its blob if needed. */
    private Path fetch(HfModelId atCommit, HubCache cache, FileMetadata meta) throws IOException {
        Path pointer = cache.snapshotDir(meta.commit()).resolve(meta.file());
        if (Files.isRegularFile(pointer)) {
            return pointer;
        }
        Path blob = cache.blob(meta.etag());
        String what = meta.file() + " of " + atCommit.repoId() + " at commit " + meta.commit();
        if (!isComplete(blob, meta)) {
            try (BlobLock lock = BlobLock.acquire(cache.lockFile(meta.etag()), what)) {
                // another thread or process may have finished it while we waited for the lock
                if (!isComplete(blob, meta)) {
                    downloadBlob(cache, meta, what);
                }
            }
        }
        return cache.link(meta.commit(), meta.file(), meta.etag());
    }

    private static long sizeOf(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.size(file) : 0;
    }

    private static boolean isComplete(Path blob, FileMetadata meta) throws IOException {
        return Files.isRegularFile(blob) && (meta.size() < 0 || Files.size(blob) == meta.size());
    }

    private void downloadBlob(HubCache cache, FileMetadata meta, String what) throws IOException {
        Path part = cache.incompleteBlob(meta.etag());
        Files.createDirectories(part.getParent());
        long size = meta.size(); // when the HEAD announced none, the first answer to a GET does
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            long have = sizeOf(part);
            if (size >= 0 && have > size) {
                LOG.warn("{} is larger than the {} bytes announced for {}; starting over", part, size, what);
                Files.delete(part);
                have = 0;
            }
            if (size >= 0 && have == size) {
                break;
            }
            try {
                size = get(meta, part, have, what);
                if (sizeOf(part) == size) {
                    break;
                }
                LOG.warn("Download of {} ended at {} of {} bytes (attempt {}/{})", what, sizeOf(part), size,
                        attempt, MAX_ATTEMPTS);
            } catch (HubException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                lastFailure = e;
                LOG.warn("Download of {} interrupted at {} bytes (attempt {}/{}): {}", what, sizeOf(part), attempt,
                        MAX_ATTEMPTS, e.toString());
            }
        }
        long got = sizeOf(part);
        if (got != size) {
            throw new HubException(HubException.Kind.UNREACHABLE, "Download of " + what + " from " + meta.location()
                    + " stopped at " + got + (size >= 0 ? " of " + size : "") + " bytes after " + MAX_ATTEMPTS
                    + " attempts" + (lastFailure == null ? "" : " (last: " + describe(lastFailure) + ")")
                    + "; run again to resume from " + part, lastFailure);
        }
        verify(part, meta, what);
        HubCache.moveReplacing(part, cache.blob(meta.etag()));
    }

    /** Checks the size and, for hub ETags, the content hash, deleting the file when they do not match. */
    private static void verify(Path part, FileMetadata meta, String what) throws IOException {
        String etag = meta.etag();
        String algorithm;
        String actual;
        if (SHA256.matcher(etag).matches()) {
            algorithm = "sha256"; // the ETag of an LFS file is the sha256 of its content
            actual = digest(part, "SHA-256", null);
        } else if (GIT_SHA1.matcher(etag).matches()) {
            algorithm = "git blob sha1"; // the ETag of a small file is its git object id
            actual = digest(part, "SHA-1", ("blob " + Files.size(part) + "\0").getBytes(StandardCharsets.US_ASCII));
        } else {
            LOG.debug("ETag {} of {} is no content hash; only the size was checked", etag, what);
            return;
        }
        if (!actual.equals(etag)) {
            Files.deleteIfExists(part);
            throw new HubException(HubException.Kind.CORRUPT, "Downloaded " + what + " has " + algorithm + " "
                    + actual + " but the hub announced " + etag + "; the partial file was deleted, run again to "
                    + "download it afresh");
        }
    }

    private static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
        if (prefix != null) {
            md.update(prefix);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    // ---- HTTP ----

    URI resolveUrl(HfModelId model, String revision, String file) {
        String rev = URLEncoder.encode(revision, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(settings.endpoint() + "/" + model.repoId() + "/resolve/" + rev + "/" + file);
    }

    /** HEAD on the resolve URL, following only redirects within the hub (a renamed repository). */
    FileMetadata head(HfModelId model, String revision, String file) throws IOException {
        URI url = resolveUrl(model, revision, file);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(METADATA_TIMEOUT)
                    .header("User-Agent", USER_AGENT)
                    .header("Accept-Encoding", "identity");
            settings.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
            HttpResponse<Void> response = send(request.build(), HttpResponse.BodyHandlers.discarding(),
                    model, revision, file);
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                URI from = url;
                String location = response.headers().firstValue("Location").orElseThrow(() -> protocol(
                        "redirect " + status + " without Location", from, model, revision, file));
                URI reference;
                try {
                    reference = new URI(location);
                } catch (URISyntaxException e) {
                    throw protocol("redirect " + status + " to an unusable Location '" + location + "'", url, model,
                            revision, file);
                }
                URI target = url.resolve(reference);
                if (reference.getScheme() == null && reference.getRawAuthority() == null) {
                    url = target; // a path on the hub itself (a renamed repository): asked again, with the token
                    continue;
                }
                // a Location naming a host, in full or scheme-relative ("//host/..."), is where the file is to be
                // downloaded from (the CDN), as in huggingface_hub: no HEAD goes there, so neither does the token
                return metadata(response, target, true, model, revision, file);
            }
            if (status >= 200 && status < 300) {
                return metadata(response, url, false, model, revision, file);
            }
            throw httpError(response, model, revision, file);
        }
        throw protocol("more than " + MAX_REDIRECTS + " redirects", url, model, revision, file);
    }

    private FileMetadata metadata(HttpResponse<?> response, URI location, boolean redirected, HfModelId model,
                                  String revision, String file) throws HubException {
        var headers = response.headers();
        String commit = headers.firstValue("X-Repo-Commit").orElseThrow(() -> protocol(
                "no X-Repo-Commit header: is HF_ENDPOINT=" + settings.endpoint() + " a Hugging Face hub?",
                response.uri(), model, revision, file));
        String etag = headers.firstValue("X-Linked-Etag").or(() -> headers.firstValue("ETag"))
                .map(HfHub::normalizeEtag).orElseThrow(() -> protocol("no ETag header", response.uri(), model,
                        revision, file));
        if (!SAFE_NAME.matcher(commit).matches() || !SAFE_NAME.matcher(etag).matches()) {
            throw protocol("unusable X-Repo-Commit '" + commit + "' or ETag '" + etag + "'", response.uri(), model,
                    revision, file);
        }
        // a redirect's own Content-Length is the length of the redirect's (empty) body, not the file's
        OptionalLong size = parseLong(headers.firstValue("X-Linked-Size")
                .or(() -> redirected ? Optional.empty() : headers.firstValue("Content-Length")).orElse(null));
        return new FileMetadata(file, commit, etag, size.orElse(-1), location, redirected);
    }

    static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    private static OptionalLong parseLong(String text) {
        try {
            return text == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * GET into {@code part}, asking for the bytes after {@code have} when there are some; reads no more than the
     * file's size: the one the HEAD announced, else the one the final answer announces, which it returns.
     */
    private long get(FileMetadata meta, Path part, long have, String what) throws IOException {
        URI url = meta.location();
        // like huggingface_hub, the token goes to the hub only, never to the CDN a redirect points to
        boolean sendToken = !meta.redirected();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().header("User-Agent", USER_AGENT)
                    .timeout(METADATA_TIMEOUT);
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            if (sendToken) {
                settings.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
            }
            HttpResponse<InputStream> response = sendGet(request.build(), what);
            int status = response.statusCode();
            boolean append;
            if (status >= 300 && status < 400) {
                response.body().close();
                String location = response.headers().firstValue("Location").orElseThrow(() -> new HubException(
                        HubException.Kind.PROTOCOL, "redirect " + status + " without Location downloading " + what));
                URI target;
                try {
                    target = url.resolve(new URI(location));
                } catch (URISyntaxException e) {
                    throw new HubException(HubException.Kind.PROTOCOL, "redirect " + status + " to an unusable "
                            + "Location '" + location + "' downloading " + what + " from " + url);
                }
                sendToken &= sameOrigin(target, url);
                url = target;
                continue;
            } else if (status == 206) {
                Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                if (!range.matches() || Long.parseLong(range.group(1)) != have) {
                    response.body().close();
                    Files.deleteIfExists(part);
                    throw new IOException("the server answered Range bytes=" + have + "- with Content-Range '"
                            + response.headers().firstValue("Content-Range").orElse("") + "'; starting over");
                }
                append = true;
            } else if (status == 200) {
                append = false; // no Range asked, or the server ignores Range: take the whole body
                have = 0;
            } else if (status == 416) {
                response.body().close();
                Files.deleteIfExists(part);
                throw new IOException("the server cannot resume at byte " + have + " (416); starting over");
            } else {
                response.body().close();
                throw new HubException(status == 401 || status == 403 ? HubException.Kind.ACCESS_DENIED
                        : HubException.Kind.PROTOCOL, "HTTP " + status + " downloading " + what + " from " + url
                        + (status == 401 || status == 403 ? ": set HF_TOKEN to a token with access" : ""));
            }
            long size = meta.size() >= 0 ? meta.size() : sizeAnnouncedBy(response);
            if (size < 0) {
                response.body().close();
                throw new HubException(HubException.Kind.PROTOCOL, "The hub announced no size for " + what
                        + " (no X-Linked-Size or Content-Length, and none in the answer from " + url + "); refused: "
                        + "a download without a size has no end to check");
            }
            if (!copyAtMost(response.body(), part, append, have, size, meta.file(), what)) {
                Files.deleteIfExists(part);
                throw new HubException(HubException.Kind.CORRUPT, "The hub sent more than the " + size
                        + " bytes it announced for " + what + " from " + url + "; refused after " + size
                        + " bytes, and the partial file was deleted");
            }
            return size;
        }
        throw new HubException(HubException.Kind.PROTOCOL, "more than " + MAX_REDIRECTS
                + " redirects downloading " + what + " (last: " + url + ")");
    }

    /**
     * Appends to (or replaces) {@code part} the body, up to {@code size} bytes in all; false when the body holds
     * more. Every read must bring bytes within the download timeout.
     */
    private boolean copyAtMost(InputStream body, Path part, boolean append, long have, long size, String file,
                               String what) throws IOException {
        try (ReadTimeout in = new ReadTimeout(body, settings.downloadTimeout(), what);
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
             DownloadProgress progress = DownloadProgress.start(file, size, have)) {
            byte[] buffer = new byte[1 << 16];
            long written = have;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (n > size - written) {
                    return false;
                }
                out.write(buffer, 0, n);
                written += n;
                progress.advance(n);
            }
            return true;
        }
    }

    /** The file's size as a 200 ({@code Content-Length}) or a 206 (the total of {@code Content-Range}) gives it. */
    private static long sizeAnnouncedBy(HttpResponse<?> response) {
        var headers = response.headers();
        if (response.statusCode() == 206) {
            Matcher range = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
            return range.matches() ? parseLong(range.group(2)).orElse(-1) : -1;
        }
        return parseLong(headers.firstValue("Content-Length").orElse(null)).orElse(-1);
    }

    /** Same scheme, host and port: where a token sent for one may go to the other. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
    }

    private HttpResponse<InputStream> sendGet(HttpRequest request, String what) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading " + what);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, HfModelId model,
                                     String revision, String file) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while asking " + request.uri());
        } catch (IOException e) {
            throw new HubException(HubException.Kind.UNREACHABLE, "Cannot reach the Hugging Face hub at "
                    + settings.endpoint() + " (" + describe(e) + ") to fetch " + file + " of " + model.repoId()
                    + " at revision " + revision + "; check the network, set HF_ENDPOINT if you use a mirror, or "
                    + "set HF_HUB_OFFLINE=1 to use only the cache " + settings.cacheDir(), e);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        String previous = "";
        for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
            String part = t.getClass().getSimpleName() + (t.getMessage() != null ? " " + t.getMessage() : "");
            if (!part.equals(previous)) {
                text.append(text.length() > 0 ? ": " : "").append(part);
            }
            previous = part;
        }
        return text.toString();
    }

    private HubException httpError(HttpResponse<?> response, HfModelId model, String revision, String file) {
        int status = response.statusCode();
        String code = response.headers().firstValue("X-Error-Code").orElse("");
        String serverMessage = response.headers().firstValue("X-Error-Message").map(m -> " (hub: " + m + ")")
                .orElse("");
        String repo = model.repoId();
        String tokenNote = settings.token().isPresent()
                ? "the token that was sent (HF_TOKEN or the token file) was not accepted"
                : "no token was sent";
        return switch (code) {
            case "RevisionNotFound" -> new HubException(HubException.Kind.REVISION_NOT_FOUND, "Revision '"
                    + revision + "' not found in " + repo + " at " + settings.endpoint() + " (" + status
                    + "); check the branch, tag or commit after '@'" + serverMessage);
            case "EntryNotFound" -> new HubException(HubException.Kind.FILE_NOT_FOUND, file + " not found in "
                    + repo + " at revision " + revision + " (" + status + ")" + serverMessage);
            case "GatedRepo" -> new HubException(HubException.Kind.ACCESS_DENIED, repo + " is gated: accept its "
                    + "conditions on " + settings.endpoint() + "/" + repo + " and set HF_TOKEN to a token of that "
                    + "account (" + status + " for " + file + " at revision " + revision + "; " + tokenNote + ")"
                    + serverMessage);
            default -> {
                if (status == 401 || status == 403) {
                    yield new HubException(HubException.Kind.ACCESS_DENIED, repo + " is gated or private, or does "
                            + "not exist: set HF_TOKEN to a token that can read it (" + status + " for " + file
                            + " at revision " + revision + " from " + settings.endpoint() + "; " + tokenNote + ")"
                            + serverMessage);
                }
                if (code.equals("RepoNotFound")) {
                    yield new HubException(HubException.Kind.REPO_NOT_FOUND, "Repository " + repo + " not found at "
                            + settings.endpoint() + " (" + status + "); check ORG/NAME, or set HF_TOKEN if it is "
                            + "private" + serverMessage);
                }
                if (status == 404) {
                    yield new HubException(HubException.Kind.FILE_NOT_FOUND, file + " of " + repo + " at revision "
                            + revision + " not found at " + response.uri() + " (404)" + serverMessage);
                }
                yield new HubException(HubException.Kind.PROTOCOL, "HTTP " + status + " from " + response.uri()
                        + " for " + file + " of " + repo + " at revision " + revision + serverMessage);
            }
        };
    }

    private HubException protocol(String what, URI url, HfModelId model, String revision, String file) {
        return new HubException(HubException.Kind.PROTOCOL, "Unexpected answer from " + url + " for " + file
                + " of " + model.repoId() + " at revision " + revision + ": " + what);
    }

    @Override
    public String toString() {
        return "HfHub[" + settings + "]";
    }
}
