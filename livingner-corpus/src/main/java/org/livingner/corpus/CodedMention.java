package org.livingner.corpus;

import java.util.Objects;

/**
 * A mention with its NCBI Taxonomy code as LivingNER writes it ({@code 9606}, {@code 2|2759|10239}, {@code 4751|H},
 * {@code _NOCODE_}); {@code code} is {@code null} when the mention has none (27 mentions of {@code train.iob2} have no
 * row in {@code train-ncbi.tsv}).
 */
public record CodedMention(Mention mention, String code) {

    public CodedMention {
        Objects.requireNonNull(mention, "mention");
    }
}
