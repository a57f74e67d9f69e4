package org.livingner.uima.io;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.api.io.JCasFileWriter_ImplBase;
import org.livingner.uima.CasMentions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * BRAT standoff: per document {@code ID.txt} (the text) and {@code ID.ann} ({@code T1<TAB>HUMAN 0 8<TAB>paciente});
 * a mention that spans a line break is written as fragments ({@code 0 5;6 12}), as BRAT requires. Offsets count
 * Unicode code points (BRAT's Python string indices). A mention's NCBI Taxonomy code (the {@code identifier} a
 * normalisation engine sets) is a normalisation, one per code of a LivingNER code list
 * ({@code N1<TAB>Reference T1 NCBITaxon:9615<TAB>perro}); a code that says more than its numbers ({@code 4751|H}, a
 * parent taxon; {@code _NOCODE_}) is also kept whole as the mention's note
 * ({@code #1<TAB>AnnotatorNotes T1<TAB>4751|H}).
 * When the collection is complete, {@code annotation.conf} lists the entity types, {@code visual.conf} their names and
 * colours (those of the HTML view), and {@code tools.conf} the {@code NCBITaxon} normalisation database, linked to the
 * NCBI Taxonomy browser. Files are written as DKPro Core's writers write them
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
        String text = jcas.getDocumentText() == null ? "" : jcas.getDocumentText();
        StringBuilder ann = new StringBuilder();
        int n = 0;
        int normalisations = 0;
        int notes = 0;
        for (org.livingner.Mention m : CasMentions.detailed(jcas)) {
            synchronized (labels) {
                labels.add(m.label());
            }
            String mark = "T" + (++n);
            String span = Documents.oneLine(m.text());
            ann.append(mark).append('\t').append(m.label()).append(' ')
                    .append(fragments(text, m.begin(), m.end())).append('\t').append(span).append('\n');
            if (m.identifier() == null || m.identifier().isBlank()) {
                continue;
            }
            List<String> codes = taxonomyCodes(m.identifier());
            for (String code : codes) {
                ann.append('N').append(++normalisations).append("\tReference ").append(mark).append(' ')
                        .append(TAXONOMY).append(':').append(code).append('\t').append(span).append('\n');
            }
            if (!String.join("|", codes).equals(m.identifier().strip())) {
                ann.append('#').append(++notes).append("\tAnnotatorNotes ").append(mark).append('\t')
                        .append(Documents.oneLine(m.identifier().strip())).append('\n');
            }
        }
        try {
            write(getOutputStream(jcas, ".txt"), text);
            write(getOutputStream(jcas, ".ann"), ann.toString());
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    /** {@code HUMAN} → {@code Human}: what BRAT shows for the type. */
    private static String displayName(String type) {
        return type.isEmpty() ? type : type.charAt(0) + type.substring(1).toLowerCase(Locale.ROOT);
    }

    private static void write(OutputStream stream, String content) throws IOException {
        try (OutputStream out = stream) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The normalisation database of the NCBI codes, as {@code tools.conf} declares it and the N lines name it. */
    static final String TAXONOMY = "NCBITaxon";

    /**
     * The NCBI Taxonomy ids of a LivingNER code ({@code 9606}, {@code 2|2759|10239}, {@code 4751|H},
     * {@code 9606+9615}), each once, in order.
     */
    static List<String> taxonomyCodes(String identifier) {
        List<String> codes = new ArrayList<>();
        for (String part : identifier.strip().split("[|+]")) {
            if (!part.isEmpty() && part.chars().allMatch(c -> c >= '0' && c <= '9') && !codes.contains(part)) {
                codes.add(part);
            }
        }
        return codes;
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
        List<String> types;
        synchronized (labels) {
            types = List.copyOf(labels);
        }
        StringBuilder annotation = new StringBuilder("[entities]\n");
        StringBuilder visual = new StringBuilder("[labels]\n");
        StringBuilder drawing = new StringBuilder("[drawing]\n");
        for (String type : types) {
            annotation.append(type).append('\n');
            visual.append(type).append(" | ").append(displayName(type)).append('\n');
            drawing.append(type).append("\tbgColor:").append(LabelColours.of(type)).append('\n');
        }
        annotation.append("[relations]\n[events]\n[attributes]\n");
        String tools = "[normalization]\n" + TAXONOMY + "\t<URL>:https://www.ncbi.nlm.nih.gov/taxonomy,"
                + " <URLBASE>:https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id=%s\n";
        try {
            write(getOutputStream("annotation", ".conf"), annotation.toString());
            write(getOutputStream("visual", ".conf"), visual.append(drawing).toString());
            write(getOutputStream("tools", ".conf"), tools);
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
        super.collectionProcessComplete();
    }

    /** Each file is written whole or not at all, with the umask's mode ({@link OutputFiles#atomic}). */
    @Override
    protected NamedOutputStream getOutputStream(String relativePath, String extension) throws IOException {
        NamedOutputStream atomic = OutputFiles.atomic(getContext(), getTargetLocation(), getCompressionMethod(),
                relativePath, extension);
        return atomic != null ? atomic : super.getOutputStream(relativePath, extension);
    }
}
