package org.livingner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.taxonomy.Normalizer;
import org.livingner.type.LivingEntity;
import org.livingner.uima.internal.SharedNormalizers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gives every HUMAN and SPECIES mention its NCBI Taxonomy code in {@code identifier}, written as LivingNER writes it:
 * {@code 9606} for HUMAN; for SPECIES one or more ids joined by {@code |}, {@code |H} when the code is more general
 * than the mention, {@code _NOCODE_} where nothing fits ({@link Normalizer}). The sentence around a mention goes
 * with it (an abbreviated genus, {@code S. aureus}, is read as the genus the sentence writes out).
 *
 * <p>A mention that already has an identifier (a user lexicon's, {@code LexiconAnnotator}) keeps it unless
 * {@link #PARAM_OVERWRITE} is set; mentions of other labels are left alone. The normaliser is loaded once per JVM
 * and taxonomy ({@link SharedNormalizers}) and shared by every instance and thread of the engine.
 */
@ResourceMetaData(name = "LivingNER normaliser",
        description = "Sets the NCBI Taxonomy code (LivingNER-Norm syntax) of every HUMAN and SPECIES mention.")
@TypeCapability(
        inputs = {"org.livingner.type.LivingEntity", "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"},
        outputs = {"org.livingner.type.LivingEntity:identifier"})
public class LivingNerNormalizer extends JCasAnnotator_ImplBase {

    /**
     * The NCBI Taxonomy to code mentions with: a taxdump directory ({@code names.dmp} and {@code nodes.dmp}, or their
     * {@code .gz}, as in NCBI's {@code taxdump.tar.gz}), e.g. a current one for taxa newer than the shipped index.
     * Unset or blank: the compact index shipped in {@code livingner-taxonomy} (the NCBI dump of 2014, pruned, plus the
     * training codes' taxa). A directory that is missing, truncated or not in dump format fails the engine's
     * initialisation, naming the file and line.
     */
    public static final String PARAM_TAXONOMY_LOCATION = "taxonomyLocation";
    @ConfigurationParameter(name = PARAM_TAXONOMY_LOCATION, mandatory = false)
    private String taxonomyLocation;

    /** Replace identifiers that mentions already have (e.g. from a lexicon); by default they are kept. */
    public static final String PARAM_OVERWRITE = "overwrite";
    @ConfigurationParameter(name = PARAM_OVERWRITE, mandatory = true, defaultValue = "false")
    private boolean overwrite;

    private static final LongAdder NANOS = new LongAdder();
    private static final LongAdder MENTIONS = new LongAdder();

    private Normalizer normalizer;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        normalizer = load(taxonomyLocation);
    }

    /** The shared normaliser of {@code taxonomyLocation} (null: the shipped index), as the engine loads it. */
    public static Normalizer load(String taxonomyLocation) throws ResourceInitializationException {
        try {
            return SharedNormalizers.of(taxonomyLocation);
        } catch (IOException | RuntimeException e) {
            throw new ResourceInitializationException(new IOException("cannot load the NCBI Taxonomy"
                    + (taxonomyLocation == null || taxonomyLocation.isBlank() ? " index shipped in livingner-taxonomy"
                    : " in " + taxonomyLocation) + ": " + e.getMessage(), e));
        }
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        long start = System.nanoTime();
        Map<LivingEntity, List<Sentence>> sentences = JCasUtil.indexCovering(jcas, LivingEntity.class, Sentence.class);
        int coded = 0;
        for (LivingEntity mention : new ArrayList<>(JCasUtil.select(jcas, LivingEntity.class))) {
            String label = CasMentions.labelOf(mention);
            if (mention.getEnd() <= mention.getBegin() || !(label.equals("HUMAN") || label.equals("SPECIES"))
                    || !overwrite && mention.getIdentifier() != null && !mention.getIdentifier().isBlank()) {
                continue;
            }
            String sentence = sentenceOf(sentences.get(mention));
            mention.setIdentifier(normalizer.normalize(label, mention.getCoveredText(), sentence));
            coded++;
        }
        MENTIONS.add(coded);
        NANOS.add(System.nanoTime() - start);
    }

    private static String sentenceOf(Collection<Sentence> covering) {
        if (covering == null || covering.isEmpty()) {
            return null;
        }
        return covering.iterator().next().getCoveredText();
    }

    /** Time spent in {@link #process} by every instance in this JVM, in nanoseconds (benchmarks take its share). */
    public static long nanosSpent() {
        return NANOS.sum();
    }

    /** Mentions coded by every instance in this JVM. */
    public static long mentionsCoded() {
        return MENTIONS.sum();
    }
}
