package org.livingner;

import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.CASException;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.CasPool;
import org.livingner.uima.CasMentions;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.PipelineSettings;
import org.livingner.uima.batch.Failure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The LivingNER pipeline in one call, without UIMA in sight: sentence splitting, the model in packed context, the
 * refinement engines and the NCBI Taxonomy normaliser, as {@link LivingNerPipeline} builds them.
 *
 * <pre>{@code
 * try (LivingNer ner = LivingNer.create()) {                 // the embedded default model, offline
 *     for (Mention m : ner.annotate("La paciente convive con un perro.")) {
 *         System.out.println(m.label() + " " + m.text() + " " + m.begin() + "-" + m.end() + " " + m.identifier());
 *     }                                                     // HUMAN paciente 3-11 9606, SPECIES perro 27-32 9615
 * }
 * }</pre>
 *
 * An instance is thread-safe and holds one model however many threads call it: it runs a pool of
 * {@link Builder#threads(int)} pipeline instances (UIMA's multiprocessing engine over one shared model resource),
 * and documents annotated at the same time share forward passes. Create it once and reuse it; {@link #close()}
 * releases the model.
 */
public final class LivingNer implements AutoCloseable {

    private final AnalysisEngine engine;
    private final CasPool cases;
    private final String language;
    private final int threads;

    private LivingNer(Builder builder) throws ResourceInitializationException {
        AnalysisEngineDescription pipeline = LivingNerPipeline.create(builder.settings);
        this.threads = builder.threads;
        this.language = builder.settings.language();
        this.engine = UIMAFramework.produceAnalysisEngine(pipeline,
                Map.of(AnalysisEngine.PARAM_NUM_SIMULTANEOUS_REQUESTS, threads));
        this.cases = new CasPool(threads, engine);
    }

    /**
     * The default pipeline with the embedded model.
     *
     * @throws IllegalStateException when the pipeline cannot be built (e.g. no model on the class path)
     */
    public static LivingNer create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The mentions in {@code text}, in text order.
     *
     * @throws IllegalStateException naming the cause when the pipeline fails on this text
     */
    public List<Mention> annotate(String text) {
        Objects.requireNonNull(text, "text");
        CAS cas = cases.getCas(0);
        try {
            cas.setDocumentText(text);
            cas.setDocumentLanguage(language);
            engine.process(cas);
            return CasMentions.detailed(cas.getJCas());
        } catch (AnalysisEngineProcessException | CASException e) {
            throw new IllegalStateException("LivingNER pipeline failed: " + Failure.reason(e), e);
        } finally {
            cases.releaseCas(cas);
        }
    }

    /**
     * The mentions of each text, in the order of {@code texts}, annotated {@link Builder#threads(int)} at a time so
     * that their sentences share forward passes.
     *
     * @throws IllegalStateException naming the text (by its index) on which the pipeline failed
     */
    public List<List<Mention>> annotate(List<String> texts) {
        if (threads == 1 || texts.size() < 2) {
            return texts.stream().map(this::annotate).toList();
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(threads, texts.size()));
        try {
            List<Future<List<Mention>>> results = new ArrayList<>();
            for (String text : texts) {
                results.add(workers.submit(() -> annotate(text)));
            }
            List<List<Mention>> mentions = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                try {
                    mentions.add(results.get(i).get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("text " + i + ": " + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted at text " + i, e);
                }
            }
            return mentions;
        } finally {
            workers.shutdownNow();
        }
    }

    /** Releases the pipeline and, once no other pipeline uses it, the model. */
    @Override
    public void close() {
        engine.destroy();
    }

    /** What {@link LivingNer} is built from; every setter returns {@code this}. */
    public static final class Builder {
        private PipelineSettings settings = PipelineSettings.defaults();
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

        private Builder() {
        }

        /** A model directory, {@code classpath:PATH} or {@code hf:ORG/NAME[@REVISION]}; default: the embedded one. */
        public Builder model(String location) {
            settings = settings.withModel(location);
            return this;
        }

        /** The refinement engines as a {@code --refine} list, e.g. {@code "fragment-merger,propagation"}. */
        public Builder refine(String list) {
            settings = settings.withRefine(list);
            return this;
        }

        /**
         * A current NCBI taxdump directory ({@code names.dmp}, {@code nodes.dmp}, or their {@code .gz}) to code the
         * mentions with; default: the index shipped in livingner-taxonomy.
         */
        public Builder taxonomy(String directory) {
            settings = settings.withTaxonomy(directory);
            return this;
        }

        /**
         * The forward pass's arithmetic: {@code "int8"}, {@code "fp32"} or {@code "auto"} (the default: what the
         * model's config.json names, int8 for the embedded model).
         *
         * @throws IllegalArgumentException naming the setting and what it accepts
         */
        public Builder precision(String setting) {
            settings = settings.withPrecision(setting);
            return this;
        }

        /** Every pipeline setting at once (context, packing, window, confidence, ...). */
        public Builder settings(PipelineSettings pipelineSettings) {
            settings = Objects.requireNonNull(pipelineSettings, "settings");
            return this;
        }

        /**
         * How many texts can be annotated at the same time (pipeline instances over the one model); default: the
         * cores, at most 4.
         */
        public Builder threads(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("threads must be at least 1, found " + count);
            }
            threads = count;
            return this;
        }

        /**
         * @throws IllegalStateException naming the cause when the pipeline cannot be built (a model location that
         *                               is not a model, a bad refinement list, ...)
         */
        public LivingNer build() {
            try {
                return new LivingNer(this);
            } catch (ResourceInitializationException e) {
                throw new IllegalStateException("cannot build the LivingNER pipeline: " + Failure.reason(e), e);
            }
        }
    }
}
