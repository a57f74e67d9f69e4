package org.livingner.uima.io;

import org.apache.uima.UimaContext;
import org.apache.uima.cas.CASException;
import org.apache.uima.collection.CollectionException;
import org.apache.uima.fit.component.JCasCollectionReader_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.Progress;
import org.apache.uima.util.ProgressImpl;
import org.livingner.corpus.LivingNerDocument;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.LivingNerDocuments;
import org.livingner.corpus.Mention;
import org.livingner.uima.CasMentions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * LivingNER "TSV + text": a directory of {@code .txt} documents and the TSV of their gold mentions. Documents go to
 * the initial view; with {@link #PARAM_READ_GOLD} (default) their mentions go to {@link CasMentions#GOLD_VIEW}, with
 * their NCBI Taxonomy codes as {@code identifier} when the TSV has LivingNER-Norm's {@code NCBITax} column.
 * The TSV is checked when the reader starts: a mention that does not cover its span stops it, naming the line.
 */
@ResourceMetaData(name = "LivingNER TSV reader", description = "LivingNER .txt documents with their gold TSV.")
@TypeCapability(outputs = {"de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.MetaDataStringField",
        "org.livingner.type.Human", "org.livingner.type.Species"})
public class LivingNerTsvReader extends JCasCollectionReader_ImplBase {

    /** Directory of the {@code .txt} documents. */
    public static final String PARAM_TEXT_LOCATION = "textLocation";
    @ConfigurationParameter(name = PARAM_TEXT_LOCATION)
    private String textLocation;

    /** The TSV file ({@code filename mark label off0 off1 span}, optionally {@code NCBITax}). */
    public static final String PARAM_ANNOTATION_LOCATION = "annotationLocation";
    @ConfigurationParameter(name = PARAM_ANNOTATION_LOCATION)
    private String annotationLocation;

    /** Put the TSV mentions in the gold view. */
    public static final String PARAM_READ_GOLD = "readGold";
    @ConfigurationParameter(name = PARAM_READ_GOLD, defaultValue = "true")
    private boolean readGold;

    /** Document language. */
    public static final String PARAM_LANGUAGE = "language";
    @ConfigurationParameter(name = PARAM_LANGUAGE, defaultValue = "es")
    private String language;

    /**
     * Largest document in bytes (default 16 MiB). The texts are all read when the reader starts, to check the TSV
     * against them, so a larger one stops the reader there, naming the file, its size and this limit.
     */
    public static final String PARAM_MAX_DOCUMENT_SIZE = "maxDocumentSize";
    @ConfigurationParameter(name = PARAM_MAX_DOCUMENT_SIZE, defaultValue = Utf8Text.DEFAULT_MAX_BYTES_TEXT)
    private long maxDocumentSize;

    private List<LivingNerDocument> documents;
    private int next;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            documents = LivingNerDocuments.read(Path.of(textLocation), Path.of(annotationLocation),
                    Iob2Corpus.LIVINGNER_TYPES, maxDocumentSize);
        } catch (IOException e) {
            throw new ResourceInitializationException(e);
        }
    }

    @Override
    public boolean hasNext() {
        return next < documents.size();
    }

    @Override
    public void getNext(JCas jcas) throws CollectionException {
        LivingNerDocument document = documents.get(next++);
        String text = document.text().startsWith("\uFEFF") ? document.text().substring(1) : document.text();
        int shift = document.text().length() - text.length();
        jcas.setDocumentText(text);
        jcas.setDocumentLanguage(language);
        Documents.describe(jcas, document.id(), document.file());
        if (shift > 0) {
            Documents.byteOrderMarkRemoved(jcas);
        }
        if (readGold) {
            try {
                JCas gold = CasMentions.goldView(jcas);
                for (int i = 0; i < document.mentions().size(); i++) {
                    Mention m = document.mentions().get(i);
                    CasMentions.add(gold, m.label(), m.begin() - shift, m.end() - shift, 1.0, CasMentions.GOLD_SOURCE)
                            .setIdentifier(document.codes().get(i));
                }
            } catch (CASException e) {
                throw new CollectionException(e);
            }
        }
    }

    @Override
    public Progress[] getProgress() {
        return new Progress[] {new ProgressImpl(next, documents.size(), Progress.ENTITIES)};
    }
}
