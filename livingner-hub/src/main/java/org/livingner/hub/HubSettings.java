package org.livingner.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the Hugging Face hub is and where its files are cached, read from the same environment variables
 * as Python's {@code huggingface_hub}, so that both share one cache.
 *
 * <p>Tests build one with {@link #of} instead of changing the process environment.
 *
 * @param endpoint base URL of the hub, without a trailing slash ({@code HF_ENDPOINT})
 * @param cacheDir the hub cache holding {@code models--ORG--NAME} folders ({@code HF_HUB_CACHE},
 *                 else {@code HF_HOME/hub}, else {@code ~/.cache/huggingface/hub})
 * @param offline  {@code HF_HUB_OFFLINE}: never touch the network, use only the cache
 * @param token    access token sent as {@code Authorization: Bearer} ({@code HF_TOKEN}, else the
 *                 {@code token} file that {@code huggingface-cli login} writes)
 * @param downloadTimeout how long a download may go without receiving a byte before the attempt is given up
 *                 ({@code HF_HUB_DOWNLOAD_TIMEOUT}, in seconds; 10 s as in {@code huggingface_hub})
 */
public record HubSettings(String endpoint, Path cacheDir, boolean offline, Optional<String> token,
                          Duration downloadTimeout) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    public static final Duration DEFAULT_DOWNLOAD_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> TRUE_VALUES = Set.of("1", "on", "yes", "true");

    public HubSettings {
        if (endpoint == null || endpoint.isBlank()) {
            endpoint = DEFAULT_ENDPOINT;
        }
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        token = token.filter(t -> !t.isBlank()).map(String::strip);
        if (downloadTimeout.isNegative() || downloadTimeout.isZero()) {
            throw new IllegalArgumentException("the download timeout must be positive, found " + downloadTimeout);
        }
    }

    /** Settings with the default download timeout. */
    public HubSettings(String endpoint, Path cacheDir, boolean offline, Optional<String> token) {
        this(endpoint, cacheDir, offline, token, DEFAULT_DOWNLOAD_TIMEOUT);
    }

    /** Settings from this process's environment and home directory. */
    public static HubSettings fromEnvironment() {
        return of(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Settings from the given environment variables, resolving defaults against {@code home}, exactly as
     * {@code huggingface_hub.constants} does.
     */
    public static HubSettings of(Map<String, String> env, Path home) {
        Path hfHome = nonBlank(env.get("HF_HOME")).map(Path::of)
                .orElseGet(() -> nonBlank(env.get("XDG_CACHE_HOME")).map(Path::of)
                        .orElse(home.resolve(".cache")).resolve("huggingface"));
        Path cache = nonBlank(env.get("HF_HUB_CACHE"))
                .or(() -> nonBlank(env.get("HUGGINGFACE_HUB_CACHE")))
                .map(Path::of)
                .orElse(hfHome.resolve("hub"));
        boolean offline = isTrue(env.get("HF_HUB_OFFLINE"));
        Path tokenFile = nonBlank(env.get("HF_TOKEN_PATH")).map(Path::of).orElse(hfHome.resolve("token"));
        Optional<String> token = nonBlank(env.get("HF_TOKEN"))
                .or(() -> nonBlank(env.get("HUGGING_FACE_HUB_TOKEN")))
                .or(() -> readTokenFile(tokenFile));
        return new HubSettings(env.get("HF_ENDPOINT"), cache, offline, token,
                downloadTimeout(env.get("HF_HUB_DOWNLOAD_TIMEOUT")));
    }

    public HubSettings withOffline(boolean newOffline) {
        return new HubSettings(endpoint, cacheDir, newOffline, token, downloadTimeout);
    }

    public HubSettings withToken(String newToken) {
        return new HubSettings(endpoint, cacheDir, offline, Optional.ofNullable(newToken), downloadTimeout);
    }

    @Override
    public String toString() {
        // never print the token itself
        return "HubSettings[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", offline=" + offline
                + ", token=" + (token.isPresent() ? "set" : "none") + ", downloadTimeout=" + downloadTimeout + "]";
    }

    private static Duration downloadTimeout(String seconds) {
        if (nonBlank(seconds).isEmpty()) {
            return DEFAULT_DOWNLOAD_TIMEOUT;
        }
        double value;
        try {
            value = Double.parseDouble(seconds.strip());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 0 && value <= Duration.ofDays(1).toSeconds())) {
            throw new IllegalArgumentException("HF_HUB_DOWNLOAD_TIMEOUT must be a number of seconds above 0 and at "
                    + "most a day, found '" + seconds + "'");
        }
        return Duration.ofMillis(Math.max(1, Math.round(value * 1000)));
    }

    private static boolean isTrue(String value) {
        return value != null && TRUE_VALUES.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Optional<String> readTokenFile(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? nonBlank(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
