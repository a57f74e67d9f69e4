package org.livingner.uima.io;

import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.CodedMention;
import org.livingner.uima.CasMentions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * All mentions of the collection in one LivingNER-Norm TSV ({@code filename mark label off0 off1 span NCBITax},
 * header first; {@code NCBITax} is the mention's {@code identifier}, {@code _NOCODE_} where it has none), sorted by
 * document and offset; written when the collection is complete. Marks are T1, T2, ... per document;
 * offsets are Python string indices into the file as read, as the LivingNER files count them: Unicode code points
 * (they differ from Java offsets only after emoji), with a byte order mark the reader removed counted as one. A span
 * across a line break is escaped ({@link LivingNerTsv#escapeSpan}), so the TSV reads back as gold with its files.
 */
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "LivingNER TSV writer", description = "Mentions and their NCBI codes as one LivingNER TSV file.")
@TypeCapability(inputs = {"org.livingner.type.LivingEntity",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"})
public class LivingNerTsvWriter extends JCasAnnotator_ImplBase {

    /** The TSV file, or a directory to write {@value #DEFAULT_FILE_NAME} into (a path not ending in .tsv). */
    public static final String PARAM_TARGET_LOCATION = "targetLocation";
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION)
    private String targetLocation;

    public static final String DEFAULT_FILE_NAME = "mentions.tsv";

    private final List<CodedMention> mentions = new ArrayList<>();

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        String text = jcas.getDocumentText();
        List<CodedMention> found = new ArrayList<>();
        for (CodedMention m : CasMentions.coded(jcas, Documents.id(jcas))) {
            found.add(new CodedMention(LivingNerTsv.withCodePointOffsets(m.mention(), text,
                    Documents.removedPrefix(jcas)), m.code()));
        }
        synchronized (mentions) {
            mentions.addAll(found);
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        List<CodedMention> all;
        synchronized (mentions) {
            all = new ArrayList<>(mentions);
        }
        try {
            LivingNerTsv.writeCoded(target(targetLocation), all);
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    static Path target(String location) {
        Path path = Path.of(location);
        return location.endsWith(".tsv") ? path : path.resolve(DEFAULT_FILE_NAME);
    }
}
