package org.livingner.uima.io;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import org.apache.uima.cas.CASException;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

import java.nio.file.Path;

/** Document ids: DKPro {@link DocumentMetaData}, what readers set and writers name their output after. */
public final class Documents {

    private Documents() {
    }

    static void describe(JCas jcas, String documentId, Path file) {
        DocumentMetaData meta = DocumentMetaData.create(jcas);
        meta.setDocumentId(documentId);
        meta.setDocumentTitle(documentId);
        if (file != null) {
            meta.setDocumentUri(file.toAbsolutePath().toUri().toString());
        }
    }

    /** The document id the reader set, or {@code "document"} when there is none. */
    public static String id(JCas jcas) {
        try {
            JCas initial = jcas.getCas().getView(org.apache.uima.cas.CAS.NAME_DEFAULT_SOFA).getJCas();
            if (JCasUtil.exists(initial, DocumentMetaData.class)) {
                String id = DocumentMetaData.get(initial).getDocumentId();
                if (id != null && !id.isBlank()) {
                    return id;
                }
            }
        } catch (CASException | RuntimeException e) {
            return "document";
        }
        return "document";
    }
}
