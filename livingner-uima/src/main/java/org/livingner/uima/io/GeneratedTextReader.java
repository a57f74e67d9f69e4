package org.livingner.uima.io;

import org.livingner.uima.io.Documents;

import org.apache.uima.UimaContext;
import org.apache.uima.fit.component.JCasCollectionReader_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.Progress;
import org.apache.uima.util.ProgressImpl;

/**
 * {@link #PARAM_DOCUMENTS} synthetic clinical-style Spanish documents from {@link ClinicalTextGenerator}, made as
 * they are read (nothing is kept), with ids {@code gen_0000001}, ...; for throughput runs of any size.
 */
@ResourceMetaData(name = "LivingNER generated text reader",
        description = "Synthetic clinical-style Spanish documents, reproducible from a seed.")
@TypeCapability(outputs = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
public class GeneratedTextReader extends JCasCollectionReader_ImplBase {

    /** How many documents. */
    public static final String PARAM_DOCUMENTS = "documents";
    @ConfigurationParameter(name = PARAM_DOCUMENTS)
    private int documents;

    /** Seed of the generator: the same seed gives the same documents. */
    public static final String PARAM_SEED = "seed";
    @ConfigurationParameter(name = PARAM_SEED, defaultValue = "42")
    private long seed;

    private ClinicalTextGenerator generator;
    private int next;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        if (documents < 0) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    PARAM_DOCUMENTS + " must be 0 or more, found " + documents));
        }
        generator = new ClinicalTextGenerator(seed);
    }

    @Override
    public boolean hasNext() {
        return next < documents;
    }

    @Override
    public void getNext(JCas jcas) {
        String id = String.format("gen_%07d", next + 1);
        jcas.setDocumentText(generator.document(next++));
        jcas.setDocumentLanguage("es");
        Documents.describe(jcas, id);
    }

    @Override
    public Progress[] getProgress() {
        return new Progress[] {new ProgressImpl(next, documents, Progress.ENTITIES)};
    }
}
