package org.livingner;

/**
 * A mention of a living thing that {@link LivingNer#annotate(String)} found.
 *
 * @param label      {@code HUMAN} or {@code SPECIES}
 * @param begin      offset of its first character in the text (a Java {@code String} index)
 * @param end        offset just past its last character, so {@code text.substring(begin, end)} is the mention
 * @param text       the mention's covered text
 * @param confidence the model's confidence, from 0 to 1 (1 for mentions a rule made)
 * @param identifier the NCBI Taxonomy code in LivingNER's syntax ({@code 9606}, {@code 9615}, {@code 2|2759|10239},
 *                   {@code 4751|H}, {@code _NOCODE_}), or null when no normalisation engine ran
 * @param source     what made it: {@code model}, {@code rule:...} or {@code lexicon}
 */
public record Mention(String label, int begin, int end, String text, double confidence, String identifier,
                      String source) {
}
