package org.livingner.uima.ruta;

import org.livingner.uima.refine.*;

import org.livingner.uima.ruta.RutaRefiner;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.Mention;
import org.livingner.type.LivingEntity;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

/**
 * The example Ruta script and example lexicon, alone (no model), scored strictly against the LivingNER
 * training sentences. Both were written looking at this data, so the numbers are in-sample: they say
 * the examples are sound, not how they generalize.
 */
@Tag("slow")
class ExampleRulesOnTrainingDataTest {
    private static final Path TRAIN = Path.of("../shared/data/livingner/train.iob2");

    record Scores(int tp, int fp, int fn) {
        double precision() {
            return tp / (double) Math.max(1, tp + fp);
        }

        double recall() {
            return tp / (double) Math.max(1, tp + fn);
        }

        @Override
        public String toString() {
            return String.format("P=%.3f R=%.3f (tp=%d fp=%d fn=%d)", precision(), recall(), tp, fp, fn);
        }
    }

    @Test
    void exampleRutaScriptFindsHumansPrecisely() throws Exception {
        Scores human = score(createEngine(RutaRefiner.class), "HUMAN");
        System.out.println("clinical-roles.ruta alone, HUMAN on train.iob2: " + human);
        assertTrue(human.precision() >= 0.85 && human.recall() >= 0.5, human.toString());
    }

    @Test
    void exampleLexiconFindsSpeciesPrecisely() throws Exception {
        Scores species = score(createEngine(LexiconAnnotator.class), "SPECIES");
        System.out.println("species-lexicon.tsv alone, SPECIES on train.iob2: " + species);
        assertTrue(species.precision() >= 0.85 && species.tp() >= 200, species.toString());
    }

    /** Strict (label, begin, end) scores of one label over all training sentences, one CAS per sentence. */
    private static Scores score(AnalysisEngine engine, String label) throws Exception {
        assumeTrue(Files.exists(TRAIN), "LivingNER data not at " + TRAIN.toAbsolutePath());
        int tp = 0;
        int fp = 0;
        int fn = 0;
        JCas jcas = JCasFactory.createJCas();
        for (Iob2Sentence sentence : Iob2Corpus.read(TRAIN)) {
            jcas.reset();
            jcas.setDocumentText(sentence.text());
            new Sentence(jcas, 0, sentence.text().length()).addToIndexes();
            int[] begins = sentence.tokenBegins();
            int[] ends = sentence.tokenEnds();
            for (int i = 0; i < begins.length; i++) {
                new Token(jcas, begins[i], ends[i]).addToIndexes();
            }
            Set<String> gold = new HashSet<>();
            for (Mention m : sentence.mentions("train")) {
                if (label.equals(m.label())) {
                    gold.add(m.begin() + ":" + m.end());
                }
            }
            engine.process(jcas);
            Set<String> predicted = new HashSet<>();
            for (LivingEntity m : Mentions.inOrder(jcas)) {
                if (label.equals(Mentions.label(m))) {
                    predicted.add(m.getBegin() + ":" + m.getEnd());
                }
            }
            for (String p : predicted) {
                if (gold.contains(p)) {
                    tp++;
                } else {
                    fp++;
                }
            }
            fn += (int) gold.stream().filter(g -> !predicted.contains(g)).count();
        }
        return new Scores(tp, fp, fn);
    }
}
