package org.livingner.bert.tokenization;

/**
 * Converts offsets counted in Unicode code points (what the Hugging Face tokenizers library reports through DJL)
 * into UTF-16 indices of the Java String, which differ after every character outside the BMP (emoji, rare CJK).
 */
final class CodePointOffsets {

    /** UTF-16 index of each code point index, or null when the text has no surrogate pair (indices agree). */
    private final int[] utf16;

    private CodePointOffsets(int[] utf16) {
        this.utf16 = utf16;
    }

    static CodePointOffsets of(String text) {
        int pairs = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isHighSurrogate(text.charAt(i))) {
                pairs++;
            }
        }
        if (pairs == 0) {
            return new CodePointOffsets(null);
        }
        int[] map = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            map[cp++] = i;
        }
        map[cp] = text.length();
        return new CodePointOffsets(map);
    }

    int toUtf16(int codePointIndex) {
        return utf16 == null ? codePointIndex : utf16[codePointIndex];
    }

    /**
     * The text with each unpaired surrogate replaced by U+FFFD: JNI could not pass it to Rust as one character,
     * which would shift every later offset. Same length, so indices stay valid; the tokenizer drops U+FFFD.
     */
    static String withoutLoneSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, '\uFFFD');
            }
        }
        return out == null ? text : out.toString();
    }
}
