package org.livingner.hub;

import java.io.IOException;

/** A model could not be fetched from the hub or found in its cache; the message says which and what to do. */
public class HubException extends IOException {

    /** What went wrong, for callers that react differently (e.g. skip an optional file). */
    public enum Kind {
        /** The repository does not exist (or is private and no token was accepted). */
        REPO_NOT_FOUND,
        /** The branch, tag or commit does not exist in the repository. */
        REVISION_NOT_FOUND,
        /** The file does not exist at that revision. */
        FILE_NOT_FOUND,
        /** 401/403: the repository is gated or private, or the token lacks access. */
        ACCESS_DENIED,
        /** {@code HF_HUB_OFFLINE} is set and the cache does not hold what was asked for. */
        OFFLINE_NOT_CACHED,
        /** The hub could not be reached (connection refused, DNS, timeout). */
        UNREACHABLE,
        /** The downloaded bytes do not match the size or hash the hub announced. */
        CORRUPT,
        /** Any other HTTP answer the hub should not give. */
        PROTOCOL
    }

    private final Kind kind;

    public HubException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public HubException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
