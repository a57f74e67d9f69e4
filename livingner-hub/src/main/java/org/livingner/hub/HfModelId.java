package org.livingner.hub;

import java.util.regex.Pattern;

/**
 * A model on the hub: {@code ORG/NAME} (or a legacy {@code NAME} without organisation) and a revision
 * (branch, tag or 40-hex commit; {@code main} when not given).
 */
public record HfModelId(String repoId, String revision) {

    public static final String DEFAULT_REVISION = "main";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    public HfModelId {
        String[] parts = repoId.split("/", -1);
        if (parts.length > 2 || !PART.matcher(parts[0]).matches()
                || parts.length == 2 && !PART.matcher(parts[1]).matches()
                || repoId.contains("--") || repoId.contains("..")) {
            throw new IllegalArgumentException("'" + repoId + "' is not a Hugging Face model id: expected ORG/NAME "
                    + "made of letters, digits, '.', '_' and '-' (no '--' or '..'), e.g. "
                    + "google-bert/bert-base-multilingual-cased");
        }
        if (revision == null || revision.isBlank()) {
            revision = DEFAULT_REVISION;
        }
        if (revision.contains("..") || revision.startsWith("/") || revision.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + revision + "' is not a usable revision of " + repoId
                    + ": expected a branch, tag or commit hash");
        }
    }

    /** Parses {@code ORG/NAME[@REVISION]} (the part after {@code hf:}). */
    public static HfModelId parse(String text) {
        int at = text.indexOf('@');
        return at < 0 ? new HfModelId(text.strip(), null)
                : new HfModelId(text.substring(0, at).strip(), text.substring(at + 1).strip());
    }

    public boolean revisionIsCommit() {
        return isCommit(revision);
    }

    public static boolean isCommit(String text) {
        return COMMIT.matcher(text).matches();
    }

    /** The cache folder name, as {@code huggingface_hub.file_download.repo_folder_name}. */
    public String cacheFolderName() {
        return "models--" + repoId.replace("/", "--");
    }

    @Override
    public String toString() {
        return repoId + "@" + revision;
    }
}
