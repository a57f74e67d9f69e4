package org.livingner.corpus.scoring;

/**
 * Which NCBI taxon contains which, for telling a code that is too general from one that is wrong
 * ({@link NormErrorTable}). The taxonomy module implements it from the NCBI Taxonomy; {@link #NONE} knows only that a
 * taxon contains itself.
 */
@FunctionalInterface
public interface TaxonHierarchy {

    /** Knows no hierarchy: a taxon contains only itself. */
    TaxonHierarchy NONE = String::equals;

    /** True when taxon {@code ancestor} is {@code descendant} or one of its ancestors (ids as decimal strings). */
    boolean containsOrIs(String ancestor, String descendant);
}
