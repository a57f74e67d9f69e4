package org.livingner.cli;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.uima.refine.RefinementEngines;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code --refine LIST}: the refinement engines after the model (annotate, evaluate). */
final class RefineOption {

    @Option(names = "--refine", paramLabel = "LIST", defaultValue = "default",
            description = "Refinement engines after the model, in order: " + RefinementEngines.LIST_SYNTAX
                    + " (default: ${DEFAULT-VALUE}, the pipeline's default engines).")
    String list = "default";

    /** The engines of the list; a bad list throws naming the element and what is accepted. */
    List<AnalysisEngineDescription> engines() throws ResourceInitializationException {
        return RefinementEngines.fromList(list);
    }
}
