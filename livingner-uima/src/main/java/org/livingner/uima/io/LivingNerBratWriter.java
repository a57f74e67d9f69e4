package org.livingner.uima.io;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.api.io.JCasFileWriter_ImplBase;
import org.livingner.corpus.Mention;
import org.livingner.uima.CasMentions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * BRAT standoff: per document {@code ID.txt} (the text) and {@code ID.ann} ({@code T1<TAB>HUMAN 0 8<TAB>paciente});
 * a mention that spans a line break is written as fragments ({@code 0 5;6 12}), as BRAT requires. Offsets count
 * Unicode code points (BRAT's Python string indices).
 * {@code annotation.conf} lists the entity types. Files are written as DKPro Core's writers write them
 * ({@link #PARAM_TARGET_LOCATION}, named after the document, {@code ID.txt} for documents of the LivingNER readers;
 * an existing file is kept unless {@link #PARAM_OVERWRITE}).
 */
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "LivingNER BRAT writer", description = "Mentions as BRAT standoff (.txt + .ann).")
@TypeCapability(inputs = {"org.livingner.type.LivingEntity",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"})
public class LivingNerBratWriter extends JCasFileWriter_ImplBase {

    private final TreeSet<String> labels = new TreeSet<>();

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        labels.add("HUMAN");
        labels.add("SPECIES");
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        String id = Documents.id(jcas);
        String text = jcas.getDocumentText() == null ? "" : jcas.getDocumentText();
        StringBuilder ann = new StringBuilder();
        int n = 0;
        for (Mention m : CasMentions.of(jcas, id)) {
            synchronized (labels) {
                labels.add(m.label());
            }
            ann.append('T').append(++n).append('\t').append(m.label()).append(' ')
                    .append(fragments(text, m.begin(), m.end())).append('\t')
                    .append(Documents.oneLine(m.text())).append('\n');
        }
        try {
            write(getOutputStream(jcas, ".txt"), text);
            write(getOutputStream(jcas, ".ann"), ann.toString());
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    private static void write(OutputStream stream, String content) throws IOException {
        try (OutputStream out = stream) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** "b e", or "b1 e1;b2 e2;..." split at line breaks; in code points, as BRAT (Python) counts. */
    static String fragments(String text, int begin, int end) {
        StringBuilder out = new StringBuilder();
        int start = -1;
        for (int i = begin; i <= end; i++) {
            boolean lineBreak = i == end || text.charAt(i) == '\n' || text.charAt(i) == '\r';
            if (!lineBreak && start < 0) {
                start = i;
            } else if (lineBreak && start >= 0) {
                out.append(out.length() == 0 ? "" : ";").append(text.codePointCount(0, start)).append(' ')
                        .append(text.codePointCount(0, i));
                start = -1;
            }
        }
        return out.toString();
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        StringBuilder conf = new StringBuilder("[entities]\n");
        synchronized (labels) {
            labels.forEach(l -> conf.append(l).append('\n'));
        }
        conf.append("[relations]\n[events]\n[attributes]\n");
        try {
            write(getOutputStream("annotation", ".conf"), conf.toString());
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
        super.collectionProcessComplete();
    }
}
