package org.livingner.uima.refine;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.resource.ResourceInitializationException;

/**
 * Descriptions of the refinement engines, and the {@code --refine LIST} syntax of the command line:
 * a comma-separated list of {@code fragment-merger}, {@code propagation}, {@code lexicon[=LEXICON]},
 * {@code lexicon-override[=LEXICON]}, {@code ruta[=SCRIPT]}, or the words {@code default} or
 * {@code none}. Engines run in the order listed.
 */
public final class RefinementEngines {

    /** The engines by their command-line name. */
    public enum Refinement {
        FRAGMENT_MERGER("fragment-merger", false),
        PROPAGATION("propagation", false),
        LEXICON("lexicon", true),
        LEXICON_OVERRIDE("lexicon-override", true),
        RUTA("ruta", true);

        private final String cliName;
        private final boolean takesArgument;

        Refinement(String cliName, boolean takesArgument) {
            this.cliName = cliName;
            this.takesArgument = takesArgument;
        }

        public String cliName() {
            return cliName;
        }

        public static Refinement byName(String name) {
            for (Refinement r : values()) {
                if (r.cliName.equals(name)) {
                    return r;
                }
            }
            return null;
        }
    }

    /** One element of a {@code --refine} list; {@code argument} is null when not given. */
    public record Choice(Refinement refinement, String argument) {
    }

    /**
     * The engines the pipeline runs when nothing else is asked for. Only the fragment merger: it is
     * the post-processing the reference system reports large gains from; the others stay opt-in until
     * the dev-split ablation shows they help.
     */
    public static final List<Refinement> DEFAULTS = List.of(Refinement.FRAGMENT_MERGER);

    /** What {@code --refine} accepts, for help texts and error messages. */
    public static final String LIST_SYNTAX = "a comma-separated list of fragment-merger, propagation,"
            + " lexicon[=LEXICON], lexicon-override[=LEXICON], ruta[=SCRIPT], or default, or none";

    private RefinementEngines() {
    }

    public static AnalysisEngineDescription fragmentMerger(Object... parameters)
            throws ResourceInitializationException {
        return createEngineDescription(FragmentMerger.class, parameters);
    }

    public static AnalysisEngineDescription mentionPropagator(Object... parameters)
            throws ResourceInitializationException {
        return createEngineDescription(MentionPropagator.class, parameters);
    }

    /** The lexicon annotator in add mode with the example lexicon. */
    public static AnalysisEngineDescription lexicon() throws ResourceInitializationException {
        return lexicon(LexiconAnnotator.EXAMPLE_LEXICON, LexiconAnnotator.Mode.ADD);
    }

    public static AnalysisEngineDescription lexicon(String location, LexiconAnnotator.Mode mode,
            Object... parameters) throws ResourceInitializationException {
        List<Object> all = new ArrayList<>(List.of(LexiconAnnotator.PARAM_LEXICON, location,
                LexiconAnnotator.PARAM_MODE, mode.name().toLowerCase(Locale.ROOT)));
        all.addAll(Arrays.asList(parameters));
        return createEngineDescription(LexiconAnnotator.class, all.toArray());
    }

    /** The Ruta refiner with the example script (clinical role nouns as HUMAN). */
    public static AnalysisEngineDescription ruta() throws ResourceInitializationException {
        return ruta(RutaRefiner.EXAMPLE_SCRIPT);
    }

    public static AnalysisEngineDescription ruta(String script) throws ResourceInitializationException {
        return createEngineDescription(RutaRefiner.class, RutaRefiner.PARAM_SCRIPT, script);
    }

    /** Descriptions of {@link #DEFAULTS}, in order, for LivingNerPipeline. */
    public static List<AnalysisEngineDescription> defaults() throws ResourceInitializationException {
        List<AnalysisEngineDescription> descriptions = new ArrayList<>();
        for (Refinement r : DEFAULTS) {
            descriptions.add(describe(new Choice(r, null)));
        }
        return descriptions;
    }

    /** Descriptions of the engines of a {@code --refine} list (see {@link #parse}). */
    public static List<AnalysisEngineDescription> fromList(String list) throws ResourceInitializationException {
        List<AnalysisEngineDescription> descriptions = new ArrayList<>();
        for (Choice choice : parse(list)) {
            descriptions.add(describe(choice));
        }
        return descriptions;
    }

    public static AnalysisEngineDescription describe(Choice choice) throws ResourceInitializationException {
        String arg = choice.argument();
        return switch (choice.refinement()) {
            case FRAGMENT_MERGER -> fragmentMerger();
            case PROPAGATION -> mentionPropagator();
            case LEXICON -> lexicon(arg == null ? LexiconAnnotator.EXAMPLE_LEXICON : arg, LexiconAnnotator.Mode.ADD);
            case LEXICON_OVERRIDE -> lexicon(arg == null ? LexiconAnnotator.EXAMPLE_LEXICON : arg,
                    LexiconAnnotator.Mode.OVERRIDE);
            case RUTA -> ruta(arg == null ? RutaRefiner.EXAMPLE_SCRIPT : arg);
        };
    }

    /**
     * Parses a {@code --refine} list. Blank or {@code none}: no engines; {@code default}: {@link #DEFAULTS}.
     *
     * @throws IllegalArgumentException naming the offending element and what is accepted
     */
    public static List<Choice> parse(String list) {
        if (list == null || list.isBlank() || list.strip().equals("none")) {
            return List.of();
        }
        if (list.strip().equals("default")) {
            return DEFAULTS.stream().map(r -> new Choice(r, null)).toList();
        }
        List<Choice> choices = new ArrayList<>();
        Set<Refinement> seen = EnumSet.noneOf(Refinement.class);
        for (String element : list.split(",", -1)) {
            String item = element.strip();
            int eq = item.indexOf('=');
            String name = eq < 0 ? item : item.substring(0, eq).strip();
            String argument = eq < 0 ? null : item.substring(eq + 1).strip();
            Refinement refinement = Refinement.byName(name);
            if (refinement == null) {
                throw new IllegalArgumentException("--refine '" + list + "': unknown engine '" + item
                        + "'; expected " + LIST_SYNTAX);
            }
            if (argument != null && (!refinement.takesArgument || argument.isEmpty())) {
                throw new IllegalArgumentException("--refine '" + list + "': '" + item + "' "
                        + (refinement.takesArgument ? "needs a path after '='" : "takes no argument")
                        + "; expected " + LIST_SYNTAX);
            }
            if (!seen.add(refinement)) {
                throw new IllegalArgumentException("--refine '" + list + "': '" + name + "' is listed twice");
            }
            choices.add(new Choice(refinement, argument));
        }
        return choices;
    }

    /** The command-line names, in their usual order. */
    public static String names() {
        return Arrays.stream(Refinement.values()).map(Refinement::cliName).collect(Collectors.joining(","));
    }
}
