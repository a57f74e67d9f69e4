package org.livingner.uima.refine;

import java.util.Locale;

/**
 * How surface forms are compared: whitespace runs count as one space; case is ignored when asked,
 * except for short all-capital forms (acronyms such as VIH, VHB), which always match case-sensitively
 * so that ordinary words spelled the same way are not taken for them.
 */
final class SurfaceForms {
    private final boolean ignoreCase;
    private final int acronymMaxLength;

    SurfaceForms(boolean ignoreCase, int acronymMaxLength) {
        this.ignoreCase = ignoreCase;
        this.acronymMaxLength = acronymMaxLength;
    }

    /** The lookup key of a form as written in a lexicon or tagged in a document. */
    String key(String form) {
        String text = normalizeSpace(form);
        return caseSensitive(text) ? "=" + text : "~" + text.toLowerCase(Locale.ROOT);
    }

    /** The keys under which a piece of document text may be found: exact first, then case-folded. */
    String[] candidateKeys(String text) {
        String normalized = normalizeSpace(text);
        if (!ignoreCase) {
            return new String[] {"=" + normalized};
        }
        return new String[] {"=" + normalized, "~" + normalized.toLowerCase(Locale.ROOT)};
    }

    boolean caseSensitive(String form) {
        return !ignoreCase || isAcronym(form);
    }

    boolean isAcronym(String form) {
        if (form.length() > acronymMaxLength) {
            return false;
        }
        boolean letters = false;
        for (int i = 0; i < form.length(); i++) {
            char c = form.charAt(i);
            if (Character.isLetter(c)) {
                letters = true;
                if (!Character.isUpperCase(c)) {
                    return false;
                }
            }
        }
        return letters;
    }

    static String normalizeSpace(String text) {
        return text.strip().replaceAll("[\\s\\u00A0]+", " ");
    }
}
