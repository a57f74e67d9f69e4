package org.livingner.uima.io;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.MetaDataStringField;
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

    /** Key of the {@link MetaDataStringField} a reader adds when it removed a byte order mark from the file. */
    static final String BYTE_ORDER_MARK_REMOVED = "org.livingner.byteOrderMarkRemoved";

    /** Notes that the document text is its file's text without the leading byte order mark. */
    static void byteOrderMarkRemoved(JCas jcas) {
        MetaDataStringField field = new MetaDataStringField(jcas);
        field.setKey(BYTE_ORDER_MARK_REMOVED);
        field.setValue("true");
        field.addToIndexes();
    }

    /**
     * How many characters the reader removed from the start of the file's text (1 for a byte order mark, else 0):
     * LivingNER TSV offsets index the file as read, byte order mark included.
     */
    public static int removedPrefix(JCas jcas) {
        try {
            JCas initial = jcas.getCas().getView(org.apache.uima.cas.CAS.NAME_DEFAULT_SOFA).getJCas();
            for (MetaDataStringField field : JCasUtil.select(initial, MetaDataStringField.class)) {
                if (BYTE_ORDER_MARK_REMOVED.equals(field.getKey())) {
                    return 1;
                }
            }
        } catch (CASException | RuntimeException e) {
            return 0;
        }
        return 0;
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
