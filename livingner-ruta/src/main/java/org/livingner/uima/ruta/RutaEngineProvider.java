package org.livingner.uima.ruta;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.uima.refine.RefinementEngineProvider;

/** {@code --refine ruta[=SCRIPT]}: the {@link RutaRefiner}, with {@link RutaRefiner#EXAMPLE_SCRIPT} by default. */
public final class RutaEngineProvider implements RefinementEngineProvider {

    @Override
    public String name() {
        return "ruta";
    }

    @Override
    public boolean takesArgument() {
        return true;
    }

    @Override
    public AnalysisEngineDescription describe(String script) throws ResourceInitializationException {
        return ruta(script == null ? RutaRefiner.EXAMPLE_SCRIPT : script);
    }

    /** The Ruta refiner running {@code script} (a path, {@code classpath:RESOURCE} or a resource name). */
    public static AnalysisEngineDescription ruta(String script) throws ResourceInitializationException {
        return createEngineDescription(RutaRefiner.class, RutaRefiner.PARAM_SCRIPT, script);
    }
}
