package org.livingner.uima;

import org.livingner.uima.batch.BatchRunner;
import org.livingner.uima.internal.SharedModels;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.type.LivingEntity;
import org.livingner.uima.io.Documents;
import org.livingner.uima.io.GeneratedTextReader;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BatchRunner.Options#batchDocuments()}: at one thread, several documents are given to the model at once and
 * share forward passes, and nothing a user sees changes but the speed.
 */
class LookAheadBatchTest {

    private static final int DOCUMENTS = 16;

    /** What a run gave: each processed document's id and mentions in the order the sink got them, and failures. */
    private record Run(List<String> documents, List<String> mentions, BatchRunner.Result result,
                       TokenClassifier.Counters counted) {
    }

    private static Run run(BatchRunner.Options options, List<AnalysisEngineDescription> after) throws Exception {
        SharedModels.Key key = LivingNerModelResource.keyOf(Fixtures.TINY_BERT.toString(), 16, 0);
        // held over the run: the counters read below are this model's, whatever other tests loaded
        TokenClassifier classifier = SharedModels.acquire(key);
        try {
            TokenClassifier.Counters before = classifier.counters();
            List<String> documents = new ArrayList<>();
            List<String> mentions = new ArrayList<>();
            BatchRunner.Result result = BatchRunner.run(
                    List.of(CollectionReaderFactory.createReaderDescription(GeneratedTextReader.class,
                            GeneratedTextReader.PARAM_DOCUMENTS, DOCUMENTS, GeneratedTextReader.PARAM_SEED, 7L)),
                    LivingNerPipeline.create(Fixtures.tinyModel().refinements(after)),
                    new BatchRunner.Sink() {
                        @Override
                        public JsonNode processed(JCas jcas) {
                            String id = Documents.id(jcas);
                            documents.add(id);
                            for (LivingEntity e : JCasUtil.select(jcas, LivingEntity.class)) {
                                mentions.add(id + "\t" + e.getBegin() + "\t" + e.getEnd() + "\t" + e.getValue()
                                        + "\t" + e.getConfidence());
                            }
                            return null;
                        }
                    }, options);
            return new Run(documents, mentions, result, classifier.counters().since(before));
        } finally {
            SharedModels.release(key);
        }
    }

    @Test
    void atOneThreadLookAheadDocumentsShareForwardPassesAndGetTheMentionsTheyGetOneAtATime() throws Exception {
        Run alone = run(BatchRunner.Options.threads(1), List.of());
        Run shared = run(BatchRunner.Options.threads(1).batchDocuments(4), List.of());

        assertEquals(DOCUMENTS, alone.result().processed());
        assertEquals(DOCUMENTS, shared.result().processed());
        assertTrue(alone.mentions().size() > DOCUMENTS, "mentions found: " + alone.mentions().size());
        assertEquals(alone.mentions(), shared.mentions(), "the same mentions, offsets and confidences, in order");
        assertEquals(alone.documents().stream().sorted().toList(), shared.documents(), "documents in input order");
        assertEquals(alone.documents(), shared.documents());

        assertEquals(DOCUMENTS, alone.counted().documents());
        assertEquals(DOCUMENTS, alone.counted().labellingCalls(), "without look-ahead, one labelling call per document");
        assertEquals(DOCUMENTS, shared.counted().documents());
        assertTrue(shared.counted().labellingCalls() < DOCUMENTS, "with look-ahead, documents share labelling calls: "
                + shared.counted().labellingCalls() + " calls for " + DOCUMENTS + " documents");
        assertTrue(shared.counted().forwardPasses() < alone.counted().forwardPasses(), "fewer forward passes: "
                + shared.counted().forwardPasses() + " against " + alone.counted().forwardPasses());
        assertEquals(alone.counted().modelInputs(), shared.counted().modelInputs(),
                "the same model inputs, in fewer, larger batches");
    }

    @Test
    void aDocumentFailingAmongLookAheadDocumentsFailsAloneAndTheOthersKeepTheirOrderAndMentions() throws Exception {
        Run clean = run(BatchRunner.Options.threads(1), List.of());
        String bad = clean.documents().get(5);
        Run failing = run(BatchRunner.Options.threads(1).batchDocuments(8),
                List.of(AnalysisEngineFactory.createEngineDescription(FailOn.class, FailOn.PARAM_DOCUMENT, bad)));

        assertEquals(DOCUMENTS - 1, failing.result().processed());
        assertEquals(1, failing.result().failures().size());
        assertEquals(bad, failing.result().failures().get(0).document());
        assertTrue(failing.result().failures().get(0).reason().contains("bad document " + bad),
                failing.result().failures().get(0).reason());
        List<String> others = new ArrayList<>(clean.documents());
        others.remove(bad);
        assertEquals(others, failing.documents(), "every other document, in input order");
        assertEquals(clean.mentions().stream().filter(m -> !m.startsWith(bad + "\t")).toList(), failing.mentions());
    }
}
