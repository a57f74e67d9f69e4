package org.livingner.bert.tagging;

/**
 * A mention found in text.
 *
 * @param type entity type without the B-/I- prefix, e.g. HUMAN or SPECIES
 * @param begin offset of the first char (UTF-16 index into the text the words came from)
 * @param end offset just past the last char
 * @param confidence mean probability of the labels of the span's words
 */
public record Span(String type, int begin, int end, double confidence) {
}
