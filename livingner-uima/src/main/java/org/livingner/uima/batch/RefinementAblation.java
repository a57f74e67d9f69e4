package org.livingner.uima.batch;

import org.livingner.uima.CasMentions;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.cas.CAS;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.metadata.MetaDataObject;
import org.apache.uima.util.CasCopier;
import org.apache.uima.util.CasCreationUtils;
import org.livingner.corpus.Mention;
import org.livingner.corpus.scoring.Scores;
import org.livingner.corpus.scoring.StrictScorer;
import org.livingner.uima.io.Documents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores several refinement configurations on the same gold data while running the model only once per document:
 * the model's output (segmenter + annotator) is copied into a scratch CAS for each configuration, which runs its
 * engines on the copy. A configuration's scores are the ones {@code livingner evaluate --refine LIST} gives.
 */
public final class RefinementAblation {

    /** A named list of refinement engines; an empty list is the model alone. */
    public record Configuration(String name, List<AnalysisEngineDescription> engines) {
    }

    /** Strict scores of each configuration (in the given order), and how the run went. */
    public record Result(Map<String, Scores> scores, int documents, int goldMentions,
                         List<CollectionRunner.Failure> failures) {
    }

    private RefinementAblation() {
    }

    /**
     * @param model the pipeline without refinement ({@link org.livingner.uima.LivingNerPipeline.Options#modelOnly()})
     * @param readers gold data (mentions in the {@link CasMentions#GOLD_VIEW} view)
     */
    public static Result run(List<CollectionReaderDescription> readers, AnalysisEngineDescription model,
                             List<Configuration> configurations, CollectionRunner.Listener progress)
            throws Exception {
        List<AnalysisEngine> engines = new ArrayList<>();
        try {
            List<MetaDataObject> metadata = new ArrayList<>();
            for (Configuration c : configurations) {
                AnalysisEngine engine = c.engines().isEmpty() ? null : AnalysisEngineFactory.createEngine(
                        AnalysisEngineFactory.createEngineDescription(c.engines().toArray(AnalysisEngineDescription[]::new)));
                engines.add(engine);
                if (engine != null) {
                    metadata.add(engine.getAnalysisEngineMetaData());
                }
            }
            List<Mention> gold = new ArrayList<>();
            List<List<Mention>> predicted = new ArrayList<>();
            configurations.forEach(c -> predicted.add(new ArrayList<>()));
            CAS[] scratch = {null};
            CollectionRunner.Result result = CollectionRunner.run(readers, (jcas, failed, done, total) -> {
                if (!failed) {
                    try {
                        String id = Documents.id(jcas);
                        if (CasMentions.hasGold(jcas)) {
                            gold.addAll(CasMentions.of(CasMentions.goldView(jcas), id));
                        }
                        if (scratch[0] == null) {
                            List<MetaDataObject> all = new ArrayList<>(metadata);
                            // the types every component here declares (uimaFIT detects them on the classpath)
                            all.add(TypeSystemDescriptionFactory.createTypeSystemDescription());
                            scratch[0] = CasCreationUtils.createCas(all);
                        }
                        for (int i = 0; i < configurations.size(); i++) {
                            AnalysisEngine engine = engines.get(i);
                            if (engine == null) {
                                predicted.get(i).addAll(CasMentions.of(jcas, id));
                                continue;
                            }
                            scratch[0].reset();
                            CasCopier.copyCas(jcas.getCas(), scratch[0], true);
                            engine.process(scratch[0]);
                            JCas copy = scratch[0].getJCas().getView(CAS.NAME_DEFAULT_SOFA);
                            predicted.get(i).addAll(CasMentions.of(copy, id));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("refining " + Documents.id(jcas) + ": " + e.getMessage(), e);
                    }
                }
                progress.documentDone(jcas, failed, done, total);
            }, model);
            Map<String, Scores> scores = new LinkedHashMap<>();
            for (int i = 0; i < configurations.size(); i++) {
                scores.put(configurations.get(i).name(), StrictScorer.score(gold, predicted.get(i)));
            }
            return new Result(scores, result.processed(), gold.size(), result.failures());
        } finally {
            for (AnalysisEngine engine : engines) {
                if (engine != null) {
                    engine.destroy();
                }
            }
        }
    }
}
