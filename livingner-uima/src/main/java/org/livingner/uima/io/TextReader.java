package org.livingner.uima.io;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import org.apache.uima.UimaContext;
import org.apache.uima.collection.CollectionException;
import org.apache.uima.fit.component.JCasCollectionReader_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.Progress;
import org.apache.uima.util.ProgressImpl;

import java.io.IOException;
import java.util.List;

/**
 * Plain UTF-8 text documents, one per file. A byte-order mark is removed (and noted, see
 * {@link Documents#removedPrefix}); everything else (CRLF line ends, control characters) is kept, so offsets are
 * offsets into the file's text. A file that cannot be read, is larger than {@link #PARAM_MAX_DOCUMENT_SIZE}, or lies in
 * a subdirectory that cannot be listed fails its own {@link #getNext} with its name and the reason; the reader has
 * already moved on, so the caller may continue.
 */
@ResourceMetaData(name = "LivingNER text reader", description = "Plain UTF-8 text files, one document each.")
@TypeCapability(outputs = {"de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.MetaDataStringField"})
public class TextReader extends JCasCollectionReader_ImplBase {

    /** Files or directories; a directory contributes its files ending in {@link #PARAM_SUFFIX}, recursively. */
    public static final String PARAM_SOURCE_LOCATIONS = "sourceLocations";
    @ConfigurationParameter(name = PARAM_SOURCE_LOCATIONS)
    private String[] sourceLocations;

    /** File name ending of documents inside directories; also removed to form the document id. */
    public static final String PARAM_SUFFIX = "suffix";
    @ConfigurationParameter(name = PARAM_SUFFIX, defaultValue = ".txt")
    private String suffix;

    /** Document language. */
    public static final String PARAM_LANGUAGE = "language";
    @ConfigurationParameter(name = PARAM_LANGUAGE, defaultValue = "es")
    private String language;

    /**
     * Largest document in bytes; a larger file fails alone, before it is read, naming its size and this limit
     * (default {@value Utf8Text#DEFAULT_MAX_BYTES_TEXT}: far above any clinical case, far below what fills a heap,
     * whose overflow would otherwise end the whole run).
     */
    public static final String PARAM_MAX_DOCUMENT_SIZE = "maxDocumentSize";
    @ConfigurationParameter(name = PARAM_MAX_DOCUMENT_SIZE, defaultValue = Utf8Text.DEFAULT_MAX_BYTES_TEXT)
    private long maxDocumentSize;

    private List<SourceFiles.Source> sources;
    private int next;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        if (maxDocumentSize < 1) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    PARAM_MAX_DOCUMENT_SIZE + " must be at least 1 byte, found " + maxDocumentSize));
        }
        try {
            sources = SourceFiles.list(sourceLocations, suffix);
        } catch (IOException e) {
            throw new ResourceInitializationException(e);
        }
    }

    @Override
    public boolean hasNext() {
        return next < sources.size();
    }

    @Override
    public void getNext(JCas jcas) throws CollectionException {
        SourceFiles.Source source = sources.get(next++);
        Utf8Text.Content content;
        try {
            source.check();
            content = Utf8Text.read(source.file(), maxDocumentSize);
        } catch (IOException e) {
            throw new CollectionException(e);
        }
        jcas.setDocumentText(content.text());
        jcas.setDocumentLanguage(language);
        Documents.describe(jcas, source.documentId(), source.file());
        if (content.byteOrderMark()) {
            Documents.byteOrderMarkRemoved(jcas);
        }
    }

    @Override
    public Progress[] getProgress() {
        return new Progress[] {new ProgressImpl(next, sources.size(), Progress.ENTITIES)};
    }
}
