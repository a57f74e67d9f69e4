package org.livingner.uima.refine;


import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.resource.ResourceInitializationException;

/**
 * Descriptions of the refinement engines, and the {@code --refine LIST} syntax of the command line:
 * a comma-separated list of {@code fragment-merger}, {@code propagation}, {@code lexicon[=LEXICON]},
 * {@code lexicon-override[=LEXICON]}, the engines other modules provide ({@link RefinementEngineProvider}: with
 * {@code livingner-ruta} on the class path, {@code ruta[=SCRIPT]}), or the words {@code default} or {@code none}.
 * Engines run in the order listed.
 */
public final class RefinementEngines {

    /** The engines of this module, by their command-line name. */
    public enum Refinement {
        FRAGMENT_MERGER("fragment-merger", false),
        PROPAGATION("propagation", false),
        LEXICON("lexicon", true),
        LEXICON_OVERRIDE("lexicon-override", true);

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

    /**
     * One element of a {@code --refine} list: an engine's name and its argument (null when not given).
     *
     * @param name     the engine's command-line name
     * @param argument what followed {@code name=}, or null
     */
    public record Choice(String name, String argument) {
        /** The element as it is written in a list. */
        @Override
        public String toString() {
            return argument == null ? name : name + "=" + argument;
        }
    }

    /**
     * The engines the pipeline runs when nothing else is asked for. Only the fragment merger: it is
     * the post-processing the reference system reports large gains from; the others stay opt-in until
     * the dev-split ablation shows they help.
     */
    public static final List<Refinement> DEFAULTS = List.of(Refinement.FRAGMENT_MERGER);

    /** The list that means {@link #DEFAULTS}. */
    public static final String DEFAULT_LIST = "default";

    /** The list that means no engine. */
    public static final String NO_ENGINES = "none";

    /** The module that provides the {@code ruta} engine, for the error when it is asked for and missing. */
    private static final String RUTA_MODULE = "org.livingner:livingner-ruta";


    /** What {@code --refine} accepts, for help texts and error messages. */
    public static final String LIST_SYNTAX = "a comma-separated list of fragment-merger, propagation,"
            + " lexicon[=LEXICON], lexicon-override[=LEXICON], ruta[=SCRIPT] (with livingner-ruta), or default, or"
            + " none";

    private RefinementEngines() {
    }

    /** The engines other modules on the class path provide. */
    public static List<RefinementEngineProvider> providers() {
        List<RefinementEngineProvider> found = new ArrayList<>();
        ServiceLoader.load(RefinementEngineProvider.class, RefinementEngines.class.getClassLoader())
                .forEach(found::add);
        return found;
    }

    private static RefinementEngineProvider provider(String name) {
        for (RefinementEngineProvider p : providers()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
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

    /** Descriptions of {@link #DEFAULTS}, in order, for LivingNerPipeline. */
    public static List<AnalysisEngineDescription> defaults() throws ResourceInitializationException {
        List<AnalysisEngineDescription> descriptions = new ArrayList<>();
        for (Refinement r : DEFAULTS) {
            descriptions.add(describe(new Choice(r.cliName(), null)));
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

    /**
     * @throws IllegalArgumentException when no engine of that name is on the class path
     */
    public static AnalysisEngineDescription describe(Choice choice) throws ResourceInitializationException {
        String arg = choice.argument();
        Refinement builtIn = Refinement.byName(choice.name());
        if (builtIn == null) {
            RefinementEngineProvider provider = provider(choice.name());
            if (provider == null) {
                throw new IllegalArgumentException(unknown(choice.name(), choice.toString()));
            }
            return provider.describe(arg);
        }
        return switch (builtIn) {
            case FRAGMENT_MERGER -> fragmentMerger();
            case PROPAGATION -> mentionPropagator();
            case LEXICON -> lexicon(arg == null ? LexiconAnnotator.EXAMPLE_LEXICON : arg, LexiconAnnotator.Mode.ADD);
            case LEXICON_OVERRIDE -> lexicon(arg == null ? LexiconAnnotator.EXAMPLE_LEXICON : arg,
                    LexiconAnnotator.Mode.OVERRIDE);
        };
    }

    private static String unknown(String name, String item) {
        return "unknown engine '" + item + "'" + (name.equals("ruta") ? " (ruta needs " + RUTA_MODULE
                + " on the class path)" : "") + "; expected " + LIST_SYNTAX;
    }

    /**
     * Parses a {@code --refine} list. Blank or {@code none}: no engines; {@code default}: {@link #DEFAULTS}.
     *
     * @throws IllegalArgumentException naming the offending element and what is accepted
     */
    public static List<Choice> parse(String list) {
        if (list == null || list.isBlank() || list.strip().equals(NO_ENGINES)) {
            return List.of();
        }
        if (list.strip().equals(DEFAULT_LIST)) {
            return DEFAULTS.stream().map(r -> new Choice(r.cliName(), null)).toList();
        }
        List<Choice> choices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String element : list.split(",", -1)) {
            String item = element.strip();
            int eq = item.indexOf('=');
            String name = eq < 0 ? item : item.substring(0, eq).strip();
            String argument = eq < 0 ? null : item.substring(eq + 1).strip();
            Refinement builtIn = Refinement.byName(name);
            RefinementEngineProvider provider = builtIn == null ? provider(name) : null;
            if (builtIn == null && provider == null) {
                throw new IllegalArgumentException("--refine '" + list + "': " + unknown(name, item));
            }
            boolean takesArgument = builtIn != null ? builtIn.takesArgument : provider.takesArgument();
            if (argument != null && (!takesArgument || argument.isEmpty())) {
                throw new IllegalArgumentException("--refine '" + list + "': '" + item + "' "
                        + (takesArgument ? "needs a path after '='" : "takes no argument")
                        + "; expected " + LIST_SYNTAX);
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("--refine '" + list + "': '" + name + "' is listed twice");
            }
            choices.add(new Choice(name, argument));
        }
        return choices;
    }

    /** The command-line names of every engine on the class path, in their usual order. */
    public static String names() {
        List<String> names = new ArrayList<>(Arrays.stream(Refinement.values()).map(Refinement::cliName).toList());
        providers().forEach(p -> names.add(p.name()));
        return String.join(",", names);
    }
}
