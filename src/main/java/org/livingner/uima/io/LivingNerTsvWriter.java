package org.livingner.uima.io;

import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.livingner.eval.Mention;
import org.livingner.uima.CasMentions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * All mentions of the collection in one LivingNER TSV ({@code filename mark label off0 off1 span}, header first),
 * sorted by document and offset; written when the collection is complete. Marks are T1, T2, ... per document.
 */
@ResourceMetaData(name = "LivingNER TSV writer", description = "Mentions as one LivingNER TSV file.")
@TypeCapability(inputs = {"org.livingner.type.LivingEntity",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"})
public class LivingNerTsvWriter extends JCasAnnotator_ImplBase {

    /** The TSV file, or a directory to write {@value #DEFAULT_FILE_NAME} into (a path not ending in .tsv). */
    public static final String PARAM_TARGET_LOCATION = "targetLocation";
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION)
    private String targetLocation;

    public static final String DEFAULT_FILE_NAME = "mentions.tsv";
    public static final String HEADER = "filename\tmark\tlabel\toff0\toff1\tspan";

    private final List<Mention> mentions = new ArrayList<>();

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        List<Mention> found = CasMentions.of(jcas, Documents.id(jcas));
        synchronized (mentions) {
            mentions.addAll(found);
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        List<Mention> sorted;
        synchronized (mentions) {
            sorted = new ArrayList<>(mentions);
        }
        sorted.sort(Mention.ORDER);
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        String doc = null;
        int mark = 0;
        for (Mention m : sorted) {
            mark = m.docId().equals(doc) ? mark + 1 : 1;
            doc = m.docId();
            out.append(m.docId()).append('\t').append('T').append(mark).append('\t').append(m.label()).append('\t')
                    .append(m.begin()).append('\t').append(m.end()).append('\t').append(oneLine(m.text())).append('\n');
        }
        try {
            OutputFiles.write(target(targetLocation), out.toString());
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    static Path target(String location) {
        Path path = Path.of(location);
        return location.endsWith(".tsv") ? path : path.resolve(DEFAULT_FILE_NAME);
    }

    /** A span on one TSV line: tabs and line breaks inside a mention become spaces (offsets stay exact). */
    static String oneLine(String text) {
        return text.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
