package org.livingner.uima.ruta;

import org.livingner.uima.batch.Failure;
import org.livingner.uima.refine.Locations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.jcas.tcas.Annotation;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.ruta.engine.RutaEngine;
import org.livingner.type.LivingEntity;

/**
 * Runs a user's UIMA Ruta script over the CAS. The script sees every type of the CAS (the LivingNER
 * types, DKPro's Sentence and Token, Ruta's own W, CW, SW, ...) by short or full name; new mentions
 * it creates without a {@code source} get {@code source = "rule:ruta"} and confidence 1.0. Ruta's
 * helper annotations (seeds such as W, SPACE, and its internal index) are removed afterwards, so the
 * CAS holds only what the script meant to add.
 * <p>
 * Types declared inside the script ({@code DECLARE}) are not in the pipeline's type system; a script
 * should mark LivingNER types (or types of the CAS) directly.
 */
@ResourceMetaData(name = "LivingNER Ruta refiner", description = "Runs a UIMA Ruta script over the CAS.")
@TypeCapability(
        inputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
                "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
                "org.livingner.type.LivingEntity"},
        outputs = {"org.livingner.type.LivingEntity", "org.livingner.type.Human", "org.livingner.type.Species"})
public class RutaRefiner extends JCasAnnotator_ImplBase {
    /** Value of the {@code source} feature of mentions the script created without one. */
    public static final String SOURCE = "rule:ruta";

    /** The example script shipped with the project: clinical role nouns as HUMAN. */
    public static final String EXAMPLE_SCRIPT = "classpath:org/livingner/uima/ruta/clinical-roles.ruta";

    private static final String RUTA_TYPES = "org.apache.uima.ruta.type.";

    /**
     * The Ruta script: a file path, {@code classpath:RESOURCE}, or a classpath resource name. A file's
     * directory is also where the script's WORDLIST and other resources are looked up.
     */
    public static final String PARAM_SCRIPT = "script";
    @ConfigurationParameter(name = PARAM_SCRIPT, mandatory = true, defaultValue = EXAMPLE_SCRIPT)
    private String script;

    /** Keep Ruta's seed annotations (W, CW, SPACE, ...) in the CAS, e.g. to debug a script. */
    public static final String PARAM_KEEP_RUTA_ANNOTATIONS = "keepRutaAnnotations";
    @ConfigurationParameter(name = PARAM_KEEP_RUTA_ANNOTATIONS, mandatory = true, defaultValue = "false")
    private boolean keepRutaAnnotations;

    private AnalysisEngine ruta;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        Locations.Resolved resolved;
        String rules;
        try {
            resolved = Locations.resolve(script);
            try (InputStream in = resolved.url().openStream()) {
                rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ResourceInitializationException(
                    new IOException("Ruta script " + script + " (" + PARAM_SCRIPT + "): " + e.getMessage(), e));
        }
        List<Object> params = new ArrayList<>(List.of(RutaEngine.PARAM_RULES, rules,
                RutaEngine.PARAM_RULES_SCRIPT_NAME, scriptName(resolved.name()),
                RutaEngine.PARAM_REMOVE_BASICS, !keepRutaAnnotations));
        if (resolved.file() != null && resolved.file().toAbsolutePath().getParent() != null) {
            params.add(RutaEngine.PARAM_RESOURCE_PATHS);
            params.add(new String[] {resolved.file().toAbsolutePath().getParent().toString()});
        }
        try {
            ruta = AnalysisEngineFactory.createEngine(RutaEngine.class, params.toArray());
        } catch (ResourceInitializationException e) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    "Ruta script " + resolved.name() + " does not compile: " + Failure.reason(e), e));
        }
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        List<LivingEntity> before = new ArrayList<>(JCasUtil.select(jcas, LivingEntity.class));
        ruta.process(jcas);
        for (LivingEntity mention : JCasUtil.select(jcas, LivingEntity.class)) {
            if (mention.getSource() == null && !containsIdentical(before, mention)) {
                mention.setSource(SOURCE);
                if (mention.getConfidence() == 0) {
                    mention.setConfidence(1.0);
                }
            }
        }
        if (!keepRutaAnnotations) {
            List<Annotation> helpers = new ArrayList<>();
            for (Annotation a : JCasUtil.select(jcas, Annotation.class)) {
                if (a.getType().getName().startsWith(RUTA_TYPES)) {
                    helpers.add(a);
                }
            }
            helpers.forEach(Annotation::removeFromIndexes);
        }
    }

    @Override
    public void destroy() {
        if (ruta != null) {
            ruta.destroy();
        }
        super.destroy();
    }

    private static boolean containsIdentical(List<LivingEntity> mentions, LivingEntity mention) {
        for (LivingEntity m : mentions) {
            if (m == mention) {
                return true;
            }
        }
        return false;
    }

    private static String scriptName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf(':')) + 1);
        return base.endsWith(".ruta") ? base.substring(0, base.length() - ".ruta".length()) : base;
    }
}
