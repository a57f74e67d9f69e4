package org.livingner.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face hub on 127.0.0.1 that serves tiny models in the hub's URL layout
 * ({@code /ORG/NAME/resolve/REV/FILE}) with the hub's headers: {@code X-Repo-Commit}, quoted {@code ETag}
 * (git blob sha1), and for LFS files a 302 to {@code /cdn/<sha256>} (an absolute URL, as to a CDN) with
 * {@code X-Linked-Etag}/{@code X-Linked-Size}; {@code X-Error-Code} on 401/404; {@code Range} on content.
 * It can also misbehave as a hostile or broken hub would: send its redirects to another origin, leave the
 * size out of a redirect, send a body without end, or stall in the middle of one.
 */
final class FakeHub implements AutoCloseable {

    static final String TOKEN = "hf_test_token_0123456789";

    record Seen(String method, String path, String range, String authorization) {
    }

    static final class Repo {
        final String id;
        final Map<String, String> refs = new LinkedHashMap<>();
        final Map<String, byte[]> files = new LinkedHashMap<>();
        final Set<String> lfs;
        boolean isPrivate;

        Repo(String id, String commit, Map<String, byte[]> files, Set<String> lfs) {
            this.id = id;
            this.refs.put("main", commit);
            this.files.putAll(files);
            this.lfs = lfs;
        }

        String commit() {
            return refs.get("main");
        }
    }

    private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern CDN = Pattern.compile("/cdn/([0-9a-f]{64})");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, String> renamed = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cdn = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cdnOverride = new ConcurrentHashMap<>();
    private final List<Seen> seen = new ArrayList<>();
    /** How many more CDN GETs get cut off halfway through the body. */
    final AtomicInteger cutsLeft = new AtomicInteger();
    /** How many more CDN GETs send half the body and then nothing, until the hub is closed. */
    final AtomicInteger stallsLeft = new AtomicInteger();
    /** Bytes sent by a CDN GET that never ends (bounded only so that a client that does not stop still ends). */
    static final int ENDLESS_BYTES = 16 << 20;
    /** When set, every CDN GET answers 200 with {@link #ENDLESS_BYTES} bytes, chunked, whatever the file's size. */
    volatile boolean endlessBodies;
    /** When set, the LFS redirect has no {@code X-Linked-Size} but a {@code Content-Length: 0} of its own. */
    volatile boolean sizeOnlyInTheBody;
    /** Where the LFS redirects point: this hub's origin, or e.g. {@code //127.0.0.1:PORT} (scheme-relative). */
    private volatile String cdnBase;
    /** When set, GETs of small files answer 302 to this base plus the same path (HEADs are answered as usual). */
    private volatile String getsRedirectTo;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile CountDownLatch cdnGate = new CountDownLatch(0);
    private volatile String gateFile = "";

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** LFS redirects point to {@code base + "/cdn/<sha256>"}; {@code base} may be another origin, in any form. */
    void sendLfsTo(String base) {
        cdnBase = base;
    }

    /** GETs of small files answer 302 to {@code base} + their own path. */
    void redirectGetsTo(String base) {
        getsRedirectTo = base;
    }

    Repo add(String id, String commit, Map<String, byte[]> files, Set<String> lfs) {
        Repo repo = new Repo(id, commit, files, lfs);
        repos.put(id, repo);
        for (String f : lfs) {
            cdn.put(sha256(files.get(f)), files.get(f));
        }
        return repo;
    }

    void rename(String oldId, String newId) {
        renamed.put(oldId, newId);
    }

    /** Serve these bytes instead of the real content of an LFS blob (a corrupted CDN). */
    void corruptCdn(byte[] realContent, byte[] served) {
        cdnOverride.put(sha256(realContent), served);
    }

