package org.livingner.uima.ctakes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.ctakes.typesystem.type.constants.CONST;
import org.apache.ctakes.typesystem.type.refsem.OntologyConcept;
import org.livingner.corpus.scoring.NcbiCode;
import org.apache.ctakes.typesystem.type.textsem.EntityMention;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.jcas.cas.FSArray;
import org.livingner.type.Human;
import org.livingner.type.LivingEntity;
import org.livingner.type.Species;

/**
 * Copies every {@link LivingEntity} into a cTAKES {@link EntityMention} with the same span, so cTAKES
 * components that read {@code IdentifiedAnnotation}s (assertion, writers, semantic-group tables) see
 * our mentions.
 * <ul>
 * <li>{@code typeID}: cTAKES' semantic group for the label. cTAKES puts organisms (UMLS T001–T015,
 * T204) in its ENTITY group (typeID 1004) and people (T016 Human, T096–T101 groups of people) in its
 * SUBJECT group (typeID 1001), so {@code SemanticGroup.getBestGroup} reports Entity for SPECIES and
 * Subject for HUMAN;</li>
 * <li>{@code ontologyConceptArr}: one {@link OntologyConcept} per NCBI Taxonomy id of the mention
 * ({@code identifier} in LivingNER's syntax, as {@code LivingNerNormalizer} sets it: several ids separated by
 * {@code |} or {@code +}; the {@code |H} marker, {@code _NOCODE_} and a leading {@code NCBITaxon:} are dropped),
 * coding scheme {@code NCBITaxon}; empty when the mention has no identifier;</li>
 * <li>{@code discoveryTechnique}: dictionary lookup for lexicon mentions, explicit annotator
 * otherwise; {@code confidence}: the mention's confidence.</li>
 * </ul>
 * Our mentions stay in the CAS; the engine needs the cTAKES type system on the classpath
 * ({@code org.apache.ctakes:ctakes-type-system}), which a cTAKES installation has.
 */
@ResourceMetaData(name = "LivingNER to cTAKES mention mirror",
        description = "Copies LivingNER HUMAN/SPECIES mentions into cTAKES EntityMentions with NCBI Taxonomy concepts.")
@TypeCapability(
        inputs = {"org.livingner.type.LivingEntity"},
        outputs = {"org.apache.ctakes.typesystem.type.textsem.EntityMention",
                "org.apache.ctakes.typesystem.type.refsem.OntologyConcept"})
public class CtakesMentionMirror extends JCasAnnotator_ImplBase {

    /** The coding scheme of the NCBI Taxonomy concepts (the OBO prefix of the NCBI Taxonomy). */
    public static final String NCBI_TAXONOMY = "NCBITaxon";

    /** {@code codingScheme} of the ontology concepts made from a mention's identifier. */
    public static final String PARAM_CODING_SCHEME = "codingScheme";
    @ConfigurationParameter(name = PARAM_CODING_SCHEME, mandatory = true, defaultValue = NCBI_TAXONOMY)
    private String codingScheme;

    /** {@code typeID} of mirrored HUMAN mentions; default cTAKES' SUBJECT group (1001). */
    public static final String PARAM_HUMAN_TYPE_ID = "humanTypeId";
    @ConfigurationParameter(name = PARAM_HUMAN_TYPE_ID, mandatory = true, defaultValue = "1001")
    private int humanTypeId;

    /** {@code typeID} of mirrored SPECIES mentions; default cTAKES' ENTITY group (1004). */
    public static final String PARAM_SPECIES_TYPE_ID = "speciesTypeId";
    @ConfigurationParameter(name = PARAM_SPECIES_TYPE_ID, mandatory = true, defaultValue = "1004")
    private int speciesTypeId;

    private static final String LEXICON_SOURCE = "lexicon";
    private static final String TAXON_PREFIX = NCBI_TAXONOMY.toLowerCase(Locale.ROOT) + ":";

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        // copy first: adding annotations while iterating the index would invalidate the iterator
        List<LivingEntity> mentions = new ArrayList<>(JCasUtil.select(jcas, LivingEntity.class));
        for (LivingEntity mention : mentions) {
            EntityMention mirror = new EntityMention(jcas, mention.getBegin(), mention.getEnd());
            mirror.setTypeID(typeId(mention));
            mirror.setDiscoveryTechnique(LEXICON_SOURCE.equals(mention.getSource())
                    ? CONST.NE_DISCOVERY_TECH_DICT_LOOKUP
                    : CONST.NE_DISCOVERY_TECH_EXPLICIT_AE);
            mirror.setConfidence((float) mention.getConfidence());
            mirror.setOntologyConceptArr(concepts(jcas, mention.getIdentifier()));
            mirror.addToIndexes();
        }
    }

    private int typeId(LivingEntity mention) throws AnalysisEngineProcessException {
        if (mention instanceof Human || (!(mention instanceof Species) && "HUMAN".equals(mention.getValue()))) {
            return humanTypeId;
        }
        if (mention instanceof Species || "SPECIES".equals(mention.getValue())) {
            return speciesTypeId;
        }
        throw new AnalysisEngineProcessException(new IllegalArgumentException("LivingEntity ["
                + mention.getBegin() + "," + mention.getEnd() + ") '" + mention.getCoveredText()
                + "' has value '" + mention.getValue() + "': expected a Human or Species annotation, or value"
                + " HUMAN or SPECIES"));
    }

    private FSArray<OntologyConcept> concepts(JCas jcas, String identifier) {
        List<String> codes = codes(identifier);
        FSArray<OntologyConcept> array = new FSArray<>(jcas, codes.size());
        for (int i = 0; i < codes.size(); i++) {
            OntologyConcept concept = new OntologyConcept(jcas);
            concept.setCodingScheme(codingScheme);
            concept.setCode(codes.get(i));
            concept.addToIndexes();
            array.set(i, concept);
        }
        array.addToIndexes();
        return array;
    }

    /**
     * The NCBI Taxonomy ids of an identifier feature, each once, in order: "9606", "NCBITaxon:9606", "9606|10090",
     * LivingNER's "4751|H" (the marker that the code is more general is no concept) and "9606+9615"; none for
     * "_NOCODE_".
     */
    static List<String> codes(String identifier) {
        List<String> codes = new ArrayList<>();
        if (identifier == null) {
            return codes;
        }
        for (String part : identifier.split("[|+]")) {
            String code = part.strip();
            if (code.toLowerCase(Locale.ROOT).startsWith(TAXON_PREFIX)) {
                code = code.substring(TAXON_PREFIX.length()).strip();
            }
            if (NcbiCode.isTaxonId(code) && !codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes;
    }
}
