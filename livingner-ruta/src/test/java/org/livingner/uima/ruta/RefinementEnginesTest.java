package org.livingner.uima.ruta;

import org.livingner.uima.refine.*;

import org.livingner.uima.ruta.RutaRefiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.fit.factory.AggregateBuilder;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.livingner.uima.refine.RefinementEngines.Choice;
import org.livingner.uima.refine.RefinementEngines.Refinement;

class RefinementEnginesTest {

    @Test
    void parsesNamesWithOptionalArguments() {
        assertEquals(List.of(new Choice("fragment-merger", null), new Choice("propagation", null),
                new Choice("lexicon", "my lex.tsv"), new Choice("ruta", null)),
                RefinementEngines.parse("fragment-merger, propagation,lexicon=my lex.tsv,ruta"));
    }

    @Test
    void noneAndDefaultAreWords() {
        assertEquals(List.of(), RefinementEngines.parse("none"));
        assertEquals(List.of(), RefinementEngines.parse(""));
        assertEquals(List.of(new Choice("fragment-merger", null)), RefinementEngines.parse("default"));
    }

    @Test
    void unknownNameIsReportedWithWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RefinementEngines.parse("fragment-merger,propagaton"));
        assertEquals("--refine 'fragment-merger,propagaton': unknown engine 'propagaton'; expected "
                + RefinementEngines.LIST_SYNTAX, e.getMessage());
    }

    @Test
    void argumentsOnlyWhereTheyMeanSomething() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RefinementEngines.parse("propagation=x"))
                .getMessage().contains("'propagation=x' takes no argument"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RefinementEngines.parse("lexicon="))
                .getMessage().contains("'lexicon=' needs a path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RefinementEngines.parse("ruta,ruta"))
                .getMessage().contains("'ruta' is listed twice"));
    }

    @Test
    void allEnginesRunTogetherInTheListedOrder() throws Exception {
        JCas jcas = Cases.sentences("La paciente convive con un perro y su madre.", "El perro tiene SARS-CoV-2.");
        Cases.mention(jcas, "SPECIES", "per", 0, 0.95);
        Cases.mention(jcas, "SPECIES", "SARS-CoV", 0.9);
        Cases.mention(jcas, "SPECIES", "-2", 0.9);

        List<AnalysisEngineDescription> engines =
                RefinementEngines.fromList("fragment-merger,propagation,lexicon,ruta");
        AggregateBuilder aggregate = new AggregateBuilder();
        engines.forEach(aggregate::add);
        SimplePipeline.runPipeline(jcas, aggregate.createAggregateDescription());

        assertEquals(List.of("HUMAN[paciente]", "SPECIES[perro]", "HUMAN[madre]", "SPECIES[perro]",
                "SPECIES[SARS-CoV-2]"), Cases.shown(jcas));
        assertEquals(List.of(RutaRefiner.SOURCE, FragmentMerger.SOURCE, RutaRefiner.SOURCE, MentionPropagator.SOURCE,
                FragmentMerger.SOURCE), Cases.mentions(jcas).stream().map(m -> m.getSource()).toList());
        assertEquals("2697049", Cases.mentions(jcas).get(4).getIdentifier(), "lexicon filled the merged mention's id");
        Cases.assertWellFormed(jcas);
    }

    @Test
    void defaultsAreTheDocumentedEngines() throws Exception {
        List<AnalysisEngineDescription> defaults = RefinementEngines.defaults();
        assertEquals(List.of(FragmentMerger.class.getName()),
                defaults.stream().map(AnalysisEngineDescription::getAnnotatorImplementationName).toList());
    }
}
