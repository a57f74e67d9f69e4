package org.livingner.uima.io;

import org.apache.uima.UimaContext;
import org.apache.uima.fit.component.JCasCollectionReader_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.Progress;
import org.apache.uima.util.ProgressImpl;
import org.dkpro.core.api.parameter.ComponentParameters;

import java.io.IOException;
import java.nio.charset.Charset;

/**
 * Standard input as one document, read to its end when the document is asked for ({@code cat note.txt | livingner
 * annotate -}): id {@link #PARAM_DOCUMENT_ID} (default {@value #DEFAULT_DOCUMENT_ID}), read as
 * {@link LivingNerTextReader} reads a file (charset {@link #PARAM_SOURCE_ENCODING}, byte order mark removed, the rest
 * kept, at most {@link #PARAM_MAX_DOCUMENT_SIZE} bytes). Text that does not decode, or is too long, fails the
 * document, naming it and the byte.
 */
@ResourceMetaData(name = "LivingNER standard input reader", description = "Standard input as one document.")
@TypeCapability(outputs = {"de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.MetaDataStringField"})
public class StandardInputReader extends JCasCollectionReader_ImplBase {

    /** The id of the document when {@link #PARAM_DOCUMENT_ID} is not given. */
    public static final String DEFAULT_DOCUMENT_ID = "stdin";

    /** The document's id, which names its outputs. */
    public static final String PARAM_DOCUMENT_ID = "documentId";
    @ConfigurationParameter(name = PARAM_DOCUMENT_ID, defaultValue = DEFAULT_DOCUMENT_ID)
    private String documentId;

    /** The text's charset (default UTF-8), as {@link LivingNerTextReader#PARAM_SOURCE_ENCODING}. */
    public static final String PARAM_SOURCE_ENCODING = ComponentParameters.PARAM_SOURCE_ENCODING;
    @ConfigurationParameter(name = PARAM_SOURCE_ENCODING, defaultValue = ComponentParameters.DEFAULT_ENCODING)
    private String sourceEncoding;

    /** Document language. */
    public static final String PARAM_LANGUAGE = ComponentParameters.PARAM_LANGUAGE;
    @ConfigurationParameter(name = PARAM_LANGUAGE, defaultValue = LivingNerTextReader.DEFAULT_LANGUAGE)
    private String language;

    /** Longest text in bytes, as {@link LivingNerTextReader#PARAM_MAX_DOCUMENT_SIZE}. */
    public static final String PARAM_MAX_DOCUMENT_SIZE = LivingNerTextReader.PARAM_MAX_DOCUMENT_SIZE;
    @ConfigurationParameter(name = PARAM_MAX_DOCUMENT_SIZE, defaultValue = Utf8Text.DEFAULT_MAX_BYTES_TEXT)
    private long maxDocumentSize;

    private Charset charset;
    private boolean read;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        LivingNerTextReader.checkMaxDocumentSize(maxDocumentSize);
        charset = LivingNerTextReader.charset(sourceEncoding);
    }

    @Override
    public boolean hasNext() {
        return !read;
    }

    @Override
    public void getNext(JCas jcas) throws IOException {
        read = true;
        LivingNerTextReader.fill(jcas, documentId, null,
                Utf8Text.read(System.in, documentId, maxDocumentSize, charset), language);
    }

    @Override
    public Progress[] getProgress() {
        return new Progress[] {new ProgressImpl(read ? 1 : 0, 1, Progress.ENTITIES)};
    }
}
