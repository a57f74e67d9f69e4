package org.livingner.cli;

import org.livingner.uima.PipelineSettings;
import org.livingner.uima.refine.RefinementEngines;
import picocli.CommandLine.Option;

/** {@code --refine LIST}: the refinement engines after the model (annotate, evaluate, bench-batch). */
public final class RefineOption {

    @Option(names = PipelineSettings.OPTION_REFINE, paramLabel = "LIST", defaultValue = PipelineSettings.DEFAULT_REFINE,
            description = "Refinement engines after the model, in order: " + RefinementEngines.LIST_SYNTAX
                    + " (default: ${DEFAULT-VALUE}, the pipeline's default engines).")
    public String list = PipelineSettings.DEFAULT_REFINE;
}
