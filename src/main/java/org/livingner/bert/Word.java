package org.livingner.bert;

/** A pre-tokenized word: its text and its UTF-16 offsets [begin, end) in the original text. */
public record Word(String text, int begin, int end) {
}
