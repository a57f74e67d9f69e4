package org.livingner.uima.io;

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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The text reader under its former name, with its former parameters (several {@link #PARAM_SOURCE_LOCATIONS}, a
 * {@link #PARAM_SUFFIX}), so code and XML descriptors written for it keep working for one more release. It reads
 * documents as {@link LivingNerTextReader} does (ids, byte order marks, size limit, failures one document at a
 * time).
 *
 * @deprecated its simple name is DKPro Core's {@code org.dkpro.core.io.text.TextReader}, whose parameters differ, so
 * importing both fails. Use {@link LivingNerTextReader}: one location in
 * {@link LivingNerTextReader#PARAM_SOURCE_LOCATION} (a file or a directory; several locations are several readers),
 * and {@link LivingNerTextReader#PARAM_PATTERNS} for other files than a directory's {@code .txt} files.
 */
@Deprecated(forRemoval = true)
@ResourceMetaData(name = "LivingNER text reader (former name)", description = "Plain UTF-8 text files, one document"
        + " each; use org.livingner.uima.io.LivingNerTextReader.")
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
    @ConfigurationParameter(name = PARAM_LANGUAGE, defaultValue = LivingNerTextReader.DEFAULT_LANGUAGE)
    private String language;

    /** Largest document in bytes, as {@link LivingNerTextReader#PARAM_MAX_DOCUMENT_SIZE}. */
    public static final String PARAM_MAX_DOCUMENT_SIZE = LivingNerTextReader.PARAM_MAX_DOCUMENT_SIZE;
    @ConfigurationParameter(name = PARAM_MAX_DOCUMENT_SIZE, defaultValue = Utf8Text.DEFAULT_MAX_BYTES_TEXT)
    private long maxDocumentSize;

    private List<SourceFiles.Source> sources;
    private int next;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        LivingNerTextReader.checkMaxDocumentSize(maxDocumentSize);
        try {
            sources = SourceFiles.list(Arrays.stream(sourceLocations).map(Path::of).toList(),
                    SourceFiles.Selection.suffix(suffix), suffix);
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
        try {
            source.check();
            LivingNerTextReader.fill(jcas, source.documentId(), source.file().toAbsolutePath().toUri(),
                    Utf8Text.read(source.file(), maxDocumentSize), language);
        } catch (IOException e) {
            throw new CollectionException(e);
        }
    }

    @Override
    public Progress[] getProgress() {
        return new Progress[] {new ProgressImpl(next, sources.size(), Progress.ENTITIES)};
    }
}
