package org.livingner.uima.batch;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.livingner.uima.CasMentions;
import org.livingner.uima.io.Documents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores several refinement configurations on the same gold data while running the model only once per document:
 * the model's output (segmenter + annotator) is copied into a scratch CAS for each configuration, which runs its
 * engines on the copy. A configuration's scores are the ones {@code livingner evaluate --refine LIST} gives. The
 * documents go through {@link BatchRunner}, so one that cannot be read, labelled or refined fails alone.
 */
public final class RefinementAblation {

    /** A named list of refinement engines; an empty list is the model alone. */
    public record Configuration(String name, List<AnalysisEngineDescription> engines) {
    }

    /** Strict scores of each configuration (in the given order), and how the run went. */
    public record Result(Map<String, Scores> scores, int documents, int goldMentions, List<Failure> failures) {
    }

    private RefinementAblation() {
    }

    /**
     * @param model the pipeline without refinement ({@link org.livingner.uima.LivingNerPipeline.Options#modelOnly()})
     * @param readers gold data (mentions in the {@link CasMentions#GOLD_VIEW} view)
     */
    public static Result run(List<CollectionReaderDescription> readers, AnalysisEngineDescription model,
                             List<Configuration> configurations, BatchRunner.ProgressListener progress)
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
            // the types every component here declares (uimaFIT detects them on the classpath)
            metadata.add(TypeSystemDescriptionFactory.createTypeSystemDescription());
            CAS scratch = CasCreationUtils.createCas(metadata);
            List<Mention> gold = new ArrayList<>();
            List<List<Mention>> predicted = new ArrayList<>();
            configurations.forEach(c -> predicted.add(new ArrayList<>()));
            BatchRunner.Result result = BatchRunner.run(readers, model, new BatchRunner.Sink() {
                @Override
                public JsonNode processed(JCas jcas) throws Exception {
                    String id = Documents.id(jcas);
                    List<List<Mention>> found = new ArrayList<>();
                    for (AnalysisEngine engine : engines) {
                        if (engine == null) {
                            found.add(CasMentions.of(jcas, id));
                            continue;
                        }
                        scratch.reset();
                        CasCopier.copyCas(jcas.getCas(), scratch, true);
                        engine.process(scratch);
                        found.add(CasMentions.of(scratch.getJCas().getView(CAS.NAME_DEFAULT_SOFA), id));
                    }
                    // a document counts for every configuration or, when one fails on it, for none
                    for (int i = 0; i < found.size(); i++) {
                        predicted.get(i).addAll(found.get(i));
                    }
                    if (CasMentions.hasGold(jcas)) {
                        gold.addAll(CasMentions.of(CasMentions.goldView(jcas), id));
                    }
                    return null;
                }

                @Override
                public void progress(int done, int totalEstimate, boolean failed) {
                    progress.update(done, totalEstimate, failed);
                }
            }, BatchRunner.Options.threads(1));
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
