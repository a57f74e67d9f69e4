package org.livingner.bert.tagging;

import org.livingner.bert.tokenization.Word;

/**
 * The model's label for a word: its first subword's most probable label and that label's softmax probability.
 */
public record WordLabel(Word word, String label, float probability) {
}
