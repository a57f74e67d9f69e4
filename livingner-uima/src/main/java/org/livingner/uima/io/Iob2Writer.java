package org.livingner.uima.io;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.livingner.corpus.Mention;
import org.livingner.uima.CasMentions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IOB2: one {@code token<TAB>tag} line per DKPro {@link Token} (tokens are split at whitespace when the CAS has
 * none), a blank line after each sentence. A token overlapping a mention is tagged with it: B- for the mention's
 * first token, I- for the others. A token keeps its spaces (the IOB2 reader splits a line with a tab at the tab only);
 * a tab or line break inside a token, which a line cannot hold, becomes a space.
 */
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "LivingNER IOB2 writer", description = "Mentions as IOB2 token/tag lines.")
@TypeCapability(inputs = {"org.livingner.type.LivingEntity",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"})
public class Iob2Writer extends JCasAnnotator_ImplBase {

    /** A file ending in {@code .iob2} for the whole collection, or a directory for one {@code ID.iob2} each. */
    public static final String PARAM_TARGET_LOCATION = "targetLocation";
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION)
    private String targetLocation;

    private static final Pattern NON_SPACE = Pattern.compile("\\S+");

    private final Map<String, String> collection = new TreeMap<>();

    private boolean singleFile() {
        return targetLocation.endsWith(".iob2");
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        String id = Documents.id(jcas);
        String iob2 = format(jcas, CasMentions.of(jcas, id));
        try {
            if (singleFile()) {
                synchronized (collection) {
                    collection.put(id, iob2);
                }
            } else {
                OutputFiles.write(OutputFiles.forDocument(Path.of(targetLocation), id, ".iob2"), iob2);
            }
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        if (!singleFile()) {
            return;
        }
        StringBuilder all = new StringBuilder();
        synchronized (collection) {
            collection.values().forEach(all::append);
        }
        try {
            OutputFiles.write(Path.of(targetLocation), all.toString());
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    /** A token as document offsets. */
    private record Tok(int begin, int end) {
    }

    /** The IOB2 lines of the CAS, tagged with {@code mentions}. */
    public static String format(JCas jcas, List<Mention> mentions) {
        String text = jcas.getDocumentText() == null ? "" : jcas.getDocumentText();
        List<int[]> sentences = new ArrayList<>();
        for (Sentence s : JCasUtil.select(jcas, Sentence.class)) {
            sentences.add(new int[] {s.getBegin(), s.getEnd()});
        }
        if (sentences.isEmpty()) {
            sentences.add(new int[] {0, text.length()});
        }
        boolean haveTokens = JCasUtil.exists(jcas, Token.class);
        StringBuilder out = new StringBuilder();
        for (int[] sentence : sentences) {
            List<Tok> tokens = new ArrayList<>();
            if (haveTokens) {
                for (Token t : JCasUtil.selectCovered(jcas, Token.class, sentence[0], sentence[1])) {
                    if (org.livingner.uima.LivingNerAnnotator.isWord(t.getCoveredText())) {
                        tokens.add(new Tok(t.getBegin(), t.getEnd()));
                    }
                }
            } else {
                Matcher m = NON_SPACE.matcher(text).region(sentence[0], sentence[1]);
                while (m.find()) {
                    tokens.add(new Tok(m.start(), m.end()));
                }
            }
            if (tokens.isEmpty()) {
                continue;
            }
            String[] tags = new String[tokens.size()];
            for (Mention mention : mentions) {
                boolean first = true;
                for (int i = 0; i < tokens.size(); i++) {
                    Tok t = tokens.get(i);
                    if (t.end() > mention.begin() && t.begin() < mention.end()) {
                        if (tags[i] == null) {
                            tags[i] = (first ? "B-" : "I-") + mention.label();
                        }
                        first = false;
                    }
                }
            }
            for (int i = 0; i < tokens.size(); i++) {
                Tok t = tokens.get(i);
                out.append(Documents.oneLine(text.substring(t.begin(), t.end()))).append('\t')
                        .append(tags[i] == null ? "O" : tags[i]).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
