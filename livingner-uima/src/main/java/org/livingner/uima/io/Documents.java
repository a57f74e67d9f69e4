package org.livingner.uima.io;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.MetaDataStringField;
import org.apache.uima.cas.CASException;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;

/** Document ids: DKPro {@link DocumentMetaData}, what readers set and writers name their output after. */
public final class Documents {

    private Documents() {
    }

    /** The {@link DocumentMetaData} of a document that was not read from anywhere (a generated one). */
    static void describe(JCas jcas, String documentId) {
        describe(jcas, documentId, (URI) null);
    }

    static void describe(JCas jcas, String documentId, Path file) {
        describe(jcas, documentId, file == null ? null : file.toAbsolutePath().toUri());
    }

    /**
     * The document's {@link DocumentMetaData}: its id (also its title) and where it was read from. No base URI: DKPro
     * file writers then name their output after the id ({@code ID.xmi}, {@code sub/ID.xmi}), for documents of every
     * LivingNER reader alike (an IOB2 file may hold many documents, which its path would not tell apart).
     */
    static void describe(JCas jcas, String documentId, URI source) {
        DocumentMetaData meta = DocumentMetaData.create(jcas);
        meta.setDocumentId(documentId);
        meta.setDocumentTitle(documentId);
        if (source != null) {
            meta.setDocumentUri(source.toString());
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

    /**
     * The SHA-256 (hex) of the document's text as its file holds it (a byte order mark the reader removed counted
     * back in, since it shifts the LivingNER offsets): what a resumed run compares to tell a changed document.
     */
    public static String contentHash(JCas jcas) {
        String text = jcas.getDocumentText() == null ? "" : jcas.getDocumentText();
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (removedPrefix(jcas) > 0) {
                digest.update("\uFEFF".getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The document id the reader set, or {@code "document"} when there is none. */
    public static String id(JCas jcas) {
        DocumentMetaData meta = metaData(jcas);
        String id = meta == null ? null : meta.getDocumentId();
        return id == null || id.isBlank() ? "document" : id;
    }

    /** Where the document was read from: its file (or other URI) when the reader named one, else its id. */
    public static String source(JCas jcas) {
        DocumentMetaData meta = metaData(jcas);
        String uri = meta == null ? null : meta.getDocumentUri();
        if (uri == null || uri.isBlank()) {
            return id(jcas);
        }
        try {
            return Path.of(URI.create(uri)).toString();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return uri;
        }
    }

    private static DocumentMetaData metaData(JCas jcas) {
        try {
            JCas initial = jcas.getCas().getView(org.apache.uima.cas.CAS.NAME_DEFAULT_SOFA).getJCas();
            return JCasUtil.exists(initial, DocumentMetaData.class) ? DocumentMetaData.get(initial) : null;
        } catch (CASException | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code text} on one line of a tab-separated file: tabs and line breaks become spaces, so its length (and any
     * offsets into it) stay the same.
     */
    public static String oneLine(String text) {
        return text.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
