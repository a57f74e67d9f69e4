package org.livingner.uima.io;

import org.apache.uima.jcas.JCas;

/** Lets tests give a CAS a document id the way readers do. */
public final class DocumentsAccess {

    private DocumentsAccess() {
    }

    public static void describe(JCas jcas, String id) {
        Documents.describe(jcas, id);
    }
}
