package org.livingner.bert.tokenization;

/**
 * A pre-tokenized word and where it sits in its text.
 *
 * @param text the word as written
 * @param begin offset of its first char in the original text (UTF-16 index)
 * @param end offset just past its last char
 */
public record Word(String text, int begin, int end) {
    public Word {
        if (text == null || begin < 0 || end < begin) {
            throw new IllegalArgumentException("bad word '" + text + "' at [" + begin + ", " + end + ")");
        }
    }
}
