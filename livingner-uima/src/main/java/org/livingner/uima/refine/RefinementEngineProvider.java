package org.livingner.uima.refine;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.resource.ResourceInitializationException;

/**
 * A refinement engine that another module adds to the {@code --refine} list, found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.livingner.uima.refine.RefinementEngineProvider}).
 * This keeps engines with heavy dependencies of their own out of this module: {@code livingner-ruta} provides
 * {@code ruta[=SCRIPT]}, and only a class path that holds it carries UIMA Ruta and its types.
 */
public interface RefinementEngineProvider {

    /** The engine's name in a {@code --refine} list, e.g. {@code ruta}. */
    String name();

    /** Whether the engine takes {@code name=ARGUMENT} (a script or lexicon path). */
    boolean takesArgument();

    /**
     * @param argument what followed {@code name=}, or null for the engine's own default
     * @return the engine's description
     */
    AnalysisEngineDescription describe(String argument) throws ResourceInitializationException;
}