    /** Holds every CDN GET of {@code file} until {@code heads} HEAD requests for it have arrived. */
    void holdCdnUntilHeads(String file, int heads) {
        gateFile = file;
        cdnGate = new CountDownLatch(heads);
    }

    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    long count(String method, String pathPart) {
        return seen().stream().filter(s -> s.method().equals(method) && s.path().contains(pathPart)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            synchronized (seen) {
                seen.add(new Seen(method, path, ex.getRequestHeaders().getFirst("Range"),
                        ex.getRequestHeaders().getFirst("Authorization")));
            }
            Matcher cdnPath = CDN.matcher(path);
            if (cdnPath.matches() && cdn.containsKey(cdnPath.group(1))) {
                serveCdn(ex, cdnPath.group(1));
                return;
            }
            Matcher m = RESOLVE.matcher(path);
            if (!m.matches()) {
                error(ex, 404, null, null);
                return;
            }
            String repoId = m.group(1);
            String revision = java.net.URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
            String file = m.group(3);
            if (renamed.containsKey(repoId)) {
                ex.getResponseHeaders().set("Location", "/" + renamed.get(repoId) + "/resolve/" + m.group(2) + "/" + file);
                ex.sendResponseHeaders(307, -1);
                return;
            }
            Repo repo = repos.get(repoId);
            if (repo == null) {
                error(ex, 404, "RepoNotFound", null);
                return;
            }
            if (repo.isPrivate && !("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("X-Error-Message", "Invalid username or password.");
                error(ex, 401, "RepoNotFound", null);
                return;
            }
            String commit = repo.refs.containsKey(revision) ? repo.refs.get(revision)
                    : repo.refs.containsValue(revision) ? revision : null;
            if (commit == null) {
                error(ex, 404, "RevisionNotFound", null);
                return;
            }
            if (method.equals("HEAD") && file.equals(gateFile)) {
                cdnGate.countDown();
            }
            byte[] content = repo.files.get(file);
            if (content == null) {
                error(ex, 404, "EntryNotFound", commit);
                return;
            }
            ex.getResponseHeaders().set("X-Repo-Commit", commit);
            if (repo.lfs.contains(file)) {
                String sha = sha256(content);
                ex.getResponseHeaders().set("ETag", "\"" + gitSha1(("pointer " + sha).getBytes(StandardCharsets.UTF_8)) + "\"");
                ex.getResponseHeaders().set("X-Linked-Etag", "\"" + sha + "\"");
                if (sizeOnlyInTheBody) {
                    ex.getResponseHeaders().set("Content-Length", "0");
                } else {
                    ex.getResponseHeaders().set("X-Linked-Size", Long.toString(content.length));
                }
                ex.getResponseHeaders().set("Location", (cdnBase == null ? endpoint() : cdnBase) + "/cdn/" + sha);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"" + gitSha1(content) + "\"");
            if (method.equals("GET") && getsRedirectTo != null) {
                ex.getResponseHeaders().set("Location", getsRedirectTo + path);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            sendContent(ex, content, false);
        }
    }

    private void serveCdn(HttpExchange ex, String sha) throws IOException {
        if (ex.getRequestMethod().equals("GET")) {
            try {
                if (!cdnGate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        ex.getResponseHeaders().set("ETag", "\"" + sha + "\"");
        byte[] content = cdnOverride.getOrDefault(sha, cdn.get(sha));
        boolean get = ex.getRequestMethod().equals("GET");
        if (get && endlessBodies) {
            sendEndless(ex);
            return;
        }
        boolean stall = get && stallsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        sendContent(ex, content, stall || get && cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0);
        if (stall) {
            try {
                closed.await(); // the connection stays open, sending nothing more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sendEndless(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 0); // chunked: no length announced in the body's own headers
        byte[] chunk = new byte[1 << 16];
        OutputStream out = ex.getResponseBody();
        for (int sent = 0; sent < ENDLESS_BYTES; sent += chunk.length) {
            out.write(chunk); // fails once the client hangs up, which ends the handler
        }
    }

    private static void sendContent(HttpExchange ex, byte[] content, boolean cutHalfway) throws IOException {
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        int from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        int status = 200;
        if (range != null) {
            Matcher r = Pattern.compile("bytes=(\\d+)-").matcher(range);
            if (!r.matches() || Integer.parseInt(r.group(1)) >= content.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            from = Integer.parseInt(r.group(1));
            status = 206;
            ex.getResponseHeaders().set("Content-Range",
                    "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = content.length - from;
        ex.sendResponseHeaders(status, length);
        OutputStream out = ex.getResponseBody();
        if (cutHalfway) {
            out.write(content, from, length / 2);
            out.flush();
            // closing the exchange short of Content-Length drops the connection, as a network failure would
            return;
        }
        out.write(content, from, length);
    }

    private static void error(HttpExchange ex, int status, String code, String commit) throws IOException {
        if (code != null) {
            ex.getResponseHeaders().set("X-Error-Code", code);
        }
        if (commit != null) {
            ex.getResponseHeaders().set("X-Repo-Commit", commit);
        }
        ex.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- fixtures ----

    static String sha256(byte[] content) {
        return hex("SHA-256", null, content);
    }

    static String gitSha1(byte[] content) {
        return hex("SHA-1", ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII), content);
    }

    private static String hex(String algorithm, byte[] prefix, byte[] content) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            if (prefix != null) {
                md.update(prefix);
            }
            return HexFormat.of().formatHex(md.digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String commit(int seed) {
        return gitSha1(("commit " + seed).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The files of a tiny BERT token classifier; weights are random bytes (the hub does not read them). */
    static Map<String, byte[]> tinyModel(String weightsName, long seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", ("{\"model_type\":\"bert\",\"vocab_size\":16,\"hidden_size\":8,"
                + "\"num_hidden_layers\":1,\"num_attention_heads\":2,\"intermediate_size\":16,"
                + "\"max_position_embeddings\":32,\"id2label\":{\"0\":\"LABEL_0\",\"1\":\"LABEL_1\","
                + "\"2\":\"LABEL_2\"}}").getBytes(StandardCharsets.UTF_8));
        files.put("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nperro\nmadre\n".getBytes(StandardCharsets.UTF_8));
        files.put("tokenizer_config.json", "{\"do_lower_case\":false}".getBytes(StandardCharsets.UTF_8));
        files.put(weightsName, randomBytes(300_000, seed));
        return files;
    }
}
