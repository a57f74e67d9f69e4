package org.livingner.uima.io;

import java.io.IOException;

/** A document that could not be read: which one and why (the rest of the collection can still be processed). */
public class UnreadableDocumentException extends IOException {

    private final String document;
    private final String reason;

    public UnreadableDocumentException(String document, String reason) {
        this(document, reason, null);
    }

    public UnreadableDocumentException(String document, String reason, Throwable cause) {
        super(document + ": " + reason, cause);
        this.document = document;
        this.reason = reason;
    }

    public String document() {
        return document;
    }

    public String reason() {
        return reason;
    }
}
