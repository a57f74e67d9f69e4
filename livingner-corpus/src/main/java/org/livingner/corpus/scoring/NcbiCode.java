package org.livingner.corpus.scoring;

import java.util.Set;
import java.util.TreeSet;

/**
 * LivingNER's NCBI Taxonomy code syntax, as its Norm metric reads it: a code is split on {@code |} and {@code +} into
 * parts, the parts are trimmed and deduplicated, and two codes agree when their part sets are equal (order ignored,
 * the "more general" marker {@code H} included).
 */
public final class NcbiCode {

    /** The marker part saying that the code is more general than the mention (a parent taxon). */
    public static final String MORE_GENERAL = "H";

    /** The code of a mention that no NCBI taxon fits. */
    public static final String NO_CODE = "_NOCODE_";

    private NcbiCode() {
    }

    /** The set of parts of {@code code}, sorted; empty for {@code null} or a blank code. */
    public static Set<String> parts(String code) {
        Set<String> parts = new TreeSet<>();
        if (code == null) {
            return parts;
        }
        for (String part : code.split("[|+]")) {
            String p = part.strip();
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return parts;
    }

    /** The NCBI ids of {@code code}: its parts without the {@code H} marker. */
    public static Set<String> ids(String code) {
        Set<String> ids = parts(code);
        ids.remove(MORE_GENERAL);
        return ids;
    }

    /** True when {@code code} says it is more general than the mention ({@code |H}). */
    public static boolean isMoreGeneral(String code) {
        return parts(code).contains(MORE_GENERAL);
    }

    /**
     * True when the task's scorer keeps a row with this code: it has at least one id and every id is an NCBI
     * Taxonomy id (a positive decimal number). {@code _NOCODE_}, a blank or a missing code are not valid.
     */
    public static boolean isValid(String code) {
        Set<String> ids = ids(code);
        return !ids.isEmpty() && ids.stream().allMatch(NcbiCode::isTaxonId);
    }

    /** A positive decimal number without a sign or leading zeros, as NCBI Taxonomy ids are written. */
    public static boolean isTaxonId(String part) {
        if (part.isEmpty() || part.length() > 10 || part.charAt(0) == '0') {
            return false;
        }
        return part.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The code written as LivingNER writes it: ids in the given order joined by {@code |}, then {@code |H}. */
    public static String join(Iterable<String> ids, boolean moreGeneral) {
        StringBuilder out = new StringBuilder();
        for (String id : ids) {
            if (!out.isEmpty()) {
                out.append('|');
            }
            out.append(id);
        }
        if (out.isEmpty()) {
            return NO_CODE;
        }
        return moreGeneral ? out.append("|").append(MORE_GENERAL).toString() : out.toString();
    }
}
