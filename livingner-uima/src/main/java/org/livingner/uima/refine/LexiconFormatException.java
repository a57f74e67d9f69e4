package org.livingner.uima.refine;

import java.io.IOException;

/** A lexicon line that does not follow the format; the message names file:line and what was expected. */
public class LexiconFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public LexiconFormatException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
