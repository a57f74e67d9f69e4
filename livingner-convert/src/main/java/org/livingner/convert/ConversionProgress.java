package org.livingner.convert;

/**
 * Receives progress of long steps (fetching, extracting, converting), so the library stays free of
 * terminal handling: the command line shows a bar, tests ignore it.
 */
@FunctionalInterface
public interface ConversionProgress {

    ConversionProgress NONE = (phase, done, total) -> { };

    /**
     * @param phase what is happening, e.g. "extracting"; a new phase starts when this changes
     * @param done  units done so far (bytes or tensors)
     * @param total units in this phase, or -1 when unknown
     */
    void update(String phase, long done, long total);
}
